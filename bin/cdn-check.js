#!/usr/bin/env node
// The installed entry: everything lives in the bundle built by `npm run build` (run by `prepare` on install).
import { runCli } from '../dist/cli.js';

await runCli();

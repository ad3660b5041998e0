#!/usr/bin/env node
// The installed entry: everything lives in the bundle built by `npm run build` (run by `prepare` on install).
// `--version` alone is answered from the bundle's one-line version module, so a version check costs no
// more than starting Node; anything else (including --help, which needs commander) loads the CLI.
import module from 'node:module';
import { setFlagsFromString } from 'node:v8';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  // Root certificates parse on another thread while the CLI loads (see src/early-roots.ts).
  const { parseRootsInBackground, rootsWanted } = await import('../dist/early-roots.js');
  if (rootsWanted(args, process.env)) parseRootsInBackground();
  // undici parses HTTP with a WebAssembly module that V8 re-compiles with TurboFan in the background, and
  // the process then waits for that compile before it can exit (~80 ms on two cores). Baseline (Liftoff)
  // code parses a CLI's few responses just as well.
  setFlagsFromString('--liftoff-only');
  // Node 22.1+ keeps compiled bytecode of the bundle on disk between runs (a no-op on Node 20).
  module.enableCompileCache?.();
  const { runCli } = await import('../dist/cli.js');
  await runCli();
}

// Bundles src/cli.ts into dist/ for bin/cdn-check.js. Code splitting keeps dynamic imports
// (the lab, the report renderers) out of the start-up path of `--version` and `--help`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: new URL('..', import.meta.url).pathname,
});

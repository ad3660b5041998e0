// Bundles src/cli.ts into dist/ for bin/cdn-check.js, dependencies included: resolving packages and scanning
// CommonJS ones for their exports (undici, dns-packet, tldts ...) cost a one-site check ~70 ms of start-up.
// Code splitting keeps the driver, the lab and the renderers out of the `--help` path, and `--version`
// alone is answered by dist/version.js without loading the CLI at all (see bin/cdn-check.js).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const common = {
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: new URL(root).pathname,
};

rmSync(new URL('dist', root), { recursive: true, force: true });
// On its own, with nothing shared: `cdn-check --version` reads this one small file and nothing else.
await build({ ...common, entryPoints: { version: 'src/version.ts' } });
await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts' },
  splitting: true,
  // Bundled CommonJS packages call require() for Node built-ins: give ES modules a real one.
  banner: { js: "import { createRequire as __cdnCheckCreateRequire } from 'node:module'; const require = __cdnCheckCreateRequire(import.meta.url);" },
});

// Bundles src/cli.ts into dist/ for bin/cdn-check.js, dependencies included: resolving packages and scanning
// CommonJS ones for their exports (undici, dns-packet, tldts ...) cost a one-site check ~70 ms of start-up.
// Code splitting keeps the driver, the lab and the renderers out of the `--help` path, and `--version`
// alone is answered by dist/version.js without loading the CLI at all (see bin/cdn-check.js).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

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

// commander requires node:child_process at load, for executable subcommands that cdn-check does not have; that
// module (and what it pulls in) is ~9 ms of every --help and usage error. Loaded on first use instead. The build
// fails if commander changes the line, so an upgrade cannot silently drop or break this.
const CHILD_PROCESS = "const childProcess = require('node:child_process');";
const lazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      if (!source.includes(CHILD_PROCESS)) throw new Error(`${path}: "${CHILD_PROCESS}" not found (commander changed): update scripts/build.mjs`);
      return { contents: source.replace(CHILD_PROCESS, "const childProcess = { get spawn() { return require('node:child_process').spawn; } };"), loader: 'js' };
    });
  },
};

rmSync(new URL('dist', root), { recursive: true, force: true });
// On its own, with nothing shared: `cdn-check --version` reads this one small file and nothing else.
await build({ ...common, entryPoints: { version: 'src/version.ts' } });
await build({
  ...common,
  // prefetch.ts shares its DNS transport with the CLI (one module instance): bin/ loads it first, to send a
  // plain diagnosis's first questions before the rest of the CLI loads.
  entryPoints: { cli: 'src/cli.ts', prefetch: 'src/prefetch.ts' },
  splitting: true,
  plugins: [lazyChildProcess],
  // Bundled CommonJS packages call require() for Node built-ins: give ES modules a real one.
  banner: { js: "import { createRequire as __cdnCheckCreateRequire } from 'node:module'; const require = __cdnCheckCreateRequire(import.meta.url);" },
});

// Bundles src/cli.ts into dist/ for bin/cdn-check.js, dependencies included: resolving packages and scanning
// CommonJS ones for their exports (undici, dns-packet, tldts ...) cost a one-site check ~70 ms of start-up.
// Code splitting keeps the driver, the lab and the renderers out of the `--help` path, and `--version`
// alone is answered by dist/version.js without loading the CLI at all, and `--help` alone by dist/help.js (see
// bin/cdn-check.js).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

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

// `--help` alone: dist/help.js holds commander's Help class and the top-level help as data, described from the
// built CLI's own program with Help's methods (src/commands/top-help.ts); Help lays it out again at run time, at
// the terminal's width. In that bundle `commander` is lib/help.js alone (and the two small files it requires):
// the rest of commander (Command, node:child_process, node:events ...) is what the fast path leaves out.
const HELP_CLASS = join(dirname(createRequire(import.meta.url).resolve('commander')), 'lib', 'help.js');
const helpClassOnly = {
  name: 'commander-help-class-only',
  setup(b) {
    b.onResolve({ filter: /^commander$/ }, () => ({ path: HELP_CLASS }));
  },
};
// The describer, bundled in memory and imported from that text: it is build-time code, not shipped.
const [describer] = (await build({ ...common, entryPoints: ['src/commands/top-help.ts'], write: false, sourcemap: false, plugins: [helpClassOnly] })).outputFiles;
const { describeTopHelp } = await import(`data:text/javascript;base64,${Buffer.from(describer.contents).toString('base64')}`);
const { buildProgram } = await import(new URL('dist/cli.js', root).href);
// Only described, never parsed or run: the streams and hooks are never used.
const ignore = () => {};
const program = buildProgram({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {} }, { setAction: ignore, writeErr: ignore });
const { metafile } = await build({ ...common, entryPoints: { help: 'src/help-fast.ts' }, plugins: [helpClassOnly], define: { TOP_HELP: JSON.stringify(describeTopHelp(program)) }, metafile: true });
// The point of the file is what it leaves out: the build fails if more of commander (or any package) gets in.
const packages = Object.keys(metafile.inputs).filter((input) => input.includes('node_modules'));
const allowed = ['help.js', 'argument.js', 'error.js'].map((file) => relative(common.absWorkingDir, join(dirname(HELP_CLASS), file)));
const extra = packages.filter((input) => !allowed.includes(input));
if (extra.length > 0) throw new Error(`dist/help.js bundles more than commander's Help class: ${extra.join(', ')}`);

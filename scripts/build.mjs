// Bundles src/cli.ts into dist/ for bin/cdn-check.js. Code splitting keeps dynamic imports (the driver,
// the lab, the renderers) out of the start-up path; the packages that path needs (commander, chalk) are
// bundled in, so `--help` reads two files instead of resolving two packages, and `--version` alone is
// answered by dist/version.js without loading the CLI at all (see bin/cdn-check.js).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url);
/** Bundled: what `cdn-check --help` loads. Every other dependency stays an ordinary import. */
const BUNDLED = new Set(['commander', 'chalk']);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !BUNDLED.has(name));

const common = { outdir: 'dist', bundle: true, format: 'esm', platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: new URL(root).pathname };

rmSync(new URL('dist', root), { recursive: true, force: true });
// On its own, with nothing shared: `cdn-check --version` reads this one small file and nothing else.
await build({ ...common, entryPoints: { version: 'src/version.ts' } });
await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts' },
  splitting: true,
  external,
  // commander is CommonJS: its require() of Node built-ins needs a real require inside an ES module.
  banner: { js: "import { createRequire as __cdnCheckCreateRequire } from 'node:module'; const require = __cdnCheckCreateRequire(import.meta.url);" },
});

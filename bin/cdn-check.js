#!/usr/bin/env node
// The installed entry: everything lives in the bundle built by `npm run build` (run by `prepare` on install).
// `--version` alone is answered from the bundle's one-line version module, so a version check costs no
// more than starting Node; anything else (including --help, which needs commander) loads the CLI.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  const { runCli } = await import('../dist/cli.js');
  await runCli();
}

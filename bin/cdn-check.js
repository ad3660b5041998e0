#!/usr/bin/env node
// The installed entry: everything lives in the bundle built by `npm run build` (run by `prepare` on install).
// `--version` alone is answered from the bundle's one-line version module, so a version check costs no
// more than starting Node; `--help` alone from dist/help.js (commander's Help class and the top-level help as
// data, described from the CLI's program at build time: the same text, without loading the CLI); anything else
// (`help`, `lab --help`, `--help` with other words) loads the CLI. Nothing else is imported here: each built-in
// module loaded costs every command its start-up (node:v8 alone, ~3 ms).
import module from 'node:module';

// A bug anywhere — main thread, a stream's callback, a promise nobody awaited — is exit 70 with one line, never a
// stack trace and never a verdict's exit code (1 would tell CI "the site is down"). --debug adds the stack.
const fatal = (error) => {
  const text = error instanceof Error ? error.message : String(error);
  // Control characters out, as for any text reaching the terminal (the bundle's sanitiser may not have loaded).
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]+/g, ' ').slice(0, 300);
  process.stderr.write(`cdn-check: internal error: ${line} — please report it; rerun with --debug for details\n`);
  if (process.argv.includes('--debug') && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(70); // the process's state is unknown: nothing after this point can be trusted to finish
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(`${VERSION}\n`);
} else if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  const { printTopHelp } = await import('../dist/help.js');
  printTopHelp();
} else {
  // Node 22.1+ keeps compiled bytecode of the bundle on disk between runs (a no-op on Node 20).
  module.enableCompileCache?.();
  // A plain diagnosis's first DNS questions leave now, while the CLI loads (see src/prefetch.ts).
  const early = args.includes('--help') || args.includes('-h') ? null : await import('../dist/prefetch.js');
  const sent = early?.prefetch(args);
  const { runCli } = await import('../dist/cli.js');
  await runCli().catch(fatal);
  if (early) await sent.then(() => early.dropPrefetched());
}

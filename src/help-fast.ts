// `cdn-check --help` alone, as bin/cdn-check.js serves it (dist/help.js): commander's Help class and the top-level
// help as data, a few KB, instead of the whole CLI (all of commander, every command's definitions, node:net ...).
// The data is the built program's own, described by scripts/build.mjs; test/unit/cli/help-fast.test.ts fails
// when it no longer matches src/cli.ts (a rebuild is then due).
import { guardOutput } from './commands/output-guard.ts';
import { formatTopHelp, type TopHelp } from './commands/top-help.ts';
import { EXIT } from './types.ts';

/** describeTopHelp of the built CLI's program, put here by the build (esbuild `define`). */
declare const TOP_HELP: TopHelp;

/** The top-level help this build carries. */
export const topHelp: TopHelp = TOP_HELP;

/** What `cdn-check --help` prints on a stdout `helpWidth` columns wide (undefined: not a terminal). */
export function topHelpText(helpWidth: number | undefined): string {
  return formatTopHelp(topHelp, helpWidth);
}

/** Prints `cdn-check --help` as the CLI does: at the terminal's width, else 80 (commander's choice); 74 if it cannot be written. */
export function printTopHelp(): void {
  guardOutput(() => (process.exitCode = EXIT.ioError));
  const { stdout } = process;
  stdout.write(topHelpText(stdout.isTTY ? stdout.columns : undefined));
}

// Registers `cdn-check replay <file>` on the program: its output options, help and action. cli.ts calls this
// once; the replay modules load only when it runs.
import type { Command } from 'commander';
import type { CliIo } from '../commands/io.ts';
import type { ReplayFlags } from '../commands/replay.ts';

const REPLAY_HELP = `
A recording (--record <file>) holds every DNS answer, edge probe and remote measurement of one run, with
secrets left out. Replaying it runs the same fingerprints and verdict again, with no network at all: the
same verdicts, providers and exit code as the run that made it, in any output format.

Examples:
  $ cdn-check --record incident.json www.example.com      keep the evidence while it lasts
  $ cdn-check replay incident.json -v                     show it to someone else, later
  $ cdn-check replay incident.json --json | jq '.targets[].verdict'
  $ cdn-check lab --from-recording incident.json          the same answers, served on loopback

Exit codes: the recorded run's verdicts' (0-5); 64 when the file is unreadable, not a recording, or one
made by a newer cdn-check.
`;

/** Adds the `replay` subcommand; `setAction` receives the work to run once commander has parsed argv. */
export function registerReplay(program: Command, io: CliIo, hooks: { setAction: (action: () => Promise<number>) => void; writeErr: (s: string) => void }): void {
  program
    .command('replay')
    .description('re-run the fingerprints and the verdict on a recording (--record), with no network at all')
    .argument('<file>', 'a recording written by --record')
    .option('--json', 'print one JSON document (schemaVersion 1) on stdout')
    .option('--ndjson', 'print one JSON line per target')
    .option('--format <format>', 'text, json, ndjson, github, junit or prometheus')
    .option('-o, --output <file>', 'write the report to this file instead of stdout, atomically')
    .option('-q, --quiet', 'print nothing; the exit code is the answer')
    .option('-v, --verbose', 'add headers, certificate details and each hop\'s resolver')
    .option('--debug', 'log each step to stderr')
    .option('--color', 'ANSI colours even when stdout is not a terminal')
    .option('--no-color', 'no ANSI colours')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', REPLAY_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: hooks.writeErr })
    .action((file: string, flags: ReplayFlags) => {
      hooks.setAction(async () => {
        const { runReplay } = await import('../commands/replay.ts');
        return runReplay(file, flags, io);
      });
    });
}

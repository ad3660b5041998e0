// Registers `cdn-check audit` on the program: its options, help and action. cli.ts calls this once; the
// command's modules load only when it runs.
import { Option, type Command } from 'commander';
import type { CliIo } from '../commands/io.ts';
import type { AuditRawFlags } from './options.ts';

const AUDIT_HELP = `
What it reports (after Kashaf, Sekar, Agarwal, IMC 2020):
  DNS  the NS set grouped by provider: private (in the site's own domain) or third-party.
       critical = third-party NS only, all at one provider; redundant = two providers, or private + third-party.
       Each listed NS is asked directly (port 53, --ns-port) whether it answers for the zone, and with
       the AA bit (without it: a lame delegation).
  CDN  the serving CDN seen through each --resolver: one CDN is critical, two (DNS steering) redundant.
  via  the DNS behind the CDN's own names (akamaiedge.net, fastly.net): the CDN's own, or one third party
       that takes the CDN's names, and a site on that CDN alone, down with it (indirect, as in the paper).
  CA   the certificate's issuer, from one handshake asking for OCSP stapling: critical = third-party CA
       and no stapled response. An NS whose domain the certificate names counts as private.
  page the landing page (1 MiB at most, redirects followed within the site), parsed with parse5: the hosts
       of its scripts, stylesheets, images, fonts and frames by CDN ("if Fastly fails, 2 of 7 hosts this
       page loads fail with it"); scripts and stylesheets in <head> without async/defer are render-blocking.
       --fingerprint-only skips it and the CA handshake (DNS only).
  With several targets, a concentration table: per provider, the targets that depend on it and the share
  that would fail with it.

Findings (JSON "code"; --fail-on takes them in either spelling):
  critical-dns  critical-cdn  critical-ca  critical-indirect-dns  single-cdn-page-dependency
  ns-not-answering  ns-lame-delegation  ns-lookup-failed

Examples:
  $ cdn-check audit paytm.com zomato.com
  $ cdn-check audit --json --targets-file domains.txt | jq '.concentration'
  $ cdn-check audit --fail-on critical-dns,ns-not-answering www.example.com   # CI gate
  $ cdn-check audit --ndjson --fingerprint-only --targets-file domains.txt     # DNS only, streamed
  $ cdn-check audit --format github --fail-on critical-dns www.example.com     # annotations; job summary when GITHUB_STEP_SUMMARY is set
  $ cdn-check audit --format junit -o audit.xml --report audit.json --targets-file domains.txt

Exit codes: 0 no --fail-on finding   5 targets not checked before --deadline   6 a --fail-on finding matched
            64 usage error   130 interrupted
`;

/** Adds the `audit` subcommand; `setAction` receives the work to run once commander has parsed argv. */
export function registerAudit(program: Command, io: CliIo, hooks: { setAction: (action: () => Promise<number>) => void; writeErr: (s: string) => void; vetTargets: (targets: string[]) => void }): void {
  const collect = (value: string, previous: string[]): string[] => [...previous, value];
  program
    .command('audit')
    .description('dependencies and single points of failure: DNS providers, dead NS, CDNs, concentration across targets')
    .argument('[targets...]', 'host names or URLs')
    .option('--json', 'print one JSON document (schemaVersion 1): an audit per target and the concentration')
    .option('--ndjson', 'one JSON line per target as it finishes, then a summary line with the concentration')
    .option('--format <format>', 'text, json, ndjson, github (annotations), junit or prometheus')
    .option('-q, --quiet', 'print nothing; the exit code is the answer')
    .option('-o, --output <file>', 'write the report to this file instead of stdout, atomically (a temporary file renamed into place)')
    .option('--report <file>', 'also write the JSON report to this file, atomically, whatever --format prints')
    .addOption(new Option('--resolver <ip[:port]>', 'DNS resolver; repeat to compare (a CDN steered by resolver shows as multi-CDN)').argParser(collect).default([], 'the first in /etc/resolv.conf'))
    .addOption(new Option('--ns-port <n>', 'port the listed NS are asked on').default('53', '53'))
    .addOption(new Option('--port <n>', 'port of the TLS handshake that reads the certificate and OCSP stapling').default('443', '443'))
    .option('--fingerprint-only', 'DNS only: no TLS handshake (no CA row) and no page read; the mode for long lists')
    .option('--fail-on <codes>', 'exit 6 when a finding with one of these codes is found (comma-separated)')
    .addOption(new Option('--timeout <duration>', 'limit for one DNS query (500ms, 3s; a bare number is milliseconds)').default('3s', '3s'))
    .addOption(new Option('--deadline <duration>', 'limit for the whole audit; targets not reached are listed (exit 5)').default('10s', '10s'))
    .addOption(new Option('--concurrency <n>', 'targets audited at once').default('64', '64'))
    .option('--targets-file <file|->', 'read targets from a file, one a line (- = stdin)')
    .option('--no-color', 'no ANSI colours (NO_COLOR and a non-TTY stdout do the same)')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', AUDIT_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: hooks.writeErr })
    .action((targets: string[], flags: AuditRawFlags) => {
      hooks.setAction(async () => {
        hooks.vetTargets(targets);
        const { buildAuditOptions } = await import('./options.ts');
        const options = buildAuditOptions(targets, flags, io);
        const { runAuditToOutputs } = await import('./outputs.ts');
        return runAuditToOutputs(options, io);
      });
    });
}

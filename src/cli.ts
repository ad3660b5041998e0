// The front door: the only module that reads argv and env and decides the exit code.
// Everything else is reached through run(options, deps), so tests drive the same code in-process.
import { Command, CommanderError, Option } from 'commander';
import { registerAudit } from './audit/cli.ts';
import { registerReplay } from './record/cli.ts';
import type { CliIo } from './commands/io.ts';
import { guardOutput } from './commands/output-guard.ts';
import { LAB_HIDDEN } from './commands/lab-flags.ts';
import type { RawFlags } from './options.ts';
import type { WatchFlags } from './watch/options.ts';
import { sanitize } from './render/sanitize.ts';
import { closeWords } from './suggest.ts';
import { parseTarget } from './target.ts';
import { UsageError } from './usage.ts';
import { EXIT } from './types.ts';
import { VERSION } from './version.ts';

const EXAMPLES = `
Examples:
  On call, in a terminal:
    $ cdn-check paytm.com                       is it the site, its CDN, or my network?
    $ cdn-check https://www.hotstar.com/in -v   the same, with headers and certificates
    $ cdn-check paytm.com zomato.com swiggy.com several sites: they are evidence for each other
    $ cdn-check -6 paytm.com                    IPv6 only: AAAA records, IPv6 edges
    $ cdn-check --resolve paytm.com:443:203.0.113.7 paytm.com  one edge, no DNS

  In CI, gating a deploy (exit 1 = the site's own piece failed, 2 = its provider's piece):
    $ cdn-check --quiet --deadline 8s www.example.com; echo $?

  In scripts (extent of a provider outage: provider-wide, partial, this-site, unknown):
    $ cdn-check --json paytm.com | jq -r '.targets[0].verdict | .status + " " + (.extent // "-")'
    $ cdn-check --ndjson --fingerprint-only --targets-file domains.txt > inventory.ndjson

  Status pages: a down target's CDN and DNS host pages are read as corroboration, never as the verdict:
    $ cdn-check --status-feed akamai=https://mirror.example/akamai/summary.json paytm.com
    $ cdn-check --no-status paytm.com           read no status page

  Offline, with no network at all (real DNS and HTTPS servers on loopback):
    $ cdn-check lab --list
    $ cdn-check lab akamai-2021
    $ cdn-check lab fastly-2021-recovery          an outage as a timeline (what watch --until up is tested on)

Commands are words cdn-check owns (lab, watch, audit, providers, version, help): a host named like one
is written as a URL (https://lab/) or with a trailing dot (lab.); a bare word close to one is refused.

  Keeping the evidence of an incident, and looking at it again later (no network):
    $ cdn-check --record incident.json www.example.com
    $ cdn-check replay incident.json
    $ cdn-check lab --from-recording incident.json    a regression test: the same answers, on loopback

Proxies:
  Probes go through the HTTP CONNECT proxy in HTTPS_PROXY (http_proxy for http:// targets), one tunnel per
  edge address, as curl would; NO_PROXY and --noproxy name hosts that go direct. DNS is not proxied.

Exit codes:
  0 up (or degraded)   1 site outage      2 provider outage   3 local network
  4 degraded (--strict) 5 inconclusive    6 audit finding (cdn-check audit --fail-on)
  64 usage error       70 internal error
  74 the report could not be written (disk full)             130 interrupted (Ctrl-C)
  1: its origin, own zone, certificate or setup at the CDN failed (whatever other sites do)
  2: a piece its CDN or DNS host owns failed, however far it reaches (--json: verdict.extent)
`;

const WATCH_HELP = `
Flapping: three or more changes of one target's verdict within 15 minutes show as FLAPPING with the
pattern (PROVIDER OUTAGE → UP → PROVIDER OUTAGE → UP): no single check can be trusted then.

Examples:
  $ cdn-check watch www.example.com --until up && ./deploy.sh     wait for the CDN to recover, then deploy
  $ cdn-check watch x.com chatgpt.com --every 1m --for 2h          a screen that follows an incident
  $ cdn-check watch --ndjson --every 10s www.example.com           events: check, transition, flapping, end

Exit codes: as cdn-check's, from the last verdicts (0 with --until up); 130 on Ctrl-C, after the summary.
`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A repeatable option: each use adds one value. */
function repeatable(flags: string, description: string, shownDefault: string): Option {
  return new Option(flags, description).argParser(collect).default([], shownDefault);
}

/** An option whose default is kept as the string the user would type, validated with the user's value. */
function numeric(flags: string, description: string, value: string, shown: string): Option {
  return new Option(flags, description).default(value, shown);
}

/** The options every command shares (`cdn-check`, `lab`, `watch`); those in `hidden` are accepted but not in the help. */
function addCommonOptions(cmd: Command, hidden: ReadonlySet<string> = new Set()): Command {
  addSharedOptions(cmd);
  for (const option of cmd.options) if (option.long !== undefined && hidden.has(option.long)) option.hideHelp();
  return cmd;
}

function addSharedOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON document (schemaVersion 1) on stdout')
    .option('--ndjson', 'print one JSON line per target as soon as it is decided')
    .option('--format <format>', 'text, json, ndjson, github (workflow commands; job summary and outputs when GITHUB_STEP_SUMMARY / GITHUB_OUTPUT are set), junit (XML) or prometheus (text exposition)')
    .option('-o, --output <file>', 'write the report to this file instead of stdout, atomically (a temporary file renamed into place)')
    .option('--report <file>', 'also write the JSON report to this file, atomically, whatever --format prints (CI: annotations on stdout, data in a file)')
    .option('-q, --quiet', 'print nothing; the exit code is the answer')
    .option('--record <file>', 'also write everything the run observed (DNS answers, probes, options; no secrets) to this file, for `cdn-check replay` and `cdn-check lab --from-recording`')
    .addOption(repeatable('--resolver <ip[:port]>', 'DNS resolver to query; repeat to compare several', 'the first in /etc/resolv.conf'))
    .addOption(repeatable('--fallback-resolver <ip[:port]>', 'asked only when the primary resolver fails, and only about a public control host, never your targets', 'public resolvers, system mode only'))
    .option('--port <n>', 'TCP port for every HTTPS probe (default: 443 or the URL\'s port)')
    .option('-4, --ipv4', 'resolve and probe IPv4 only (DNS asks A, not AAAA)')
    .option('-6, --ipv6', 'resolve and probe IPv6 only (DNS asks AAAA, not A)')
    .addOption(repeatable('--resolve <host:port:addr[,addr]>', 'as curl: skip DNS for host on port and probe these addresses (IPv6 in brackets); repeatable', 'none'))
    .addOption(repeatable('--connect-to <host:port:host2:port2>', 'as curl: probe host on port at host2:port2 instead (host2 resolved; SNI and Host unchanged; empty fields match any / keep the same); repeatable', 'none'))
    .option('--http1.1', 'offer only HTTP/1.1 (default: h2 then http/1.1 by ALPN, as browsers; the report says which was spoken)')
    .option('--noproxy <list>', 'hosts not to reach through HTTPS_PROXY: comma-separated names, domains, IPs or CIDRs, * = all (replaces NO_PROXY, as curl)')
    .option('--ca-file <pem>', 'extra trusted CA certificates (NODE_EXTRA_CA_CERTS is honoured too)')
    .option('-k, --insecure', 'do not stop at TLS verification failures (they are still reported)')
    .addOption(numeric('--timeout <duration>', 'limit for one network step (500ms, 3s, 2m; a bare number is milliseconds)', '3s', '3s'))
    .addOption(numeric('--deadline <duration>', 'limit for the whole run, reading inputs included; what is known by then is reported, targets not reached are listed as not checked (exit 5)', '10s', '10s'))
    .addOption(repeatable('--canary <provider=host>', 'add a canary host for a provider id; repeatable', 'a built-in list'))
    .option('--no-builtin-canaries', 'use only --canary hosts')
    .addOption(repeatable('--control <host>', 'add a control host on another provider; repeatable', 'a built-in list'))
    .option('--no-builtin-controls', 'use only --control hosts')
    .option('--strict', 'exit 4 instead of 0 when the verdict is degraded')
    .addOption(numeric('--concurrency <n>', 'most probes in flight at once', '64', '64'))
    .option('--fingerprint-only', 'DNS chain and NS only: no TCP/TLS/HTTP probes; the verdict is "fingerprinted" (exit 0), never up or down')
    .option('--targets-file <file|->', 'read targets from a file, one a line (- = stdin; with no target given, a piped stdin is read anyway); lines over 4 KiB are skipped')
    .option('-v, --verbose', 'add headers, certificate details and each hop\'s resolver')
    .option('--debug', 'log each step with timestamps to stderr')
    .option('--color', 'ANSI colours even when stdout is not a terminal (FORCE_COLOR=1 and CLICOLOR_FORCE=1 do the same, unless NO_COLOR is set)')
    .option('--no-color', 'no ANSI colours (NO_COLOR and a non-TTY stdout do the same); the flags outrank the variables')
    // [vantage] remote vantage points (opt-in: they send the target's name to a third party)
    .option('--from <locations>', 'also measure from Globalping probes in these locations (IN,Mumbai,AS9498,eu+de,world); sends each target\'s name to Globalping (api.globalping.io), nothing else; GLOBALPING_TOKEN raises the limits, GLOBALPING_API_URL changes the API')
    .option('--probes <n>', 'Globalping probes per location with --from (default 3; at most 50 per measurement without a token)')
    .option('--max-tests <n>', 'most Globalping tests a run may spend (default 100, 400 with GLOBALPING_TOKEN; required with --targets-file)')
    // Providers' own status pages (issue 17): read for a down target as corroboration, never as the decider.
    .addOption(repeatable('--status-feed <provider=url>', 'read this provider\'s status feed from url (a mirror; * = every provider, {provider} in the url replaced by its id); repeatable', 'the provider table\'s'))
    .option('--no-status', 'do not read providers\' status pages (by default a down target\'s CDN and DNS host\'s feeds are fetched from their public URLs)');
}

/** Where the program's parse leaves what main needs: the chosen command's work, and commander's own error text. */
interface ProgramHooks {
  setAction: (action: () => Promise<number>) => void;
  writeErr: (s: string) => void;
}

/**
 * The whole command tree, run by main and also read, never run, by the build: `cdn-check --help` alone is
 * printed from what commander's Help makes of this program (scripts/build.mjs, src/help-fast.ts). Parsing only
 * hands the chosen command's work to `hooks.setAction`.
 */
export function buildProgram(io: CliIo, hooks: ProgramHooks): Command {
  const program = addCommonOptions(
    new Command('cdn-check')
      .description('Is it us, or is it our CDN? Walks the DNS chain, fingerprints the CDN and DNS host, probes every edge, and says whether an outage is site-local, provider-wide or your own network.')
      .argument('[targets...]', 'host names, URLs or IP literals')
      .version(VERSION, '-V, --version', 'print the version')
      .helpOption('-h, --help', 'show this help'),
  )
    .addHelpText('after', EXAMPLES)
    // Options after `lab` belong to lab (`cdn-check lab akamai-2021 --json`).
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: hooks.writeErr,
    })
    .action((targets: string[], flags: RawFlags) => {
      hooks.setAction(async () => {
        refuseCommandWords(targets, commandWords(program));
        const { isKnownProvider, PROVIDER_IDS } = await import('./fingerprint/match.ts');
        // Loaded here, not at the top: --help and usage errors need neither options.ts nor its colour library.
        const { buildOptions } = await import('./options.ts');
        // Targets from a pipe, as curl reads a config and sort reads lines: no target, no --targets-file, and a
        // stdin that is not a terminal (issue 15 §7). A terminal would wait for typing no one knows is expected.
        const fromStdin = targets.length === 0 && flags.targetsFile === undefined && !(io.stdin as { isTTY?: boolean }).isTTY;
        const options = buildOptions(targets, fromStdin ? { ...flags, targetsFile: '-' } : flags, io, { isProvider: isKnownProvider, providerIds: PROVIDER_IDS });
        const { run } = await import('./run/run.ts');
        const { runToOutputs } = await import('./output.ts');
        return runToOutputs(run, options, io);
      });
    });

  addCommonOptions(
    program
      .command('lab')
      .description('replay a real CDN or DNS outage on loopback (no network needed)')
      .argument('[scenario]', 'scenario name (default: akamai-2021; cdn-check lab --list lists them)')
      .argument('[targets...]', 'only these of the scenario\'s targets (default: all of them)')
      .option('--list', 'list the scenarios (the built-in ones, then the recordings in the package\'s recordings/ folder)')
      .option('--from-recording <file>', 'stand a recording (--record) up as a scenario: its DNS answers and edge responses served on loopback, its verdicts expected')
      .option('--latency <duration>', 'delay every lab DNS answer and edge response by this much, as a real network would (e.g. 80ms; default 0)')
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: hooks.writeErr }),
    LAB_HIDDEN,
  ).action((scenario: string | undefined, only: string[], flags: RawFlags & { list?: boolean; latency?: string; fromRecording?: string }, cmd: Command) => {
    // Which limits the user gave (commander knows; a value equal to the default may still be the user's):
    // the others take the scenario's own.
    const given = { timeout: cmd.getOptionValueSource('timeout') !== 'default', deadline: cmd.getOptionValueSource('deadline') !== 'default' };
    hooks.setAction(async () => {
      const { runLab } = await import('./commands/lab.ts');
      return runLab(scenario ?? null, only, flags, io, given);
    });
  });

  // ── cdn-check audit (issue 18): defined in src/audit/cli.ts, loaded and run from there ──
  registerAudit(program, io, { ...hooks, vetTargets: (targets) => refuseCommandWords(targets, commandWords(program)) });

  // ── providers: the ids --canary takes, with what names each provider (issue 15 §4) ──
  program
    .command('providers')
    .description('list every provider id with its name, roles, the evidence that names it, its built-in canaries and status page')
    .option('--json', 'print one JSON document (schemaVersion 1)')
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: hooks.writeErr })
    .action((flags: { json?: boolean }) => {
      hooks.setAction(async () => {
        const { runProviders } = await import('./commands/providers.ts');
        return runProviders(flags, io);
      });
    });

  // `cdn-check version` and `cdn-check help [command]`: words people type, never host names (issue 15 §5).
  program
    .command('version')
    .description('print the version (as -V)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: hooks.writeErr })
    .action(() => {
      hooks.setAction(() => {
        io.stdout.write(`${VERSION}\n`);
        return Promise.resolve(0);
      });
    });
  program.helpCommand('help [command]', 'show help for a command (cdn-check help lab)');

  // ── cdn-check replay (issue 19): src/record/cli.ts ──
  registerReplay(program, io, hooks);

  // ── watch: the diagnosis again and again (src/watch/); its own flags, the common ones for each round ──
  addCommonOptions(
    program
      .command('watch')
      .description('re-run the diagnosis every --every until --until holds, --for passes or Ctrl-C; a screen updated in place on a terminal, lines elsewhere, events with --ndjson')
      .argument('<targets...>', 'host names, URLs or IP literals')
      .option('--every <duration>', 'time between the starts of two checks (500ms, 30s, 2m, 1h)', '30s')
      .option('--until <up|change|down>', 'stop when every target is up (exit 0), at the first change (the new verdict\'s code), or when any target is not up')
      .option('--for <duration>', 'stop after this long, with the last verdict\'s code (default: until Ctrl-C)')
      .addHelpText('after', WATCH_HELP)
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: hooks.writeErr }),
  ).action((targets: string[], flags: RawFlags & WatchFlags) => {
    hooks.setAction(async () => {
      refuseCommandWords(targets, commandWords(program));
      const { isKnownProvider, PROVIDER_IDS } = await import('./fingerprint/match.ts');
      const { buildOptions } = await import('./options.ts');
      const { buildWatchOptions } = await import('./watch/options.ts');
      const { every, until, for: forFlag, ...common } = flags;
      if (common.record !== undefined) throw new (await import('./usage.ts')).UsageError('--record keeps one run: not with watch');
      const options = buildOptions(targets, common, io, { isProvider: isKnownProvider, providerIds: PROVIDER_IDS });
      const rules = buildWatchOptions({ every, ...(until === undefined ? {} : { until }), ...(forFlag === undefined ? {} : { for: forFlag }) }, options);
      const { watch } = await import('./watch/driver.ts');
      return watch(options, rules, { stdout: io.stdout, stderr: io.stderr, env: io.env, stdin: io.stdin, ...(io.interrupt ? { interrupt: io.interrupt } : {}) });
    });
  });

  return program;
}

/**
 * Parses argv, runs the right command and returns the exit code. Never throws: a usage error is one line
 * on stderr and 64; an unexpected exception is one line and 70.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let action: (() => Promise<number>) | null = null;
  let errLine = '';
  const program = buildProgram(io, { setAction: (a) => (action = a), writeErr: (s) => (errLine += s) });

  try {
    await program.parseAsync(argv, { from: 'user' });
    if (!action) return EXIT.usage;
    return await (action as () => Promise<number>)();
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      // A target that starts with a hyphen reaches commander as an unknown option; say what is wrong with it as a name.
      const option = /unknown option '([^']*)'/.exec(error.message)?.[1];
      const asTarget = option?.includes('.') ? parseTarget(option) : null;
      if (asTarget && !asTarget.ok) {
        io.stderr.write(`cdn-check: invalid target "${sanitize(option ?? '', 80)}": ${oneLine(asTarget.reason)}\n`);
        return EXIT.usage;
      }
      // One line, keeping commander's "(Did you mean --json?)" when it has one.
      const line = (errLine.split('\n').map((l) => l.trim()).filter(Boolean).join(' ') || error.message).replace(/^error: /, '');
      // Commander quotes the offending argument as typed: sanitised like any text that reaches the terminal.
      io.stderr.write(`cdn-check: ${oneLine(line)} (see --help)\n`);
      return EXIT.usage;
    }
    // Matched by name: options.ts (which defines UsageError) is loaded lazily.
    if (error instanceof Error && error.name === 'UsageError') {
      io.stderr.write(`cdn-check: ${oneLine(error.message)}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`cdn-check: internal error: ${oneLine(message)} — please report it; rerun with --debug for details\n`);
    if (io.env.CDN_CHECK_DEBUG_STACK && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT.internal;
  }
}

/** The words the CLI owns: its commands and `help`. A target spelled like one must be written as a URL or with a trailing dot. */
function commandWords(program: Command): string[] {
  return [...program.commands.map((c) => c.name()), 'help'];
}

/**
 * A bare word typed as a target that is, or is one typo away from, a command (`labs`, `cdn-check paytm.com lab`)
 * is a usage error, before anything is resolved: on a real network it would have been sent to DNS as a host.
 */
function refuseCommandWords(targets: readonly string[], words: readonly string[]): void {
  for (const target of targets) {
    if (!/^[a-z][a-z0-9-]*$/i.test(target)) continue; // a URL, a name with a dot ("lab."), an address: a host
    const word = target.toLowerCase();
    const close = words.includes(word) ? [word] : closeWords(word, words);
    if (close.length === 0) continue;
    const what = words.includes(word) ? `"${word}" is a command, not a target here` : `"${sanitize(target, 40)}" is not a command (did you mean ${close.join(', ')}?)`;
    throw new UsageError(`${what}; a host named so is written as a URL (https://${sanitize(word, 40)}/) or with a trailing dot (${sanitize(word, 40)}.)`);
  }
}

function oneLine(s: string): string {
  return sanitize(s, 300);
}

/** The process entry used by bin/cdn-check.js: real streams, real env, exit code via process.exitCode. */
export async function runCli(): Promise<void> {
  // Output that cannot be written: a closed pipe (`| head -1`) ends the output quietly; anything else (a full
  // disk) is one line and exit 74, whatever the verdict was.
  let outputFailed = false;
  guardOutput(() => (outputFailed = true));
  // Ctrl-C stops the run (the spinner line is cleared, the lab removes its files) and exits 130; a second one
  // does not wait for the clean-up.
  const interrupt = new AbortController();
  const onSigint = (): void => {
    if (!interrupt.signal.aborted) return interrupt.abort();
    process.off('SIGINT', onSigint);
    process.kill(process.pid, 'SIGINT'); // the default action now: killed by SIGINT, which shells report as 130

  };
  process.on('SIGINT', onSigint);
  const debug = process.argv.includes('--debug');
  const env = debug ? { ...process.env, CDN_CHECK_DEBUG_STACK: '1' } : process.env;
  const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env, interrupt: interrupt.signal });
  process.exitCode = interrupt.signal.aborted ? EXIT.interrupted : outputFailed ? EXIT.ioError : code;
}

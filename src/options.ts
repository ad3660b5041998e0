// Validates and normalises what the user typed (targets and flags) into Options; bad input is a UsageError.
import { integer, outputFiles, stepAndRunLimits, targetsFromArgs, UsageError } from './usage.ts';
import { parseResolverSpec } from './dns/system.ts';
import { decideColor } from './render/palette.ts';
import { sanitize } from './render/sanitize.ts';
import { didYouMean } from './suggest.ts';
import { SWEEP_FROM_ARGV_TARGETS } from './run/sweep.ts';
import { parseConnectTo, parsePin, type ConnectTo, type Pin } from './pins.ts';
import { parseTarget } from './target.ts';
import type { ResolverAddress, Target } from './types.ts';
import { vantageOptions, type VantageOptions } from './vantage/options.ts'; // [vantage]
import { statusOptions, type StatusOptions } from './status/options.ts';

type Format = 'text' | 'json' | 'ndjson' | 'quiet' | 'github' | 'junit' | 'prometheus';

/** --format values (`--json` and `--ndjson` are aliases of two of them; `--quiet` is not a format). */
const FORMATS: readonly Format[] = ['text', 'json', 'ndjson', 'github', 'junit', 'prometheus'];

export interface Options {
  targets: Target[];
  /** --targets-file path or "-" (streamed; see bulk mode). */
  targetsFile: string | null;
  format: Format;
  /** Explicit --resolver list; empty means "the system's" (resolv.conf), resolved in run/resolvers.ts. */
  resolvers: ResolverAddress[];
  fallbackResolvers: ResolverAddress[];
  /** --port override for every probe, else null (the target's own port). */
  port: number | null;
  caFile: string | null;
  insecure: boolean;
  timeoutMs: number;
  deadlineMs: number;
  canaries: { provider: string; host: string }[];
  builtinCanaries: boolean;
  controls: string[];
  builtinControls: boolean;
  strict: boolean;
  concurrency: number;
  fingerprintOnly: boolean;
  verbose: boolean;
  debug: boolean;
  /** Resolved colour decision (see render/palette.ts). */
  color: boolean;
  /** --noproxy list (replaces NO_PROXY, as curl), or null when not given; see probe/proxy-config.ts. */
  noproxy: string | null;
  /** [vantage] --from/--probes/--max-tests and the Globalping environment; null without --from. */
  vantage: VantageOptions | null;
  /** -o/--output: the file the report is written to (atomically, see output.ts) instead of stdout; null = stdout. */
  output: string | null;
  /** --report: a file the JSON report is also written to (atomically), whatever the format; null = none. */
  reportFile: string | null;
  /** -4 / -6: resolve and probe only that address family; null = both. */
  family: 4 | 6 | null;
  /** --resolve host:port:address pins (curl's): DNS skipped for that host on that port. */
  pins: Pin[];
  /** --connect-to host:port:host2:port2 rules (curl's), in the order given: the first match applies. */
  connectTo: ConnectTo[];
  /** --http1.1: offer only HTTP/1.1 in ALPN (default: h2 first, as browsers do). */
  http1Only: boolean;
  /** Providers' status feeds (--status-feed, --no-status): corroboration for a down target, never the decider. */
  status: StatusOptions;
  /** --record: the file the run's recording is written to (atomically, see output.ts and src/record/); null = none. */
  record: string | null;
}

/** Bad input from the user: one line on stderr, exit 64. */
/** Flags as commander hands them over (strings, before validation). */
export interface RawFlags {
  json?: boolean;
  ndjson?: boolean;
  quiet?: boolean;
  resolver: string[];
  fallbackResolver: string[];
  port?: string;
  caFile?: string;
  insecure?: boolean;
  timeout: string;
  deadline: string;
  canary: string[];
  builtinCanaries: boolean;
  control: string[];
  builtinControls: boolean;
  strict?: boolean;
  concurrency: string;
  fingerprintOnly?: boolean;
  targetsFile?: string;
  verbose?: boolean;
  debug?: boolean;
  /** true: --color, false: --no-color, undefined: neither (the environment decides). */
  color?: boolean;
  noproxy?: string;
  /** [vantage] */
  from?: string;
  probes?: string;
  maxTests?: string;
  format?: string;
  output?: string;
  report?: string;
  ipv4?: boolean;
  ipv6?: boolean;
  resolve?: string[];
  connectTo?: string[];
  'http1.1'?: boolean;
  /** false with --no-status; commander sets true otherwise. Left undefined (flags built by hand), feeds stay off. */
  status?: boolean;
  statusFeed?: string[];
  record?: string;
}

export interface OptionsIo {
  stdout: { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** What the flags are checked against: the provider ids (match.ts, loaded lazily), every id for suggestions. */
export interface KnownIds {
  isProvider: (id: string) => boolean;
  providerIds?: readonly string[];
}

/**
 * Validates every flag and target; the first problem is a UsageError whose message names the flag or the
 * target and the reason (one line, exit 64). Nothing here touches the network.
 */
export function buildOptions(inputs: string[], flags: RawFlags, io: OptionsIo, known: KnownIds): Options {
  const exclusive = [flags.json && '--json', flags.ndjson && '--ndjson', flags.quiet && '--quiet'].filter(Boolean);
  if (exclusive.length > 1) throw new UsageError(`${exclusive.join(' and ')} cannot be used together`);
  const alias: Format | null = flags.json ? 'json' : flags.ndjson ? 'ndjson' : flags.quiet ? 'quiet' : null;
  const chosen = flags.format === undefined ? null : formatOf(flags.format);
  if (chosen !== null && alias !== null && chosen !== alias) throw new UsageError(`--format ${chosen} and ${exclusive[0]} cannot be used together`);
  const format: Format = chosen ?? alias ?? 'text';
  const { output, reportFile } = outputFiles(flags, format === 'quiet');
  // A sweep streams its targets and keeps none: there is no whole report to write (use --ndjson -o).

  const targetsFile = flags.targetsFile ?? null;
  const record = flags.record === undefined ? null : flags.record;
  if (record !== null && (record === '' || record.endsWith('/'))) throw new UsageError(`--record "${printable(record)}" is not a file name`);
  // A sweep keeps nothing of the targets it has decided; a recording of it would grow without end.
  if (record !== null && targetsFile !== null) throw new UsageError('--record keeps one run of named targets: not with --targets-file');
  const targets = targetsFromArgs(inputs, targetsFile !== null, 'cdn-check paytm.com');

  const { timeoutMs, deadlineMs } = stepAndRunLimits(flags);
  // A sweep streams its targets and keeps none: there is no whole report to write.
  if (reportFile !== null && (targetsFile !== null || targets.length > SWEEP_FROM_ARGV_TARGETS)) {
    throw new UsageError(`--report needs the whole report: not with --targets-file, targets piped in, or more than ${SWEEP_FROM_ARGV_TARGETS} targets (use --ndjson -o)`);
  }

  const family = familyOf(flags);
  const pins = (flags.resolve ?? []).map((spec) => pin(spec, family));
  if (family !== null) {
    const other = targets.find((t) => t.isIp && !t.host.includes(':') !== (family === 4));
    if (other) throw new UsageError(`-${family}: target "${printable(other.input)}" is an IPv${family === 4 ? 6 : 4} address`);
  }

  const canaries = flags.canary.map((spec) => {
    const m = /^([a-z0-9-]+)=(.+)$/i.exec(spec.trim());
    if (!m) throw new UsageError(`--canary "${printable(spec)}" is not provider=host (e.g. --canary akamai=www.akamai.com)`);
    // Ids are lower case in the data and the JSON; `Akamai` is what people type after reading the report.
    const provider = m[1]!.toLowerCase();
    if (!known.isProvider(provider)) throw new UsageError(`--canary: unknown provider id "${provider}"${didYouMean(provider, known.providerIds ?? [])}; cdn-check providers lists them`);
    return { provider, host: hostOnly('--canary', m[2]!) };
  });

  return {
    targets,
    targetsFile,
    format,
    resolvers: flags.resolver.map((spec) => resolver('--resolver', spec)),
    fallbackResolvers: flags.fallbackResolver.map((spec) => resolver('--fallback-resolver', spec)),
    port: flags.port === undefined ? null : integer('--port', flags.port, 1, 65535),
    caFile: flags.caFile ?? null,
    insecure: flags.insecure ?? false,
    timeoutMs,
    deadlineMs,
    canaries,
    builtinCanaries: flags.builtinCanaries,
    controls: flags.control.map((host) => hostOnly('--control', host)),
    builtinControls: flags.builtinControls,
    strict: flags.strict ?? false,
    concurrency: integer('--concurrency', flags.concurrency, 1, 4096),
    fingerprintOnly: flags.fingerprintOnly ?? false,
    verbose: flags.verbose ?? false,
    debug: flags.debug ?? false,
    // A report written to a file (-o) is coloured only when asked to be, as when stdout is not a terminal.
    color: decideColor({ noColor: flags.color === false, color: flags.color === true, env: io.env, isTTY: Boolean(io.stdout.isTTY) && flags.output === undefined }),
    noproxy: flags.noproxy ?? null,
    vantage: vantageOptions(flags, { targets: targets.length, targetsFile: targetsFile !== null, env: io.env }), // [vantage]
    output,
    reportFile,
    family,
    pins,
    connectTo: (flags.connectTo ?? []).map(connectRule),
    http1Only: flags['http1.1'] ?? false,
    status: statusOptions(flags.status, flags.statusFeed, known.isProvider),
    record,
  };
}

function connectRule(spec: string): ConnectTo {
  const parsed = parseConnectTo(spec);
  if (!parsed.ok) throw new UsageError(`--connect-to "${printable(spec)}": ${parsed.reason}`);
  return parsed.rule;
}

function familyOf(flags: RawFlags): 4 | 6 | null {
  if (flags.ipv4 && flags.ipv6) throw new UsageError('-4 and -6 cannot be used together');
  return flags.ipv4 ? 4 : flags.ipv6 ? 6 : null;
}

/** One --resolve spec, or a UsageError; with -4/-6 it must hold an address of that family (the others are dropped). */
function pin(spec: string, family: 4 | 6 | null): Pin {
  const parsed = parsePin(spec);
  if (!parsed.ok) throw new UsageError(`--resolve "${printable(spec)}": ${parsed.reason}`);
  if (family === null) return parsed.pin;
  const addresses = parsed.pin.addresses.filter((a) => a.includes(':') === (family === 6));
  if (addresses.length === 0) throw new UsageError(`--resolve "${printable(spec)}": no IPv${family} address, and -${family} probes only IPv${family}`);
  return { ...parsed.pin, addresses };
}

function formatOf(value: string): Format {
  const format = FORMATS.find((f) => f === value.trim().toLowerCase());
  if (!format) throw new UsageError(`--format "${printable(value)}" is not one of ${FORMATS.join(', ')}`);
  return format;
}

/** A whole number in [min, max] given as `flag`'s value, or a UsageError naming the flag. */

function resolver(flag: string, spec: string): ResolverAddress {
  const parsed = parseResolverSpec(spec.trim());
  if ('code' in parsed) throw new UsageError(`${flag} "${printable(spec)}": ${parsed.message}`);
  return parsed;
}

function hostOnly(flag: string, input: string): string {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new UsageError(`${flag} "${printable(input)}": ${parsed.reason}`);
  return parsed.target.host;
}

/** Echoing user input back must not smuggle escape sequences into the terminal either. */
function printable(s: string): string {
  return sanitize(s, 80);
}

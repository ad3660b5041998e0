// Validates and normalises what the user typed (targets and flags) into Options; bad input is a UsageError.
import { integer, targetsFromArgs, UsageError } from './usage.ts';
import { parseResolverSpec } from './dns/system.ts';
import { decideColor } from './render/palette.ts';
import { sanitize } from './render/sanitize.ts';
import { parseTarget } from './target.ts';
import type { ResolverAddress, Target } from './types.ts';
import { vantageOptions, type VantageOptions } from './vantage/options.ts'; // [vantage]

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
  record?: string;
}

export interface OptionsIo {
  stdout: { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/**
 * Validates every flag and target; the first problem is a UsageError whose message names the flag or the
 * target and the reason (one line, exit 64). Nothing here touches the network.
 */
export function buildOptions(inputs: string[], flags: RawFlags, io: OptionsIo, known: { isProvider: (id: string) => boolean }): Options {
  const exclusive = [flags.json && '--json', flags.ndjson && '--ndjson', flags.quiet && '--quiet'].filter(Boolean);
  if (exclusive.length > 1) throw new UsageError(`${exclusive.join(' and ')} cannot be used together`);
  const alias: Format | null = flags.json ? 'json' : flags.ndjson ? 'ndjson' : flags.quiet ? 'quiet' : null;
  const chosen = flags.format === undefined ? null : formatOf(flags.format);
  if (chosen !== null && alias !== null && chosen !== alias) throw new UsageError(`--format ${chosen} and ${exclusive[0]} cannot be used together`);
  const format: Format = chosen ?? alias ?? 'text';
  const output = flags.output === undefined ? null : flags.output;
  if (output !== null && (output === '' || output.endsWith('/'))) throw new UsageError(`--output "${printable(output)}" is not a file name`);
  if (output !== null && format === 'quiet') throw new UsageError('--output and --quiet cannot be used together');

  const targetsFile = flags.targetsFile ?? null;
  const record = flags.record === undefined ? null : flags.record;
  if (record !== null && (record === '' || record.endsWith('/'))) throw new UsageError(`--record "${printable(record)}" is not a file name`);
  // A sweep keeps nothing of the targets it has decided; a recording of it would grow without end.
  if (record !== null && targetsFile !== null) throw new UsageError('--record keeps one run of named targets: not with --targets-file');
  const targets = targetsFromArgs(inputs, targetsFile !== null, 'cdn-check paytm.com');

  const timeoutMs = integer('--timeout', flags.timeout, 1, 600_000);
  const deadlineMs = integer('--deadline', flags.deadline, 1, 3_600_000);
  if (deadlineMs < timeoutMs) throw new UsageError(`--deadline ${deadlineMs} is shorter than --timeout ${timeoutMs}`);

  const canaries = flags.canary.map((spec) => {
    const m = /^([a-z0-9-]+)=(.+)$/.exec(spec.trim());
    if (!m) throw new UsageError(`--canary "${printable(spec)}" is not provider=host (e.g. --canary akamai=www.akamai.com)`);
    const provider = m[1]!;
    if (!known.isProvider(provider)) throw new UsageError(`--canary: unknown provider id "${provider}"`);
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
    record,
  };
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

// Validates `cdn-check audit` flags into AuditOptions; bad input is a UsageError (one line, exit 64).
import { parseResolverSpec } from '../dns/system.ts';
import { integer, outputFiles, stepAndRunLimits, targetsFromArgs, UsageError } from '../usage.ts';
import { decideColor } from '../render/palette.ts';
import { sanitize } from '../render/sanitize.ts';
import type { ResolverAddress, Target } from '../types.ts';
import { AUDIT_CODES, parseFailOn, type AuditCode } from './analyze.ts';

const FORMATS = ['text', 'json', 'ndjson', 'github', 'junit', 'prometheus'] as const;
type AuditFormat = (typeof FORMATS)[number] | 'quiet';

export interface AuditOptions {
  targets: Target[];
  targetsFile: string | null;
  format: AuditFormat;
  /** Explicit --resolver list; empty means the system's (resolv.conf). */
  resolvers: ResolverAddress[];
  nsPort: number;
  /** Port of the TLS handshake that reads the certificate (--port, 443). */
  tlsPort: number;
  failOn: AuditCode[];
  timeoutMs: number;
  deadlineMs: number;
  concurrency: number;
  color: boolean;
  /** DNS only: no TLS handshake (no CA row) and no page read. */
  fingerprintOnly: boolean;
  /** -o/--output: the file the report is written to (atomically) instead of stdout; null = stdout. */
  output: string | null;
  /** --report: the file the JSON document is also written to, whatever the format; null = none. */
  reportFile: string | null;
}

/** Flags as commander hands them over for `audit`. */
export interface AuditRawFlags {
  json?: boolean;
  ndjson?: boolean;
  format?: string;
  quiet?: boolean;
  resolver: string[];
  nsPort: string;
  port: string;
  failOn?: string;
  timeout: string;
  deadline: string;
  concurrency: string;
  targetsFile?: string;
  color: boolean;
  fingerprintOnly?: boolean;
  output?: string;
  report?: string;
}

export function buildAuditOptions(inputs: string[], flags: AuditRawFlags, io: { stdout: { isTTY?: boolean }; env: Record<string, string | undefined> }): AuditOptions {
  const format = auditFormat(flags);
  const targetsFile = flags.targetsFile ?? null;
  const targets = targetsFromArgs(inputs, targetsFile !== null, 'cdn-check audit paytm.com');
  const failOn = flags.failOn === undefined ? { codes: [], unknown: [] } : parseFailOn(flags.failOn);
  if (failOn.unknown.length > 0) {
    const known = AUDIT_CODES.map((c) => c.toLowerCase().replaceAll('_', '-')).join(', ');
    throw new UsageError(`--fail-on: unknown finding "${sanitize(failOn.unknown[0] ?? '', 80)}" (known: ${known})`);
  }
  if (flags.failOn !== undefined && failOn.codes.length === 0) throw new UsageError('--fail-on needs at least one finding code');
  const { timeoutMs, deadlineMs } = stepAndRunLimits(flags);
  const { output, reportFile } = outputFiles(flags, format === 'quiet');
  return {
    targets,
    targetsFile,
    format,
    resolvers: flags.resolver.map((spec) => {
      const parsed = parseResolverSpec(spec.trim());
      if ('code' in parsed) throw new UsageError(`--resolver "${sanitize(spec, 80)}": ${parsed.message}`);
      return parsed;
    }),
    nsPort: integer('--ns-port', flags.nsPort, 1, 65535),
    tlsPort: integer('--port', flags.port, 1, 65535),
    failOn: failOn.codes,
    timeoutMs,
    deadlineMs,
    concurrency: integer('--concurrency', flags.concurrency, 1, 4096),
    fingerprintOnly: flags.fingerprintOnly === true,
    output,
    reportFile,
    // A file is not a terminal: -o gets no colour unless asked for (FORCE_COLOR).
    color: decideColor({ noColor: !flags.color, env: io.env, isTTY: Boolean(io.stdout.isTTY) && output === null }),
  };
}

/** --format, --json, --ndjson and --quiet → one format; two that disagree are a usage error. */
function auditFormat(flags: AuditRawFlags): AuditFormat {
  if (flags.format !== undefined && !(FORMATS as readonly string[]).includes(flags.format)) {
    throw new UsageError(`--format "${sanitize(flags.format, 40)}": expected one of ${FORMATS.join(', ')}`);
  }
  const asked = [flags.format as AuditFormat | undefined, flags.json ? 'json' : undefined, flags.ndjson ? 'ndjson' : undefined, flags.quiet ? 'quiet' : undefined].filter((f): f is AuditFormat => f !== undefined);
  const distinct = [...new Set(asked)];
  if (distinct.length > 1) throw new UsageError(`${distinct.map((f) => (f === 'quiet' ? '--quiet' : `--format ${f}`)).join(' and ')} cannot be used together`);
  return distinct[0] ?? 'text';
}

// The one error a user's input can cause, and the number check every command's flags share. Kept apart from
// options.ts so that the modules options.ts builds on (vantage, audit, watch options) can use them too.
import { parseDuration } from './duration.ts';
import { sanitize } from './render/sanitize.ts';
import { parseTarget } from './target.ts';
import type { Target } from './types.ts';

/** Bad input: one line on stderr and exit 64. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `value` as a whole number in [min, max], or a UsageError naming `flag`. */
export function integer(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} "${sanitize(value, 80)}" is not a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${flag} ${n} is out of range (${min}–${max})`);
  return n;
}

/**
 * A bare number below this is refused: `--timeout 5` meant 5 seconds to anyone who knows `curl -m` or `dig +time=`,
 * and 5 ms would fail every step (issue 15). 0 stays allowed where the flag allows it: zero is zero in any unit.
 */
const SMALLEST_BARE_MS = 50;

/**
 * `value` as a duration in whole milliseconds in [minMs, maxMs] ("3s", "500ms", "2m", "1h"; a bare number is ms),
 * or a UsageError naming `flag`. A bare number from 1 to 49 is refused with the seconds it probably meant.
 */
export function durationFlag(flag: string, value: string, minMs: number, maxMs: number): number {
  const text = value.trim();
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UsageError(`${flag} "${sanitize(value, 80)}" ${parsed.reason}`);
  if (/^\d+(?:\.\d+)?$/.test(text) && parsed.ms > 0 && parsed.ms < SMALLEST_BARE_MS) {
    throw new UsageError(`${flag} ${text}: a bare number is milliseconds; did you mean ${text}s? (write ${text}ms if you meant milliseconds)`);
  }
  if (parsed.ms < minMs || parsed.ms > maxMs) throw new UsageError(`${flag} ${asTyped(parsed.ms)} is out of range (${asTyped(minMs)}–${asTyped(maxMs)})`);
  return parsed.ms;
}

/** A limit echoed back in the largest unit that states it exactly ("90s", "1500ms", "2m", "24h"): never rounded. */
export function asTyped(ms: number): string {
  if (ms > 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms > 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** --timeout (one network step) and --deadline (the whole run), as every diagnosing command takes them. */
export function stepAndRunLimits(flags: { timeout: string; deadline: string }): { timeoutMs: number; deadlineMs: number } {
  const timeoutMs = durationFlag('--timeout', flags.timeout, 1, 600_000);
  const deadlineMs = durationFlag('--deadline', flags.deadline, 1, 3_600_000);
  if (deadlineMs < timeoutMs) throw new UsageError(`--deadline ${asTyped(deadlineMs)} is shorter than --timeout ${asTyped(timeoutMs)}`);
  return { timeoutMs, deadlineMs };
}

/**
 * The targets typed on the command line, or a UsageError naming the first invalid one; with none and no targets
 * file, a UsageError suggesting `example` (each command's own way of being called).
 */
export function targetsFromArgs(inputs: readonly string[], hasTargetsFile: boolean, example: string): Target[] {
  const targets = inputs.map((input) => {
    const parsed = parseTarget(input);
    if (!parsed.ok) throw new UsageError(`invalid target "${sanitize(input, 80)}": ${parsed.reason}`);
    return parsed.target;
  });
  if (targets.length === 0 && !hasTargetsFile) throw new UsageError(`no target given (try: ${example})`);
  return targets;
}

/**
 * -o/--output and --report as file names: neither empty nor a directory (trailing /), not the same file, and
 * no -o with --quiet (nothing would be written). Null for a flag not given.
 */
export function outputFiles(flags: { output?: string; report?: string }, quiet: boolean): { output: string | null; reportFile: string | null } {
  const output = flags.output ?? null;
  if (output !== null && (output === '' || output.endsWith('/'))) throw new UsageError(`--output "${sanitize(output, 80)}" is not a file name`);
  if (output !== null && quiet) throw new UsageError('--output and --quiet cannot be used together');
  const reportFile = flags.report ?? null;
  if (reportFile !== null && (reportFile === '' || reportFile.endsWith('/'))) throw new UsageError(`--report "${sanitize(reportFile, 80)}" is not a file name`);
  if (reportFile !== null && reportFile === output) throw new UsageError('--report and --output name the same file');
  return { output, reportFile };
}

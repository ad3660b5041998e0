// The one error a user's input can cause, and the number check every command's flags share. Kept apart from
// options.ts so that the modules options.ts builds on (vantage, audit, watch options) can use them too.
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

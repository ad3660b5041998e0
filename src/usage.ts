// The one error a user's input can cause, and the number check every command's flags share. Kept apart from
// options.ts so that the modules options.ts builds on (vantage, audit, watch options) can use them too.
import { sanitize } from './render/sanitize.ts';

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

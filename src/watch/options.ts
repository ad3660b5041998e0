// Validates watch's own flags (--every, --until, --for) into WatchOptions; bad input is a UsageError (exit 64).
import type { Options } from '../options.ts';
import { durationFlag, UsageError } from '../usage.ts';
import { sanitize } from '../render/sanitize.ts';
import { SWEEP_FROM_ARGV_TARGETS } from '../run/sweep.ts';
import type { Until } from './timeline.ts';

export interface WatchFlags {
  every: string;
  until?: string;
  for?: string;
}

export interface WatchOptions {
  everyMs: number;
  until: Until | null;
  forMs: number | null;
}

const UNTIL: readonly Until[] = ['up', 'change', 'down'];
const MIN_EVERY_MS = 10;
const MAX_EVERY_MS = 24 * 3_600_000;
// Under setTimeout's limit (2^31 - 1 ms, about 24.8 days): a longer timer would fire at once.
const MAX_FOR_MS = 7 * 24 * 3_600_000;

/** Watch's flags, and what of the common ones a watch cannot do (one JSON document, a targets file, a sweep). */
export function buildWatchOptions(flags: WatchFlags, common: Options): WatchOptions {
  if (common.format === 'json') throw new UsageError('watch prints events as they happen: use --ndjson instead of --json');
  if (common.targetsFile !== null) throw new UsageError('watch takes its targets on the command line, not --targets-file');
  if (common.targets.length > SWEEP_FROM_ARGV_TARGETS) throw new UsageError(`watch follows at most ${SWEEP_FROM_ARGV_TARGETS} targets (${common.targets.length} given)`);
  const everyMs = durationFlag('--every', flags.every, MIN_EVERY_MS, MAX_EVERY_MS);
  const until = flags.until === undefined ? null : (UNTIL.find((u) => u === flags.until?.trim().toLowerCase()) ?? null);
  if (flags.until !== undefined && until === null) throw new UsageError(`--until "${sanitize(flags.until, 40)}" is not one of: ${UNTIL.join(', ')}`);
  const forMs = flags.for === undefined ? null : durationFlag('--for', flags.for, 0, MAX_FOR_MS);
  if (forMs === 0) throw new UsageError('--for 0 would end the watch before its first check');
  return { everyMs, until, forMs };
}

// Durations as people type them on the command line ("30s", "500ms", "2m", "1h"; a bare number is ms).
// Pure: shared by every flag that takes a duration.

/** Milliseconds per unit; the longest suffix is tried first, so "ms" is never read as "m" + "s". */
const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

export type DurationResult = { ok: true; ms: number } | { ok: false; reason: string };

/**
 * Parses "30s", "1.5s", "500ms", "2m", "1h" or a bare number of milliseconds into whole ms (rounded).
 * Rejects empty input, negative numbers, unknown units, compound forms ("1m30s") and values over `maxMs`.
 */
export function parseDuration(input: string, maxMs = Number.MAX_SAFE_INTEGER): DurationResult {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(input.trim());
  if (!m) return { ok: false, reason: 'is not a duration (e.g. 500ms, 30s, 2m, 1h; a bare number is ms)' };
  const unit = (m[2]?.toLowerCase() ?? 'ms') as keyof typeof UNITS;
  const ms = Math.round(Number(m[1]) * UNITS[unit]);
  if (!Number.isFinite(ms) || ms > maxMs) return { ok: false, reason: `is too long (at most ${formatDuration(maxMs)})` };
  return { ok: true, ms };
}

/**
 * A duration for people: "850ms" under a second, then "42s", "42m45s", "3h05m" (seconds dropped past an hour).
 * Negative or non-finite input shows "0s".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0s';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

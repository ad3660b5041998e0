// The probe's timing arithmetic (httpstat's t0…t5 on one clock): instants come from
// performance.now() at step boundaries; a step's duration is the span between two of them.
// The HTTP step starts where the transport ended, so connect + tls + http adds up to the total.

/** Rounds to 0.01 ms: finer than any network step, coarse enough for stable JSON. */
export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * Duration between two instants on the same clock, rounded; null when either is missing (a step
 * that never started or never got that far). A span that runs backwards clamps to 0.
 */
export function span(from: number | null | undefined, to: number | null | undefined): number | null {
  if (from === undefined || from === null || to === undefined || to === null) return null;
  return roundMs(Math.max(0, to - from));
}

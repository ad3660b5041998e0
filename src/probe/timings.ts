// The probe's one timing model (httpstat's t0…t5 on a single clock): marks taken with
// performance.now() at step boundaries, turned into per-step durations here, purely.

/** Instants in ms on one monotonic clock. A mark is absent when its moment never came. */
export interface Marks {
  start: number;
  /** TCP connected. */
  connected?: number;
  /** TLS handshake finished (absent for http://). */
  secured?: number;
  /** The HTTP request was handed to the socket. */
  requestSent?: number;
  /** Response status line and headers parsed. */
  headers?: number;
  /** The body was read to its end or to the cap. */
  done?: number;
}

/** Per-step durations in ms; null when the step did not finish (or never started). */
export interface Phases {
  connectMs: number | null;
  tlsMs: number | null;
  /** Server processing: request sent → response headers. */
  firstByteMs: number | null;
  /** The HTTP step: end of the previous step → body done. */
  httpMs: number | null;
}

/** Rounds to 0.01 ms: finer than any network step, coarse enough for stable JSON. */
export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** Duration between two marks, rounded; null when either is missing. Negative spans clamp to 0. */
export function span(from: number | undefined, to: number | undefined): number | null {
  if (from === undefined || to === undefined) return null;
  return roundMs(Math.max(0, to - from));
}

/**
 * Durations of the steps that completed. The HTTP step starts where the transport ended (after TLS,
 * or after TCP for http://), so connect + tls + http adds up to the total of a complete probe.
 */
export function phases(marks: Marks): Phases {
  const transportEnd = marks.secured ?? marks.connected;
  return {
    connectMs: span(marks.start, marks.connected),
    tlsMs: span(marks.connected, marks.secured),
    firstByteMs: span(marks.requestSent, marks.headers),
    httpMs: span(transportEnd, marks.done),
  };
}

/** Elapsed ms since `from` at instant `now` (for a step that failed midway), rounded. */
export function since(from: number, now: number): number {
  return roundMs(Math.max(0, now - from));
}

// The probe's timing arithmetic (httpstat's t0…t5 on one clock): instants come from
// performance.now() at step boundaries; a step's duration is the span between two of them.
// The HTTP step starts where the transport ended, so connect + tls + http adds up to the total.
import type { EdgeTimings } from '../types.ts';

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

/** The instants (performance.now()) a probe passed, null for the ones it never reached. */
export interface ProbeInstants {
  /** Time to get the addresses before the probe started, ms (0 when no DNS was needed). */
  namelookupMs: number;
  start: number;
  /** TCP connected (through a proxy: the tunnel open). */
  connected: number | null;
  /** TLS done (equal to `connected` for http://; null for a failed or absent handshake on https). */
  secured: number | null;
  /** Response headers in. */
  firstByte: number | null;
  /** Body read, or the failure. */
  end: number;
  /** Whether a TLS handshake was part of the probe (https). */
  tls: boolean;
}

/**
 * httpstat's phases and curl's cumulative times (see EdgeTimings) from a probe's instants. Pure. Cumulative times
 * are rounded from the instants themselves, so they agree with the per-phase spans to within 0.01 ms.
 */
export function edgeTimings(at: ProbeInstants): EdgeTimings {
  const dns = roundMs(Math.max(0, at.namelookupMs));
  const since = (instant: number | null): number | null => (instant === null ? null : roundMs(at.namelookupMs + Math.max(0, instant - at.start)));
  const secured = at.connected === null ? null : at.secured;
  const firstByte = secured === null ? null : at.firstByte;
  return {
    dnsLookup: dns,
    tcpConnection: span(at.start, at.connected),
    tlsHandshake: at.tls ? span(at.connected, secured) : null,
    serverProcessing: span(secured, firstByte),
    contentTransfer: firstByte === null ? null : span(firstByte, at.end),
    namelookup: dns,
    connect: since(at.connected),
    pretransfer: since(secured),
    starttransfer: since(firstByte),
    total: since(at.end) ?? dns,
  };
}

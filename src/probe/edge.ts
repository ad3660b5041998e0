// Probes one edge address: TCP → TLS (SNI = the target host) → one HTTP/1.1 GET, pinned to that
// address, each step timed on one clock and bounded; the outcome is always an EdgeProbe value.
import type { Socket } from 'node:net';
import { ipFamily } from '../ip.ts';
import type { EdgeProbe, ErrorInfo, HttpResult, StepResult, TlsResult } from '../types.ts';
import { DEFAULT_BODY_LIMIT } from './body.ts';
import { openTcp, startTls, tlsFacts, type Bounds } from './connect.ts';
import { edgeLabel, stepError } from './errors.ts';
import { exchange, type Exchange } from './http.ts';
import { roundMs, span } from './timings.ts';

export interface ProbeOptions {
  /** Target host: SNI (unless an IP literal), certificate name and Host header. */
  host: string;
  /** Path plus query, starting with "/". */
  path: string;
  scheme: 'https' | 'http';
  port: number;
  /** Limit for each step (connect, handshake, response headers, body), ms. */
  timeoutMs: number;
  /** The run's deadline: when it aborts, the step in flight ends with DEADLINE and the socket closes. */
  signal?: AbortSignal;
  /** Full trust store (loadTrust); omitted = Node's defaults. Pass the SAME array to every probe: the
   *  TLS context is built once per array (~20 ms for Node's full root store), keyed by its identity. */
  ca?: string[];
  /** Continue to HTTP when verification fails (the failure is still reported). */
  insecure: boolean;
  /** Decoded body bytes kept (default 16 KiB). */
  bodyLimit?: number;
  /** Full User-Agent, e.g. "cdn-check/0.1.0". */
  userAgent?: string;
  /** Host header override (the target's authority); default: host, bracketed for IPv6, plus port when not the scheme's default. */
  hostHeader?: string;
}

const DEFAULT_PORT = { https: 443, http: 80 } as const;

/** The Host header a browser would send for `host` on `port`. */
export function hostHeaderFor(host: string, port: number, scheme: 'https' | 'http'): string {
  const name = ipFamily(host) === 6 ? `[${host}]` : host;
  return port === DEFAULT_PORT[scheme] ? name : `${name}:${port}`;
}

function failed(error: ErrorInfo, ms: number | null): StepResult {
  return { ok: false, ms, error };
}

function httpResult(ex: Exchange, transportEnd: number): HttpResult {
  const location = ex.status !== null && ex.status >= 300 && ex.status < 400 ? ex.headers['location'] : undefined;
  return {
    ok: ex.outcome.ok,
    ms: span(transportEnd, ex.outcome.at),
    error: ex.outcome.ok ? null : ex.outcome.error,
    status: ex.status,
    reason: ex.reason,
    headers: ex.headers,
    location: (Array.isArray(location) ? location[0] : location) ?? null,
    body: ex.body,
    bodyTruncated: ex.bodyTruncated,
    firstByteMs: span(ex.requestSent, ex.headersAt),
  };
}

/**
 * Probes `address` (an IP literal; anything else fails at tcp with INVALID_ADDRESS, since no second
 * name lookup may happen here).
 * - A step that fails ends the probe: later steps are null. A run deadline that fires mid-step marks
 *   that step DEADLINE; one already fired marks tcp DEADLINE with ms null (never started).
 * - Certificate failures stop at TLS (tls.ok=false, error = the verify code) unless `insecure`, in
 *   which case tls.ok=true, verified=false, verifyError set, and HTTP runs.
 * - `http.ok` means a complete response (within the body cap) arrived; a 5xx is ok with its status.
 * Never rejects; every socket and timer it opened is closed when it resolves.
 */
export async function probeEdge(address: string, opts: ProbeOptions): Promise<EdgeProbe> {
  const start = performance.now();
  const where = edgeLabel(address, opts.port);
  const family = ipFamily(address);
  const base = { address, family: family === 6 ? (6 as const) : (4 as const), port: opts.port, tls: null, http: null };
  const finish = (probe: Omit<EdgeProbe, 'totalMs'>, end: number): EdgeProbe => ({ ...probe, totalMs: roundMs(end - start) });

  if (family === 0) return finish({ ...base, tcp: failed(stepError('tcp', 'INVALID_ADDRESS', where, 'not an IP literal'), null) }, start);
  if (opts.signal?.aborted) return finish({ ...base, tcp: failed(stepError('tcp', 'DEADLINE', where), null) }, start);

  const bounds: Bounds = { timeoutMs: opts.timeoutMs, signal: opts.signal, where };
  const open: Socket[] = []; // raw and TLS sockets alike: all destroyed when the probe resolves
  try {
    const { socket, outcome: connected } = await openTcp(address, opts.port, bounds);
    open.push(socket);
    const tcpMs = span(start, connected.at);
    if (!connected.ok) return finish({ ...base, tcp: failed(connected.error, tcpMs) }, connected.at);
    const tcp: StepResult = { ok: true, ms: tcpMs, error: null };

    let transport: Socket = socket;
    let transportEnd = connected.at;
    let tls: TlsResult | null = null;
    if (opts.scheme === 'https') {
      const handshake = await startTls(socket, { host: opts.host, ca: opts.ca }, bounds);
      open.push(handshake.tls);
      const tlsMs = span(connected.at, handshake.outcome.at);
      if (!handshake.outcome.ok) {
        return finish({ ...base, tcp, tls: { ...emptyTls(), ok: false, ms: tlsMs, error: handshake.outcome.error } }, handshake.outcome.at);
      }
      const facts = tlsFacts(handshake.tls, opts.host, where);
      if (facts.verifyError !== null && !opts.insecure) {
        handshake.tls.destroy();
        return finish({ ...base, tcp, tls: { ...facts, ok: false, ms: tlsMs, error: facts.verifyError } }, handshake.outcome.at);
      }
      tls = { ...facts, ok: true, ms: tlsMs, error: null };
      transport = handshake.tls;
      transportEnd = handshake.outcome.at;
    }

    const ex = await exchange(
      transport,
      {
        hostHeader: opts.hostHeader ?? hostHeaderFor(opts.host, opts.port, opts.scheme),
        path: opts.path,
        userAgent: opts.userAgent ?? 'cdn-check',
        bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
      },
      bounds,
    );
    return finish({ ...base, tcp, tls, http: httpResult(ex, transportEnd) }, ex.outcome.at);
  } catch (error) {
    // A bug, not an edge's behaviour: still a value, so one probe cannot sink the report.
    const end = performance.now();
    return finish({ ...base, tcp: failed({ code: 'INTERNAL', message: `probe ${where}: ${String(error)}` }, span(start, end)) }, end);
  } finally {
    for (const socket of open) socket.destroy();
  }
}

function emptyTls(): Omit<TlsResult, 'ok' | 'ms' | 'error'> {
  return { protocol: null, alpn: null, cipher: null, subject: null, subjectAltNames: [], issuer: null, validFrom: null, validTo: null, verified: false, verifyError: null };
}

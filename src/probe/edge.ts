// Probes one edge address: TCP → TLS (SNI = the target host, ALPN h2 + http/1.1) → one GET over HTTP/2
// (node:http2) or HTTP/1.1 (undici) as the edge chose, pinned to that
// address (directly, or through an HTTP CONNECT tunnel to it), each step timed on one clock and bounded;
// the outcome is always an EdgeProbe value.
import type { Socket } from 'node:net';
import { ipFamily } from '../ip.ts';
import type { EdgeProbe, ErrorInfo, HttpResult, StepResult, TlsResult, TunnelResult } from '../types.ts';
import { DEFAULT_BODY_LIMIT } from '../defaults.ts';
import { alpnOffer, openTcp, secureContextFor, startTls, tlsFacts, type Bounds } from './connect.ts';
import { edgeLabel, stepError } from './errors.ts';
import type * as HttpClient from './http.ts';
import type { Exchange } from './http.ts';
import type { ProxyServer } from './proxy-config.ts';
import { openTunnel } from './tunnel.ts';
import { edgeTimings, roundMs, span, type ProbeInstants } from './timings.ts';

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
  /** Reach the edge through this HTTP CONNECT proxy (a tunnel to the edge's address); null/omitted = direct. */
  proxy?: ProxyServer | null;
  /** --http1.1: offer only HTTP/1.1 in ALPN (default: h2 first, then http/1.1). */
  http1Only?: boolean;
  /** How long name resolution took before this probe, ms: the start of the cumulative timings (default 0). */
  namelookupMs?: number;
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

/** A failed TCP connect to the proxy, as PROXY_CONNECT_FAILED keeping the socket's code (DEADLINE stays DEADLINE). */
function proxyUnreachable(error: ErrorInfo, proxy: ProxyServer): ErrorInfo {
  if (error.code === 'DEADLINE') return error;
  const said = error.message.slice(error.message.indexOf(': ') + 2);
  return stepError('tcp', 'PROXY_CONNECT_FAILED', proxy.label, `${error.code}: ${said}`);
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
    protocol: ex.protocol,
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
 * - With `proxy`: tcp is the connect to the proxy (PROXY_CONNECT_FAILED keeping the socket's code when it
 *   fails), `tunnel` the CONNECT for this address; a tunnel refused or broken fails tcp with its PROXY_* code
 *   too, since the edge was not reached. `via` names the proxy (never its credentials).
 * Never rejects; every socket and timer it opened is closed when it resolves.
 */
let httpClient: Promise<typeof HttpClient> | null = null;

/**
 * The HTTP step's module: node:http2 for the edges that choose h2, and the door to undici's client (http.ts's
 * loadHttp1) for HTTP/1.1 ones. It is loaded while the first TCP and TLS handshakes are on the wire rather than
 * before the first SYN leaves. The first call starts the import; later calls share it.
 */
export function loadHttpClient(): Promise<typeof HttpClient> {
  return (httpClient ??= import('./http.ts'));
}

export async function probeEdge(address: string, opts: ProbeOptions): Promise<EdgeProbe> {
  const start = performance.now();
  const where = edgeLabel(address, opts.port);
  const family = ipFamily(address);
  const proxy = opts.proxy ?? null;
  const base = { address, family: family === 6 ? (6 as const) : (4 as const), port: opts.port, via: proxy ? `proxy ${proxy.label}` : null, tunnel: null, tls: null, http: null };
  // The instants reached so far, for the timings: each step records its own as it succeeds.
  const reached: Omit<ProbeInstants, 'end'> = { namelookupMs: opts.namelookupMs ?? 0, start, connected: null, secured: null, firstByte: null, tls: opts.scheme === 'https' };
  const finish = (probe: Omit<EdgeProbe, 'totalMs' | 'timings'>, end: number): EdgeProbe => ({ ...probe, totalMs: roundMs(end - start), timings: edgeTimings({ ...reached, end }) });

  if (family === 0) return finish({ ...base, tcp: failed(stepError('tcp', 'INVALID_ADDRESS', where, 'not an IP literal'), null) }, start);
  if (opts.signal?.aborted) return finish({ ...base, tcp: failed(stepError('tcp', 'DEADLINE', where), null) }, start);

  const bounds: Bounds = { timeoutMs: opts.timeoutMs, signal: opts.signal, where };
  const http = loadHttpClient();
  http.catch(() => {}); // a failed import is awaited (and reported) below if this probe gets that far
  // HTTP/1.1 known before the handshake: undici's client loads while TCP and TLS are on the wire. (Otherwise ALPN
  // decides, and an h2 edge never loads it.)
  if (opts.scheme === 'http' || opts.http1Only) http.then((client) => client.loadHttp1()).catch(() => {});
  const open: Socket[] = []; // raw and TLS sockets alike: all destroyed when the probe resolves
  try {
    // Through a proxy, TCP goes to the proxy and CONNECT asks it for a tunnel to this very address (not the
    // host name), so each edge is still tested on its own; TLS and HTTP then run over the tunnel unchanged.
    const connecting = proxy ? openTcp(proxy.host, proxy.port, { ...bounds, where: proxy.label }) : openTcp(address, opts.port, bounds);
    // The SYN is on its way: build the TLS context (the root store, on a first probe) while its answer is awaited,
    // rather than after it, on the handshake's path. Cached: later probes find it built.
    if (opts.scheme === 'https') secureContextFor(opts.ca);
    const { socket, outcome: connected } = await connecting;
    open.push(socket);
    const tcpMs = span(start, connected.at);
    if (!connected.ok) return finish({ ...base, tcp: failed(proxy ? proxyUnreachable(connected.error, proxy) : connected.error, tcpMs) }, connected.at);
    const tcp: StepResult = { ok: true, ms: tcpMs, error: null };

    let transport: Socket = socket;
    let transportEnd = connected.at;
    let tunnel: TunnelResult | null = null;
    if (proxy) {
      const tunnelled = await openTunnel(socket, where, proxy, opts.userAgent ?? 'cdn-check', { ...bounds, where: proxy.label });
      const error = tunnelled.ok ? null : tunnelled.error;
      tunnel = { ok: tunnelled.ok, ms: span(connected.at, tunnelled.at), error, status: tunnelled.status };
      // The edge was not reached: the connection step failed, with the proxy's code, as a direct refusal would.
      if (error) return finish({ ...base, tcp: failed(error, tcpMs), tunnel }, tunnelled.at);
      transportEnd = tunnelled.at;
    }
    reached.connected = transportEnd;
    if (opts.scheme !== 'https') reached.secured = transportEnd;
    const withTunnel = { ...base, tunnel };

    let tls: TlsResult | null = null;
    if (opts.scheme === 'https') {
      const handshake = await startTls(socket, { host: opts.host, ca: opts.ca, alpn: alpnOffer(opts.http1Only ?? false) }, bounds);
      open.push(handshake.tls);
      const tlsMs = span(transportEnd, handshake.outcome.at);
      if (!handshake.outcome.ok) {
        return finish({ ...withTunnel, tcp, tls: { ...emptyTls(), ok: false, ms: tlsMs, error: handshake.outcome.error } }, handshake.outcome.at);
      }
      const facts = tlsFacts(handshake.tls, opts.host, where);
      if (facts.verifyError !== null && !opts.insecure) {
        handshake.tls.destroy();
        return finish({ ...withTunnel, tcp, tls: { ...facts, ok: false, ms: tlsMs, error: facts.verifyError } }, handshake.outcome.at);
      }
      tls = { ...facts, ok: true, ms: tlsMs, error: null };
      transport = handshake.tls;
      transportEnd = handshake.outcome.at;
      reached.secured = transportEnd;
    }

    const { exchange } = await http;
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
    reached.firstByte = ex.headersAt;
    return finish({ ...withTunnel, tcp, tls, http: httpResult(ex, transportEnd) }, ex.outcome.at);
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

// What one HTTP exchange produces and the bounds it runs under, shared by both wire versions: http1.ts (undici, for
// HTTP/1.1) and h2.ts (node:http2) only translate their library's events into the calls of one ExchangeStep, so the
// timers, the body cap and decoding, the DEADLINE and the single settling live here once.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ErrorInfo, HeaderMap, HttpProtocol } from '../types.ts';
import { createBodySink, type BodySink } from './body.ts';
import type { Bounds, StepOutcome } from './connect.ts';
import { stepError } from './errors.ts';

/** Response headers larger than this are refused (HEADERS_OVERFLOW): real CDN headers stay far below. */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Sent like a browser: some edges and WAFs answer header-less clients differently, and we must
 * handle compressed error pages anyway (many edges compress regardless). Decoding is capped (body.ts).
 */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

export interface RequestParams {
  /** Host header value (authority), e.g. "paytm.com" or "[::1]:8443". */
  hostHeader: string;
  /** Path plus query, starting with "/". */
  path: string;
  userAgent: string;
  /** Decoded body bytes kept. */
  bodyLimit: number;
}

/** What the exchange produced; partial fields stay at their empty values when it failed early. */
export interface Exchange {
  outcome: StepOutcome;
  requestSent: number | null;
  headersAt: number | null;
  status: number | null;
  reason: string | null;
  headers: HeaderMap;
  body: string;
  bodyTruncated: boolean;
  /** "h2" when the TLS handshake chose HTTP/2 (node:http2 then speaks it on the socket), else "http/1.1". */
  protocol: HttpProtocol;
}

/**
 * Response headers as a map with no prototype, so a header named like an object key (`__proto__`, `constructor`)
 * is kept as data: on a plain `{}`, `map['__proto__'] = value` would set nothing and the header would vanish.
 */
export function headerMap(headers: Record<string, string | string[] | undefined>): HeaderMap {
  const map = Object.create(null) as HeaderMap;
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) map[name] = value;
  return map;
}

/** Body bytes as text: UTF-8, invalid sequences replaced (error pages are what we read them for). */
function textOf(bytes: Buffer): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** The HTTP version this socket will carry: what ALPN chose on a TLS socket, HTTP/1.1 otherwise (plain http://). */
export function protocolOf(socket: Socket): HttpProtocol {
  return (socket as Partial<TLSSocket>).alpnProtocol === 'h2' ? 'h2' : 'http/1.1';
}

/** The calls a wire version makes as its exchange goes; every call after the step settled is ignored. */
export interface ExchangeStep {
  /** The request is being written now. */
  sent(): void;
  /** The final response's head (interim 1xx are the caller's to skip): starts the body's bound and sink. */
  respond(status: number, reason: string | null, headers: HeaderMap): void;
  /** Raw (still encoded) body bytes. */
  data(chunk: Buffer): void;
  /** The response ended cleanly; without a final head that is HTTP_PARSE_ERROR. */
  end(): void;
  /** The exchange failed. */
  fail(error: ErrorInfo): void;
  /** Whether the outcome is decided (then the caller has nothing more to do). */
  settled(): boolean;
  /** Whether the final response head arrived. */
  responded(): boolean;
}

/**
 * Starts the step's bounds: response headers within `bounds.timeoutMs` of now (HTTP_TIMEOUT), the body within the
 * same limit again from the headers (BODY_TIMEOUT), the run's deadline (DEADLINE), the kept body by `bodyLimit`.
 * `close` releases the wire version's client and socket; it runs once, when the step settles, before `done`
 * resolves. An already-aborted signal settles at once: check `settled()` before starting any I/O.
 */
export function boundExchange(socket: Socket, params: RequestParams, bounds: Bounds, close: () => void): { step: ExchangeStep; done: Promise<Exchange> } {
  let resolve!: (exchange: Exchange) => void;
  const done = new Promise<Exchange>((r) => (resolve = r));
  const result: Exchange = {
    outcome: { ok: true, at: 0 },
    requestSent: null,
    headersAt: null,
    status: null,
    reason: null,
    headers: {},
    body: '',
    bodyTruncated: false,
    protocol: protocolOf(socket),
  };
  let settled = false;
  let sink: BodySink | null = null;
  const limitStep = (code: string, what: string): NodeJS.Timeout =>
    setTimeout(() => settle(stepError('http', code, bounds.where, `${what} within ${bounds.timeoutMs} ms`)), bounds.timeoutMs);
  // The step's first bound: response headers within the timeout of the step starting.
  let timer = limitStep('HTTP_TIMEOUT', 'no response headers');

  const settle = (error: ErrorInfo | null): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    bounds.signal?.removeEventListener('abort', onAbort);
    if (sink && error !== null && result.body === '') result.body = textOf(sink.partial()); // what arrived before the failure
    sink?.destroy();
    const at = performance.now();
    result.outcome = error === null ? { ok: true, at } : { ok: false, at, error };
    close();
    socket.destroy();
    resolve(result);
  };
  const onAbort = (): void => settle(stepError('http', 'DEADLINE', bounds.where));

  const step: ExchangeStep = {
    sent() {
      if (!settled) result.requestSent = performance.now();
    },
    respond(status, reason, headers) {
      if (settled || sink) return;
      result.headersAt = performance.now();
      result.status = status;
      result.reason = reason;
      result.headers = headers;
      clearTimeout(timer);
      timer = limitStep('BODY_TIMEOUT', 'body not read');
      sink = createBodySink(headers['content-encoding'], params.bodyLimit, (outcome) => {
        result.body = textOf(outcome.bytes);
        result.bodyTruncated = outcome.truncated;
        settle(outcome.decodeError === null ? null : stepError('http', 'BODY_DECODE_ERROR', bounds.where, outcome.decodeError));
      });
    },
    data(chunk) {
      if (!settled) sink?.write(chunk);
    },
    end() {
      if (settled) return;
      if (sink) sink.end();
      else settle(stepError('http', 'HTTP_PARSE_ERROR', bounds.where, 'response ended without a final status'));
    },
    fail: settle,
    settled: () => settled,
    responded: () => sink !== null,
  };

  bounds.signal?.addEventListener('abort', onAbort, { once: true });
  if (bounds.signal?.aborted) onAbort();
  return { step, done };
}

// The HTTP half of a probe: one GET over the already-connected socket, parsed by undici (a Client
// whose connector hands over our socket, so undici never resolves or dials anything itself). When the
// handshake negotiated h2 by ALPN, undici's client sees `alpnProtocol === 'h2'` on that socket and speaks
// HTTP/2 over it (its client-h2 half), so both versions share this one code path and its bounds.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Dispatcher } from 'undici';
// Only the Client (HTTP/1.1, and HTTP/2 when ALPN chose it): undici's index also loads fetch, WebSocket, caches and Node's own copy of undici,
// ~45 ms of start-up for a one-site check that needs none of them. (undici has no "exports" map, so the
// path is public; the lockfile pins it, and the probe tests fail if it ever moves.)
import Client from 'undici/lib/dispatcher/client.js';
import type { ErrorInfo, HeaderMap, HttpProtocol } from '../types.ts';
import { createBodySink, type BodySink } from './body.ts';
import type { Bounds, StepOutcome } from './connect.ts';
import { errorFrom, stepError } from './errors.ts';

/** Response headers larger than this are refused (HEADERS_OVERFLOW): real CDN headers stay far below. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Sent like a browser: some edges and WAFs answer header-less clients differently, and we must
 * handle compressed error pages anyway (many edges compress regardless). Decoding is capped (body.ts).
 */
const ACCEPT_ENCODING = 'gzip, deflate, br';

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
  /** "h2" when the TLS handshake chose HTTP/2 (undici then speaks HTTP/2 on the socket), else "http/1.1". */
  protocol: HttpProtocol;
}

const ignore = (): void => {};

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
function protocolOf(socket: Socket): HttpProtocol {
  return (socket as Partial<TLSSocket>).alpnProtocol === 'h2' ? 'h2' : 'http/1.1';
}

/** An origin URL for undici's bookkeeping only: the connector below ignores it. */
function originFor(where: string): string {
  return `http://${where}`;
}

/**
 * Sends one GET over `socket` and reads the response: headers bounded by `bounds.timeoutMs` from the
 * step's start (HTTP_TIMEOUT), the body by the same limit again from the headers (BODY_TIMEOUT),
 * headers by MAX_HEADER_BYTES (HEADERS_OVERFLOW), the kept body by `bodyLimit`. Redirects are not
 * followed. Resolves once, never rejects; the socket and the client are closed when it does.
 */
export function exchange(socket: Socket, params: RequestParams, bounds: Bounds): Promise<Exchange> {
  return new Promise((resolve) => {
    let handedOver = false;
    const client = new Client(originFor(bounds.where), {
      // One socket, one request: a second connect (undici retrying after a failure) must not dial.
      // The callback must come asynchronously: undici ignores a resume re-entered from inside connect.
      connect: (_options, callback) => {
        if (handedOver) {
          process.nextTick(() => callback(Object.assign(new Error('edge socket already used'), { code: 'ECONNRESET' }), null));
          return;
        }
        handedOver = true;
        process.nextTick(() => callback(null, socket));
      },
      // undici's own timers tick at ~1 s resolution: ours below decide, these are only a backstop.
      headersTimeout: bounds.timeoutMs * 2,
      bodyTimeout: bounds.timeoutMs * 2,
      maxHeaderSize: MAX_HEADER_BYTES,
      pipelining: 1,
    });
    client.on('connectionError', ignore);

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
      client.destroy().catch(ignore);
      socket.destroy();
      resolve(result);
    };
    const onAbort = (): void => settle(stepError('http', 'DEADLINE', bounds.where));

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart() {
        // undici calls this right before writing the request to the socket.
        result.requestSent = performance.now();
      },
      onResponseStart(_controller, statusCode, headers, statusMessage) {
        if (statusCode < 200) return; // interim 1xx: the real response follows
        result.headersAt = performance.now();
        result.status = statusCode;
        result.reason = statusMessage ? statusMessage : null;
        result.headers = headerMap(headers);
        clearTimeout(timer);
        timer = limitStep('BODY_TIMEOUT', 'body not read');
        sink = createBodySink(result.headers['content-encoding'], params.bodyLimit, (outcome) => {
          result.body = textOf(outcome.bytes);
          result.bodyTruncated = outcome.truncated;
          settle(outcome.decodeError === null ? null : stepError('http', 'BODY_DECODE_ERROR', bounds.where, outcome.decodeError));
        });
      },
      onResponseData(_controller, chunk) {
        sink?.write(chunk);
      },
      onResponseEnd() {
        if (sink) sink.end();
        else settle(stepError('http', 'HTTP_PARSE_ERROR', bounds.where, 'response ended without a final status'));
      },
      onResponseError(_controller, error) {
        settle(errorFrom('http', error, bounds.where));
      },
    };

    bounds.signal?.addEventListener('abort', onAbort, { once: true });
    if (bounds.signal?.aborted) {
      onAbort();
      return;
    }
    client.dispatch(
      {
        path: params.path,
        method: 'GET',
        reset: true,
        headers: {
          host: params.hostHeader,
          'user-agent': params.userAgent,
          accept: '*/*',
          'accept-encoding': ACCEPT_ENCODING,
        },
      },
      handler,
    );
  });
}

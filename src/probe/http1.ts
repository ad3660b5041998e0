// The HTTP/1.1 half of a probe: one GET over the already-connected socket, parsed by undici (a Client whose
// connector hands over our socket, so undici never resolves or dials anything itself). Its own module, loaded only
// when an edge speaks HTTP/1.1 (ALPN http/1.1 or none, --http1.1, plain http://): undici's client is ~450 KB of
// bundle and ~40 ms of CPU to load, which an HTTP/2 probe (h2.ts, node:http2) does not pay.
import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';
// Only the Client: undici's index also loads fetch, WebSocket, caches and Node's own copy of undici,
// ~45 ms of start-up for a one-site check that needs none of them. (undici has no "exports" map, so the
// path is public; the lockfile pins it, and the probe tests fail if it ever moves.)
import Client from 'undici/lib/dispatcher/client.js';
import type { Bounds } from './connect.ts';
import { errorFrom } from './errors.ts';
import { boundExchange, headerMap, MAX_HEADER_BYTES, ACCEPT_ENCODING, type Exchange, type RequestParams } from './exchange.ts';

const ignore = (): void => {};

/** An origin URL for undici's bookkeeping only: the connector below ignores it. */
function originFor(where: string): string {
  return `http://${where}`;
}

/**
 * Sends one GET over `socket` in HTTP/1.1 and reads the response within the bounds of exchange.ts, headers by
 * MAX_HEADER_BYTES (HEADERS_OVERFLOW, llhttp's count of the raw header section). Redirects are not followed.
 * Resolves once, never rejects; the socket and the client are closed when it does.
 */
export function exchangeHttp1(socket: Socket, params: RequestParams, bounds: Bounds): Promise<Exchange> {
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
    // undici's own timers tick at ~1 s resolution: ours (exchange.ts) decide, these are only a backstop.
    headersTimeout: bounds.timeoutMs * 2,
    bodyTimeout: bounds.timeoutMs * 2,
    maxHeaderSize: MAX_HEADER_BYTES,
    pipelining: 1,
  });
  client.on('connectionError', ignore);
  const { step, done } = boundExchange(socket, params, bounds, () => void client.destroy().catch(ignore));
  if (step.settled()) return done;

  const handler: Dispatcher.DispatchHandler = {
    onRequestStart() {
      // undici calls this right before writing the request to the socket.
      step.sent();
    },
    onResponseStart(_controller, statusCode, headers, statusMessage) {
      if (statusCode < 200) return; // interim 1xx: the real response follows
      step.respond(statusCode, statusMessage ? statusMessage : null, headerMap(headers));
    },
    onResponseData(_controller, chunk) {
      step.data(chunk);
    },
    onResponseEnd() {
      step.end();
    },
    onResponseError(_controller, error) {
      step.fail(errorFrom('http', error, bounds.where));
    },
  };
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
  return done;
}

// The HTTP half of a probe: one GET over the already-connected socket, in the version the edge chose. HTTP/2 (ALPN
// h2: the lab's edges and most CDNs) goes through node:http2 (h2.ts); HTTP/1.1 (ALPN http/1.1 or none, --http1.1,
// plain http://) through undici's client (http1.ts), which is imported only then: it is ~450 KB of bundle and
// ~40 ms of CPU to load, on the path between the handshake and the GET. Both share exchange.ts's bounds and result.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Bounds } from './connect.ts';
import { errorFrom } from './errors.ts';
import { boundExchange, protocolOf, type Exchange, type RequestParams } from './exchange.ts';
import { exchangeH2 } from './h2.ts';
import type * as Http1 from './http1.ts';

export { headerMap, type Exchange, type RequestParams } from './exchange.ts';

let http1: Promise<typeof Http1> | null = null;

/**
 * The HTTP/1.1 client's module; the first call starts the import, later calls share it. Call it ahead of need when
 * HTTP/1.1 is known before the handshake (--http1.1, http://), so the load overlaps the network.
 */
export function loadHttp1(): Promise<typeof Http1> {
  return (http1 ??= import('./http1.ts'));
}

/**
 * Sends one GET over `socket` and reads the response: headers bounded by `bounds.timeoutMs` from the step's start
 * (HTTP_TIMEOUT), the body by the same limit again from the headers (BODY_TIMEOUT), headers by 64 KiB
 * (HEADERS_OVERFLOW), the kept body by `bodyLimit`; HTTP/2 when the socket's ALPN chose it, else HTTP/1.1.
 * Redirects are not followed. Resolves once, never rejects; the socket is closed when it does.
 */
export async function exchange(socket: Socket, params: RequestParams, bounds: Bounds): Promise<Exchange> {
  if (protocolOf(socket) === 'h2') return exchangeH2(socket as TLSSocket, params, bounds);
  try {
    return (await loadHttp1()).exchangeHttp1(socket, params, bounds);
  } catch (error) {
    // The client's module did not load (a broken install): the step fails as a value, and the socket closes.
    const { step, done } = boundExchange(socket, params, bounds, () => {});
    step.fail(errorFrom('http', error, bounds.where));
    return done;
  }
}

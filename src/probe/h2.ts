// The HTTP/2 half of a probe: one GET on one stream of a node:http2 session over the TLS socket whose handshake
// chose h2 by ALPN. Node's own client, not undici's: loading undici's client costs ~40 ms of CPU between the
// handshake and the GET, and node:http2 is built in. The bounds are exchange.ts's, shared with HTTP/1.1.
import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import type { ErrorInfo, HeaderMap } from '../types.ts';
import type { Bounds } from './connect.ts';
import { errorFrom, h2ErrorCode, stepError } from './errors.ts';
import { boundExchange, headerMap, MAX_HEADER_BYTES, ACCEPT_ENCODING, type Exchange, type RequestParams } from './exchange.ts';

/**
 * Node applies our SETTINGS_MAX_HEADER_LIST_SIZE only once the edge has acknowledged it, a round trip after the
 * request left, so the first response's headers are measured here instead (headerListSize). These two hard bounds
 * hold meanwhile: Node refuses a header block of more entries than this (each counts at least 32 bytes, so a block
 * this long is over MAX_HEADER_BYTES anyway) or past the session's memory, by resetting the stream itself.
 */
const MAX_HEADER_PAIRS = Math.ceil(MAX_HEADER_BYTES / 32);
/** Megabytes (Node's unit, 1 at least) a session may hold: one stream and a 64 KiB window need far less. */
const MAX_SESSION_MEMORY_MB = 1;

/** A header block's size as HTTP/2 counts it (RFC 9113 §6.5.2): name + value + 32 per entry, pseudo-headers included. */
function headerListSize(headers: IncomingHttpHeaders): number {
  let size = 0;
  for (const [name, value] of Object.entries(headers)) {
    for (const one of Array.isArray(value) ? value : [value]) size += Buffer.byteLength(name) + Buffer.byteLength(String(one)) + 32;
  }
  return size;
}

/**
 * Response headers as the HTTP/1.1 path reports them: no pseudo-headers, and a header sent once as one string (Node
 * gives `set-cookie` as an array even then; undici, and so the HTTP/1.1 path, only makes arrays of repeats).
 */
function responseHeaders(headers: IncomingHttpHeaders): HeaderMap {
  const plain: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':')) continue;
    plain[name] = Array.isArray(value) && value.length === 1 ? value[0] : value;
  }
  return headerMap(plain);
}

/**
 * Sends one GET over `socket` (TLS, ALPN h2) on one HTTP/2 stream and reads the response within the bounds of
 * exchange.ts. Interim 1xx heads are skipped; response headers over MAX_HEADER_BYTES (name + value + 32 per entry,
 * HPACK-decoded) are HEADERS_OVERFLOW; a stream reset, a GOAWAY or a session error is coded by errors.ts's
 * table of HTTP/2 error codes. Redirects are not followed. Resolves once, never rejects; the session and the
 * socket are closed when it does.
 */
export function exchangeH2(socket: TLSSocket, params: RequestParams, bounds: Bounds): Promise<Exchange> {
  let session: ClientHttp2Session | null = null;
  const { step, done } = boundExchange(socket, params, bounds, () => session?.destroy());
  if (step.settled()) return done;

  // What the session said before the stream closed: a GOAWAY's code, or its error.
  let goaway: number | null = null;
  let sessionError: unknown = null;
  let stream: ClientHttp2Stream;
  try {
    session = connect(`https://${bounds.where}`, {
      // Our socket, already connected and handshaken: node:http2 neither resolves nor dials.
      createConnection: () => socket,
      maxHeaderListPairs: MAX_HEADER_PAIRS,
      maxSessionMemory: MAX_SESSION_MEMORY_MB,
      // Told to the edge (it should not send more), enforced by Node only once acknowledged: see headerListSize.
      settings: { enablePush: false, maxHeaderListSize: MAX_HEADER_BYTES },
    });
    session.on('error', (error: unknown) => (sessionError = error));
    session.on('goaway', (code: number) => (goaway = code));
    stream = session.request(
      {
        [constants.HTTP2_HEADER_METHOD]: 'GET',
        [constants.HTTP2_HEADER_SCHEME]: 'https',
        [constants.HTTP2_HEADER_AUTHORITY]: params.hostHeader,
        [constants.HTTP2_HEADER_PATH]: params.path,
        'user-agent': params.userAgent,
        accept: '*/*',
        'accept-encoding': ACCEPT_ENCODING,
      },
      { endStream: true },
    );
  } catch (error) {
    // A session or request Node refused to start (a destroyed socket, say): still a coded value.
    step.fail(errorFrom('http', error, bounds.where));
    return done;
  }
  let streamError: unknown = null;
  const failed = (): void => step.fail(closedEarly(stream.rstCode, goaway, streamError ?? sessionError, step.responded(), bounds.where));
  stream.on('error', (error: unknown) => (streamError = error));
  // The HEADERS frame goes to nghttp2 once the stream has an id: at once on a session already set up, else on 'ready'.
  if (stream.pending) stream.once('ready', () => step.sent());
  else step.sent();
  // 'response' is the final head only: interim 1xx heads come as 'headers' and are left alone.
  stream.once('response', (headers) => {
    const size = headerListSize(headers);
    if (size > MAX_HEADER_BYTES) step.fail(stepError('http', 'HEADERS_OVERFLOW', bounds.where, `${size} bytes of response headers, over ${MAX_HEADER_BYTES}`));
    else step.respond(Number(headers[constants.HTTP2_HEADER_STATUS]), null, responseHeaders(headers));
  });
  stream.on('data', (chunk: Buffer) => step.data(chunk));
  // A stream that is reset or cut off with its session also ends its body: only an end with no error code is one.
  // After it, the stream closes while a compressed body may still be decoding: that close is no failure.
  let ended = false;
  stream.once('end', () => {
    if (stream.rstCode !== constants.NGHTTP2_NO_ERROR) return failed();
    ended = true;
    step.end();
  });
  stream.once('close', () => {
    if (!ended) failed();
  });
  return done;
}

/**
 * Why the stream closed before its response ended, most telling first: the GOAWAY's code when the edge sent one with
 * an error; the session's or socket's own error (a reset socket, a frame nghttp2 refused), unless it only restates
 * the stream's close code; the stream's close code (a reset by the edge, or by this client when a header block broke
 * the hard bounds above, which Node does not tell apart); else the edge simply closed it.
 */
function closedEarly(rstCode: number | undefined, goaway: number | null, error: unknown, responded: boolean, where: string): ErrorInfo {
  const restatesCode = typeof error === 'object' && error !== null && 'code' in error && error.code === 'ERR_HTTP2_STREAM_ERROR';
  const detail = (what: string, code: number): string => {
    const said = typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' ? `: ${error.message}` : '';
    return `HTTP/2 ${what} error code ${code}${said}`;
  };
  if (goaway !== null && goaway !== constants.NGHTTP2_NO_ERROR) return stepError('http', h2ErrorCode(goaway), where, detail('GOAWAY with', goaway));
  if (error !== null && !restatesCode) return errorFrom('http', error, where);
  if (rstCode !== undefined && rstCode !== constants.NGHTTP2_NO_ERROR) return stepError('http', h2ErrorCode(rstCode), where, detail('stream closed with', rstCode));
  return stepError('http', 'ECONNRESET', where, responded ? 'stream closed before the body ended' : 'stream closed before a response');
}

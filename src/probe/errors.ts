// Turns whatever Node, OpenSSL, node:http2 or undici threw into one stable code per failure, as data: the verdict
// and the JSON contract key on these codes, so library spellings never leak into them.
import type { ErrorInfo } from '../types.ts';

/** The steps of a probe, in order; 'proxy' is the CONNECT exchange when the probe goes through a proxy. */
export type Step = 'tcp' | 'proxy' | 'tls' | 'http';

/** Library/system codes → our stable codes. Codes absent here and in PREFIXES fall back per step. */
const ALIASES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'ECONNREFUSED',
  ECONNRESET: 'ECONNRESET',
  EPIPE: 'ECONNRESET',
  ECONNABORTED: 'ECONNRESET',
  EHOSTUNREACH: 'EHOSTUNREACH',
  ENETUNREACH: 'ENETUNREACH',
  EADDRNOTAVAIL: 'EADDRNOTAVAIL',
  // A local firewall rule (nftables drop/reject in OUTPUT) fails connect() with these.
  EACCES: 'EACCES',
  EPERM: 'EPERM',
  ENOBUFS: 'ENOBUFS',
  ETIMEDOUT: 'CONNECT_TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'CONNECT_TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'HTTP_TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'BODY_TIMEOUT',
  UND_ERR_HEADERS_OVERFLOW: 'HEADERS_OVERFLOW',
  // undici's "other side closed": the edge hung up before a complete response.
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_CLOSED: 'ECONNRESET',
  UND_ERR_DESTROYED: 'ECONNRESET',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'HTTP_PARSE_ERROR',
  // node:http2: the session or stream went away under the request (socket closed, GOAWAY, destroyed).
  ERR_HTTP2_GOAWAY_SESSION: 'ECONNRESET',
  ERR_HTTP2_STREAM_CANCEL: 'ECONNRESET',
  ERR_HTTP2_INVALID_SESSION: 'ECONNRESET',
  ERR_HTTP2_INVALID_STREAM: 'ECONNRESET',
  // nghttp2 refused what the edge sent (a bad frame, a broken header block): the edge did not speak valid HTTP/2.
  ERR_HTTP2_ERROR: 'HTTP_PARSE_ERROR',
  ERR_HTTP2_TOO_MANY_INVALID_FRAMES: 'HTTP_PARSE_ERROR',
  ERR_TLS_CERT_ALTNAME_INVALID: 'ERR_TLS_CERT_ALTNAME_INVALID',
};

/**
 * HTTP/2 error codes (RFC 9113 §7) an edge gives in RST_STREAM or GOAWAY, by number. An edge that gave up on the
 * request is ECONNRESET, as an HTTP/1.1 edge closing the connection is; a wire violation is HTTP_PARSE_ERROR;
 * the rest (SETTINGS_TIMEOUT, CONNECT_ERROR, ENHANCE_YOUR_CALM, INADEQUATE_SECURITY, HTTP_1_1_REQUIRED, codes
 * not in the RFC) HTTP_FAILED, with the number kept in the message.
 */
const H2_ERROR_CODES: Readonly<Record<number, string>> = {
  0x0: 'ECONNRESET', // NO_ERROR: closed, but before the response ended
  0x1: 'HTTP_PARSE_ERROR', // PROTOCOL_ERROR
  // 0x2 INTERNAL_ERROR: HTTP_FAILED, since Node also closes a stream with it when it refuses a header block itself
  0x3: 'HTTP_PARSE_ERROR', // FLOW_CONTROL_ERROR
  0x5: 'HTTP_PARSE_ERROR', // STREAM_CLOSED
  0x6: 'HTTP_PARSE_ERROR', // FRAME_SIZE_ERROR
  0x7: 'ECONNRESET', // REFUSED_STREAM
  0x8: 'ECONNRESET', // CANCEL
  0x9: 'HTTP_PARSE_ERROR', // COMPRESSION_ERROR
};

/** The stable code for an HTTP/2 error code received in RST_STREAM or GOAWAY. */
export function h2ErrorCode(code: number): string {
  return H2_ERROR_CODES[code] ?? FALLBACK.http;
}

/** Families of codes recognised by prefix (llhttp's HPE_*, OpenSSL's ERR_SSL_*). */
const PREFIXES: readonly (readonly [prefix: string, code: string])[] = [
  ['HPE_', 'HTTP_PARSE_ERROR'],
  ['ERR_SSL_', 'TLS_HANDSHAKE_FAILED'],
  ['ERR_TLS_', 'TLS_HANDSHAKE_FAILED'],
];

/** Error classes recognised by name when they carry no usable code (undici's parser errors often don't). */
const NAMES: Readonly<Record<string, string>> = {
  HTTPParserError: 'HTTP_PARSE_ERROR',
  HeadersOverflowError: 'HEADERS_OVERFLOW',
  HeadersTimeoutError: 'HTTP_TIMEOUT',
  BodyTimeoutError: 'BODY_TIMEOUT',
};

/** What a failure of unknown kind is called, by the step it happened in. */
const FALLBACK: Readonly<Record<Step, string>> = {
  tcp: 'CONNECT_FAILED',
  proxy: 'PROXY_CLOSED',
  tls: 'TLS_HANDSHAKE_FAILED',
  http: 'HTTP_FAILED',
};

/**
 * The codes of a probe that went through an HTTP CONNECT proxy and did not get a tunnel, with their wording: a
 * registry, so the README's list and the code cannot drift apart (a test holds them together). They are reported
 * on the `tcp` step (the edge was not reached) and on the probe's `tunnel`.
 */
export const PROXY_CODES = {
  PROXY_CONNECT_FAILED: 'cannot reach the proxy',
  PROXY_REFUSED: 'the proxy refused the tunnel',
  PROXY_TIMEOUT: 'the proxy did not answer CONNECT in time',
  PROXY_MALFORMED: 'the proxy did not answer CONNECT with valid HTTP',
  PROXY_CLOSED: 'the proxy closed the connection before answering CONNECT',
} as const;

/** Human wording of our own codes (library messages are kept as detail). */
const WORDING: Readonly<Record<string, string>> = {
  ...PROXY_CODES,
  // A colon, not parentheses: the library's detail follows in parentheses ("…: nothing listening (connect ECONNREFUSED …)").
  ECONNREFUSED: 'connection refused: nothing listening',
  ECONNRESET: 'connection reset by the edge',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'no local address can reach it',
  EACCES: 'blocked by a firewall on this machine',
  EPERM: 'blocked by a firewall on this machine',
  ENOBUFS: 'no buffer space on this machine',
  CONNECT_TIMEOUT: 'TCP connect timed out',
  TLS_TIMEOUT: 'TLS handshake timed out (connection accepted, no handshake)',
  TLS_HANDSHAKE_FAILED: 'TLS handshake failed',
  HTTP_TIMEOUT: 'no HTTP response headers in time',
  BODY_TIMEOUT: 'response body stalled',
  HTTP_PARSE_ERROR: 'the edge did not answer valid HTTP',
  HEADERS_OVERFLOW: 'response headers exceed the size limit',
  DEADLINE: 'the run deadline passed before this step finished',
  BODY_DECODE_ERROR: 'response body could not be decoded',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: "certificate does not name this host",
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the certificate chain (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer certificate not in the trust store',
};

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

function asErrorLike(value: unknown): ErrorLike {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : { message: String(value) };
}

/**
 * The stable code for a thrown value in `step`. undici's socket errors are judged by their cause
 * (an ECONNRESET inside UND_ERR_SOCKET stays ECONNRESET); unknown codes fall back per step
 * (CONNECT_FAILED, TLS_HANDSHAKE_FAILED, HTTP_FAILED) — never the raw library spelling.
 */
export function stableCode(step: Step, thrown: unknown): string {
  const error = asErrorLike(thrown);
  const raw = typeof error.code === 'string' ? error.code : '';
  if (raw === 'UND_ERR_SOCKET' && error.cause !== undefined) {
    const inner = asErrorLike(error.cause);
    if (typeof inner.code === 'string' && inner.code !== '') return stableCode(step, inner);
  }
  const alias = ALIASES[raw];
  if (alias !== undefined) return alias;
  for (const [prefix, code] of PREFIXES) if (raw.startsWith(prefix)) return code;
  const byName = typeof error.name === 'string' ? NAMES[error.name] : undefined;
  return byName ?? FALLBACK[step];
}

/** Builds the ErrorInfo for a code: "<step> <address>:<port>: <wording> [(<detail>)]". */
export function stepError(step: Step, code: string, where: string, detail?: string): ErrorInfo {
  const wording = WORDING[code] ?? code;
  const extra = detail && detail !== wording ? ` (${detail})` : '';
  return { code, message: `${step} ${where}: ${wording}${extra}` };
}

/** ErrorInfo for a thrown value: its stable code, with the library's message kept as detail. */
export function errorFrom(step: Step, thrown: unknown, where: string): ErrorInfo {
  const error = asErrorLike(thrown);
  const detail = typeof error.message === 'string' ? error.message : undefined;
  return stepError(step, stableCode(step, thrown), where, detail);
}

/** "127.0.0.1:443", "[::1]:443" — how probes name an edge in messages. */
export function edgeLabel(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

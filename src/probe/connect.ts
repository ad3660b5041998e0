// The transport half of a probe: a TCP connect to one pinned address and a TLS handshake over that
// very socket, each bounded by the step timeout and the run's deadline, each failure a coded value.
import type { EventEmitter } from 'node:events';
import { connect as netConnect, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, createSecureContext, rootCertificates, type PeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import { ipFamily } from '../ip.ts';
import type { ErrorInfo, TlsResult } from '../types.ts';
import { errorFrom, stepError, type Step } from './errors.ts';
import { certificateFacts } from './tls-facts.ts';
import type { CertificateCode } from '../codes.ts';

export interface Bounds {
  /** Limit for this one step, ms. */
  timeoutMs: number;
  /** The run's deadline: aborting it ends the step at once with DEADLINE. */
  signal?: AbortSignal | undefined;
  /** "127.0.0.1:443", used in messages. */
  where: string;
}

/** How a step ended, with the instant (performance.now()) it did. */
export type StepOutcome = { ok: true; at: number } | { ok: false; at: number; error: ErrorInfo };

const ignore = (): void => {};

/**
 * Waits for `event` on `emitter`, bounded: the first of the event, an 'error', a 'close', the timeout
 * (→ `timeoutCode`) or the deadline (→ DEADLINE) decides, and every listener and timer is removed.
 * The caller owns the socket and destroys it on failure.
 */
function awaitStep(emitter: EventEmitter, event: string, step: Step, timeoutCode: string, bounds: Bounds): Promise<StepOutcome> {
  return new Promise((resolve) => {
    const finish = (error: ErrorInfo | null): void => {
      clearTimeout(timer);
      bounds.signal?.removeEventListener('abort', onAbort);
      emitter.off(event, onEvent).off('error', onError).off('close', onClose);
      const at = performance.now();
      resolve(error === null ? { ok: true, at } : { ok: false, at, error });
    };
    const onEvent = (): void => finish(null);
    const onError = (error: unknown): void => finish(errorFrom(step, error, bounds.where));
    const onClose = (): void => finish(stepError(step, 'ECONNRESET', bounds.where, 'closed before the step finished'));
    const onAbort = (): void => finish(stepError(step, 'DEADLINE', bounds.where));
    const timer = setTimeout(() => finish(stepError(step, timeoutCode, bounds.where, `after ${bounds.timeoutMs} ms`)), bounds.timeoutMs);
    emitter.once(event, onEvent).once('error', onError).once('close', onClose);
    bounds.signal?.addEventListener('abort', onAbort, { once: true });
    if (bounds.signal?.aborted) onAbort();
  });
}

/**
 * Opens TCP to `address:port`. Edges are always given as IP literals, so no name lookup happens and the
 * edge probed is exactly the one DNS answered; only a proxy configured by name (HTTPS_PROXY=proxy.corp:3128)
 * is looked up here, by the system, as curl does. Errors on the socket after this step are swallowed by a
 * no-op listener (the next step's own listeners report them).
 */
export async function openTcp(address: string, port: number, bounds: Bounds): Promise<{ socket: Socket; outcome: StepOutcome }> {
  const socket = netConnect({ host: address, port, family: ipFamily(address), noDelay: true });
  socket.on('error', ignore);
  const outcome = await awaitStep(socket, 'connect', 'tcp', 'CONNECT_TIMEOUT', bounds);
  if (!outcome.ok) socket.destroy();
  return { socket, outcome };
}

export interface TlsParams {
  /** The target host: SNI unless it is an IP literal, and the name the certificate must carry. */
  host: string;
  /** Full trust store (see trust.ts); undefined = Node's defaults (bundled roots + NODE_EXTRA_CA_CERTS). */
  ca?: string[] | undefined;
  /** Ask the edge to staple an OCSP response (status_request); the result is startTls's `stapled`. */
  requestOCSP?: boolean;
  /** ALPN protocols offered, most preferred first (default: HTTP/1.1 only). */
  alpn?: readonly string[];
}

/** What a probe offers in ALPN: HTTP/2 first, as browsers do, unless HTTP/1.1 is forced (--http1.1). */
export function alpnOffer(http1Only: boolean): string[] {
  return http1Only ? ['http/1.1'] : ['h2', 'http/1.1'];
}

// Parsing a full trust store costs milliseconds per context: build one per store, not per probe.
const contexts = new WeakMap<string[], SecureContext>();
let bundledRoots: Set<string> | null = null;
// Node's own store (bundled roots + NODE_EXTRA_CA_CERTS), shared by every probe: tls.connect would otherwise build
// a context per connection, and the first one builds the process's root store (~10-20 ms) on the handshake's path.
let defaultContext: SecureContext | null = null;

/**
 * The client context for a trust list (Node's roots plus extra CAs). Handing `ca` the whole list makes
 * OpenSSL parse ~140 PEM roots again (~20 ms of CPU on the first handshake's path); Node's default context
 * already holds its roots (and NODE_EXTRA_CA_CERTS) parsed once per process, so only the extras are added
 * to it (~1 ms). `addCACert` is what `createSecureContext({ ca })` itself calls; if it ever goes away, the
 * full list is used as before.
 */
export function secureContextFor(ca: string[] | undefined): SecureContext {
  if (!ca) return (defaultContext ??= createSecureContext());
  let context = contexts.get(ca);
  if (!context) {
    bundledRoots ??= new Set(rootCertificates);
    const extras = ca.filter((pem) => !bundledRoots!.has(pem));
    const base = createSecureContext();
    const native = (base as unknown as { context?: { addCACert?: (pem: string) => void } }).context;
    if (extras.length < ca.length && typeof native?.addCACert === 'function') {
      for (const pem of extras) native.addCACert(pem);
      context = base;
    } else context = createSecureContext({ ca });
    contexts.set(ca, context);
  }
  return context;
}

/**
 * Handshakes TLS over `socket`, offering `params.alpn` (default http/1.1). Verification is not enforced here: see `tlsFacts`. `stapled`
 * says whether the edge stapled an OCSP response (null unless `requestOCSP`).
 */
export async function startTls(socket: Socket, params: TlsParams, bounds: Bounds): Promise<{ tls: TLSSocket; outcome: StepOutcome; stapled: boolean | null }> {
  const tls = tlsConnect({
    socket,
    // RFC 6066 forbids IP literals in SNI; Node warns when given one.
    ...(ipFamily(params.host) ? {} : { servername: params.host }),
    secureContext: secureContextFor(params.ca),
    rejectUnauthorized: false,
    // Node would otherwise check the name against "localhost" when there is no SNI (IP targets) and
    // fold it into `authorized`; `verification` checks the chain and the real name separately.
    checkServerIdentity: () => undefined,
    ALPNProtocols: [...(params.alpn ?? ['http/1.1'])],
    ...(params.requestOCSP ? { requestOCSP: true } : {}),
  });
  tls.on('error', ignore);
  // Emitted during the handshake, with no buffer when the edge staples nothing.
  let stapled: boolean | null = params.requestOCSP ? false : null;
  if (params.requestOCSP) tls.once('OCSPResponse', (response?: Buffer) => (stapled = Buffer.isBuffer(response) && response.length > 0));
  const outcome = await awaitStep(tls, 'secureConnect', 'tls', 'TLS_TIMEOUT', bounds);
  if (!outcome.ok) tls.destroy();
  return { tls, outcome, stapled };
}

/** The verification verdict: chain first (OpenSSL's code), then the name (ERR_TLS_CERT_ALTNAME_INVALID). */
function verification(tls: TLSSocket, cert: PeerCertificate | undefined, host: string, where: string): ErrorInfo | null {
  if (!tls.authorized) {
    const reason = tls.authorizationError as unknown;
    const code = typeof reason === 'object' && reason !== null && 'code' in reason && typeof reason.code === 'string' ? reason.code : String(reason ?? 'CERT_VERIFY_FAILED');
    return stepError('tls', code, where);
  }
  if (!cert || Object.keys(cert).length === 0) return stepError('tls', 'CERT_MISSING' satisfies CertificateCode, where, 'the edge sent no certificate');
  const mismatch = checkServerIdentity(host, cert);
  return mismatch ? stepError('tls', 'ERR_TLS_CERT_ALTNAME_INVALID' satisfies CertificateCode, where, mismatch.message) : null;
}

/** Everything the report says about a finished handshake, except ok/ms/error which the caller decides. */
export function tlsFacts(tls: TLSSocket, host: string, where: string): Omit<TlsResult, 'ok' | 'ms' | 'error'> {
  const cert: PeerCertificate | undefined = tls.getPeerCertificate();
  const verifyError = verification(tls, cert, host, where);
  return {
    protocol: tls.getProtocol() ?? null,
    alpn: typeof tls.alpnProtocol === 'string' ? tls.alpnProtocol : null,
    cipher: tls.getCipher()?.name ?? null,
    ...certificateFacts(cert as unknown as Parameters<typeof certificateFacts>[0]),
    verified: verifyError === null,
    verifyError,
  };
}

// Warm-ups, behind one call: while the first DNS answers are on their way the process would sit idle, so it
// loads the probe stage's code (needed anyway), builds the trust store and warms the HTTP and TLS code in
// memory, until the first edge is about to be probed: from then on a warm-up would only compete with real work
// for the one thread. They begin only once the run is waiting on the network (`begin`), so a run whose DNS
// fails at once loads and parses none of it. Nothing here leaves the process.
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Querier } from '../dns/query.ts';
import { loadProbeStage } from './load.ts';

/**
 * Starts the warm-ups when `begin` resolves (default: the next turn of the event loop) and returns the switch
 * that stops them: call it when the first edge is about to be probed. `signal` ends them too.
 */
export function startWarmups(ca: string[] | undefined, signal: AbortSignal, begin?: Promise<void>): () => void {
  const warming = new AbortController();
  const stopped = AbortSignal.any([signal, warming.signal]);
  void (async () => {
    await (begin ?? new Promise((resolve) => setImmediate(resolve)));
    if (stopped.aborted) return;
    await loadProbeStage();
    if (stopped.aborted) return;
    await warmTrust(ca);
    await warmHttp(stopped);
    if (!stopped.aborted) await warmTls(ca);
  })().catch(() => {}); // a warm-up that fails changes nothing: the real probe does the same work
  return () => warming.abort();
}

/** How long a DNS query stays unanswered before the run counts as waiting on the network. */
const WAITING_AFTER_MS = 3;

/**
 * Wraps a querier; `waiting` resolves the first time one of its queries is still unanswered after
 * WAITING_AFTER_MS: the run is then idle on the network, and the warm-ups can use the wait (pass `waiting` as
 * startWarmups' `begin`). A run whose queries all fail or answer at once (a refused port, a local cache)
 * never waits, and loads nothing ahead of need.
 */
export function networkWait(query: Querier): { query: Querier; waiting: Promise<void> } {
  let waited = false;
  let onWait!: () => void;
  const waiting = new Promise<void>((resolve) => (onWait = resolve));
  const watched: Querier = async (resolver, name, type, opts) => {
    if (waited) return query(resolver, name, type, opts);
    let pending = true;
    // Checked after two more turns of the loop (each reads the sockets first): a loop kept busy past
    // WAITING_AFTER_MS must not mistake a query not yet sent, or a reply or ICMP error already waiting in the
    // kernel, for a wait on the network.
    const timer = setTimeout(() => setImmediate(() => setImmediate(() => {
      if (!pending || waited) return;
      waited = true;
      onWait();
    })), WAITING_AFTER_MS);
    try {
      return await query(resolver, name, type, opts);
    } finally {
      pending = false;
      clearTimeout(timer);
    }
  };
  return { query: watched, waiting };
}

/**
 * Builds the TLS client context for a trust list ahead of time (the default store when `ca` is undefined),
 * so the ~20 ms of parsing roots overlaps the DNS round trips instead of delaying the first handshake.
 */
async function warmTrust(ca: string[] | undefined): Promise<void> {
  if (ca) (await import('./connect.ts')).secureContextFor(ca);
  else (await import('node:tls')).createSecureContext();
}

/**
 * Starts one handshake into an in-memory stream and stops once its ClientHello is written, so OpenSSL's
 * first-use set-up and Node's TLS code are warm before the first edge is known. Measured on the lab: the
 * first real handshake of a fresh process took ~11 ms, ~5 ms after this. Nothing leaves the process.
 * Resolves once the ClientHello is out (or the attempt failed); never rejects.
 */
export async function warmTls(ca: string[] | undefined): Promise<void> {
  const { connect: tlsConnect, createSecureContext } = await import('node:tls');
  const secureContext = ca ? (await import('./connect.ts')).secureContextFor(ca) : createSecureContext();
  return new Promise((resolve) => {
    let tls: TLSSocket | null = null;
    const done = (): void => {
      tls?.destroy();
      resolve();
    };
    const peer = new Duplex({
      read() {},
      write(_chunk, _encoding, callback) {
        callback();
        // On a later turn: tls.connect is still setting up when it writes the ClientHello.
        setImmediate(done);
      },
    });
    tls = tlsConnect({ socket: peer as unknown as Socket, servername: 'warm-up.invalid', secureContext, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    tls.on('error', done);
  });
}

/** What warmHttp's in-memory peer answers: a small, complete, uncompressed response. */
const WARM_RESPONSE = 'HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 2\r\n\r\nok';

/**
 * Runs one exchange over an in-memory stream that answers WARM_RESPONSE, so the first real response does
 * not pay for first use: undici compiles and instantiates its HTTP parser (WebAssembly) on a client's first
 * connection and each parser function on its first call, and V8 compiles the request and response paths.
 * Measured against the lab at 30 ms per round trip: request written 4 ms sooner after the handshake, the
 * response parsed ~6 ms sooner. Meant for the idle wait on the first DNS answers; nothing leaves the process.
 * Resolves true when the exchange completed, false when it failed or `signal` ended it; never rejects.
 */
export async function warmHttp(signal?: AbortSignal): Promise<boolean> {
  let answered = false;
  const peer: Duplex = new Duplex({
    read() {},
    write(_chunk, _encoding, callback) {
      callback();
      if (answered) return;
      answered = true;
      // On a later turn, as a real edge answers once the request is out.
      setImmediate(() => {
        peer.push(WARM_RESPONSE);
        peer.push(null);
      });
    },
  });
  const { exchange } = await import('./http.ts');
  const result = await exchange(peer as unknown as Socket, { hostHeader: 'warm-up.invalid', path: '/', userAgent: 'cdn-check', bodyLimit: 64 }, { timeoutMs: 1000, signal, where: 'warm-up' });
  return result.outcome.ok && result.status === 200 && result.body === 'ok';
}

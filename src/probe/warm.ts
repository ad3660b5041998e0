// Warm-ups, behind one call: while the first DNS answers are on their way the process would sit idle, so it
// loads the probe stage's code (needed anyway), builds the trust store and loads the HTTP client, until the first edge is about to be
// probed: from then on a warm-up would only compete with real work for the one thread. They begin only once the
// run is waiting on the network (`begin`), so a run whose DNS fails at once loads and parses none of it.
// In-memory HTTP/1.1 and TLS exchanges used to warm those paths too; measured whole-process (bench/process.ts,
// 11 rounds, 30 ms per answer) they cost ~30 ms on a healthy run and ~100 ms on akamai-2021 once the probe spoke
// HTTP/2 (the HTTP/1.1 parser they warmed is no longer the one used), so they are gone. Nothing leaves the process.
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
    const stage = await loadProbeStage();
    if (stopped.aborted) return;
    await warmTrust(ca);
    if (stopped.aborted) return;
    await stage.loadHttpClient();
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
  (await import('./connect.ts')).secureContextFor(ca);
}

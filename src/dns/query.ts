// One recursive query to one resolver: UDP first, TCP when the reply is truncated, all within one timeout.
import { randomInt } from 'node:crypto';
import { buildQuery, normalizeName } from './packet.ts';
import type { Answer } from './packet.ts';
import { tcpExchange } from './tcp.ts';
import { udpExchange } from './udp.ts';
import { Stop, type ExchangeResult } from './exchange.ts';
import type { ErrorInfo, Rcode, RecordType, ResolverAddress } from '../types.ts';

export type { Answer } from './packet.ts';

/**
 * A query's outcome. `ok: true` means the resolver answered (any rcode, SERVFAIL included); `ok: false`
 * means no usable answer: TIMEOUT (no reply within `timeoutMs`; error.code DEADLINE when the signal
 * aborted it), MALFORMED (undecodable reply) or NETWORK (socket error; error.code is ECONNREFUSED ...).
 * `ms` is the query's round trip, UDP plus the TCP retry when there was one. `udpError` (with `tcp`) is the
 * code UDP failed with when TCP answered instead (TIMEOUT, EPERM, ECONNREFUSED ...). `authoritative` is the
 * reply's AA bit (absent from queriers that do not report it, such as recorded answers).
 */
export type QueryResult =
  | { ok: true; rcode: Rcode; answers: Answer[]; authorities: Answer[]; ms: number; tcp: boolean; udpError?: string; authoritative?: boolean }
  | { ok: false; rcode: 'TIMEOUT' | 'MALFORMED' | 'NETWORK'; error: ErrorInfo; ms: number; tcp: boolean; udpError?: string };

export interface QueryOptions {
  /** Bound for the whole query, UDP attempts and TCP retry together. */
  timeoutMs: number;
  /** Aborting ends the query at once with TIMEOUT / DEADLINE (the run's deadline). */
  signal?: AbortSignal;
}

/** The transport seam: chain walking and tracing take one, so tests feed them plain data. */
export type Querier = (resolver: ResolverAddress, name: string, type: RecordType, opts: QueryOptions) => Promise<QueryResult>;

/** Milliseconds with 0.1 ms resolution. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * Why a UDP exchange that got no usable answer may still get one over TCP port 53: silence (a firewall that
 * drops UDP 53 but not TCP, as some hotel and corporate networks do) or a socket error (a local rule that
 * rejects UDP). Null for a MALFORMED reply (the resolver spoke) and for the run's deadline (no time is left).
 */
function udpGaveUp(result: ExchangeResult): string | null {
  if (result.kind !== 'error' || result.rcode === 'MALFORMED' || result.error.code === 'DEADLINE') return null;
  return result.error.code;
}

/**
 * A querier with its own memory, one per run. It asks `resolver` for `name`/`type` with a random (crypto)
 * ID over a pooled UDP socket (udp-pool.ts); a reply with the TC bit is asked again over TCP with a new ID. When UDP fails
 * at once (a socket error), or is still silent halfway to the timeout (when it also retransmits), the same
 * question goes over TCP as well and the first valid reply wins — all within the one `timeoutMs`, so a
 * silent resolver costs no more time than before. Once TCP answered where UDP did not (a socket error, a
 * resolver that never answered over UDP, or three timeouts in a row: see tcpCovered), every later question
 * to that resolver goes straight to TCP. `udpError` on the result says why TCP was used. Never rejects.
 */
export function createQuerier(): Querier {
  const udpBroken = new Map<string, string>();
  // Per resolver: whether UDP ever answered in this run, and the UDP timeouts TCP covered since its last answer.
  // A resolver whose UDP worked and then went silent once is losing packets under load (a sweep's burst
  // overflowing its socket buffer), not behind a firewall: moving every later question to TCP would cost far
  // more than the occasional halfway race. Only a resolver that never answered over UDP, or a run of
  // SILENT_STREAK timeouts with no UDP answer between them, is remembered as UDP-broken.
  const udpAnswered = new Set<string>();
  const silentStreak = new Map<string, number>();
  const udpReplied = (label: string): void => {
    udpAnswered.add(label);
    silentStreak.delete(label);
  };
  const tcpCovered = (label: string, why: string): void => {
    const streak = (silentStreak.get(label) ?? 0) + 1;
    silentStreak.set(label, streak);
    if (why !== 'TIMEOUT' || !udpAnswered.has(label) || streak >= SILENT_STREAK) udpBroken.set(label, why);
  };
  return async (resolver, name, type, opts) => {
    const prefetched = takePrefetched(resolver, name, type, opts.signal);
    if (prefetched) {
      // What the early query learnt about this resolver (UDP refused, TCP works) holds for this run too.
      const result = await prefetched;
      if (result.tcp && result.udpError) udpBroken.set(resolver.label, result.udpError);
      else if (result.ok && !result.tcp) udpReplied(resolver.label);
      return result;
    }
    const started = performance.now();
    const deadline = started + opts.timeoutMs;
    const asked = normalizeName(name);
    const attempt = (send: typeof udpExchange, stop?: Stop) => {
      const id = randomInt(0, 65536);
      return send(resolver, buildQuery(id, asked, type), { id, name: asked, type }, { deadline, ...(opts.signal ? { signal: opts.signal } : {}), ...(stop ? { stop } : {}) });
    };
    const finish = (result: ExchangeResult, tcp: boolean, udpError: string | null): QueryResult => {
      const ms = roundMs(performance.now() - started);
      const via = { tcp, ...(tcp && udpError ? { udpError } : {}) };
      if (result.kind === 'error') return { ok: false, rcode: result.rcode, error: result.error, ms, ...via };
      return { ok: true, rcode: result.reply.rcode, answers: result.reply.answers, authorities: result.reply.authorities, ms, authoritative: result.reply.authoritative, ...via };
    };

    const known = udpBroken.get(resolver.label);
    if (known !== undefined) return finish(await attempt(tcpExchange), true, known);

    const udpStop = new Stop();
    const udp = attempt(udpExchange, udpStop);
    let halfway: NodeJS.Timeout | undefined;
    const silentHalfway = new Promise<null>((resolve) => (halfway = setTimeout(resolve, opts.timeoutMs / 2, null)));
    const early = await Promise.race([udp, silentHalfway]);
    clearTimeout(halfway);
    if (early !== null) {
      if (early.kind === 'reply') udpReplied(resolver.label);
      if (early.kind === 'reply' && early.reply.truncated) return finish(await attempt(tcpExchange), true, null);
      const why = udpGaveUp(early);
      if (why === null || opts.signal?.aborted) return finish(early, false, null);
      const overTcp = await attempt(tcpExchange);
      if (overTcp.kind !== 'reply') return finish(early, false, null); // TCP failed too: UDP's failure is the one to report
      tcpCovered(resolver.label, why);
      return finish(overTcp, true, why);
    }
    // UDP is silent halfway: race TCP against it (UDP retransmits now too); the first valid reply wins.
    const tcpStop = new Stop();
    const tcp = attempt(tcpExchange, tcpStop);
    const winner = await firstReply(udp, tcp);
    udpStop.stop();
    tcpStop.stop();
    if (winner.via === 'udp') {
      if (winner.result.kind === 'reply') udpReplied(resolver.label);
      if (winner.result.kind === 'reply' && winner.result.reply.truncated) return finish(await attempt(tcpExchange), true, null);
      return finish(winner.result, false, null);
    }
    const why = udpGaveUp(await udp) ?? 'TIMEOUT';
    tcpCovered(resolver.label, why);
    return finish(winner.result, true, why);
  };
}

/** UDP timeouts in a row, each answered over TCP, after which a resolver whose UDP once worked is asked over TCP. */
const SILENT_STREAK = 3;

type Raced = { via: 'udp' | 'tcp'; result: ExchangeResult };

/** The first of two exchanges to bring a reply; when neither does, UDP's failure (the one asked first). */
function firstReply(udp: Promise<ExchangeResult>, tcp: Promise<ExchangeResult>): Promise<Raced> {
  const reply = (via: Raced['via'], p: Promise<ExchangeResult>) => p.then((result) => (result.kind === 'reply' ? { via, result } : new Promise<never>(() => {})));
  const neither = Promise.all([udp, tcp]).then(([result]): Raced => ({ via: 'udp', result }));
  return Promise.race([reply('udp', udp), reply('tcp', tcp), neither]);
}

// Queries started before the run exists: bin/ sends a plain diagnosis's first questions (CNAME, A, AAAA of each
// target, to each resolver the run will ask: see src/prefetch.ts) while the rest of the bundle loads, ~20-30 ms
// on a laptop that would otherwise pass before the first packet leaves. A querier takes each answer once, as if
// it had asked; whatever nobody took is cancelled when the CLI ends.
const prefetched = new Map<string, { result: Promise<QueryResult>; stop: AbortController }>();
const prefetchKey = (resolver: ResolverAddress, name: string, type: RecordType): string => `${resolver.label} ${normalizeName(name)} ${type}`;

/** Starts `name`/`type` at `resolver` now, for the run's querier to take later (see takePrefetched). */
export function prefetchQuery(resolver: ResolverAddress, name: string, type: RecordType, timeoutMs: number): Promise<QueryResult> {
  const k = prefetchKey(resolver, name, type);
  const known = prefetched.get(k);
  if (known) return known.result;
  const stop = new AbortController();
  const result = query(resolver, name, type, { timeoutMs, signal: stop.signal });
  prefetched.set(k, { result, stop });
  return result;
}

/**
 * The answer to a question asked early, once: the first taker gets it, later ones ask the network. The
 * taker's `signal` (the run's deadline, Ctrl-C) ends the early query as it would have ended its own.
 */
function takePrefetched(resolver: ResolverAddress, name: string, type: RecordType, signal?: AbortSignal): Promise<QueryResult> | undefined {
  if (prefetched.size === 0) return undefined;
  const k = prefetchKey(resolver, name, type);
  const early = prefetched.get(k);
  if (!early) return undefined;
  prefetched.delete(k);
  if (signal?.aborted) early.stop.abort();
  else signal?.addEventListener('abort', () => early.stop.abort(), { once: true });
  return early.result;
}

/** Cancels the early queries nobody took (a usage error, a run that asked otherwise): none keeps the process up. */
export function dropPrefetched(): void {
  for (const early of prefetched.values()) early.stop.abort();
  prefetched.clear();
}

/** A querier for callers outside a run (tools, tests): its TCP memory lives as long as the process. */
export const query: Querier = createQuerier();

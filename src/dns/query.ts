// One recursive query to one resolver: UDP first, TCP when the reply is truncated, all within one timeout.
import { randomInt } from 'node:crypto';
import { buildQuery, normalizeName } from './packet.ts';
import type { Answer } from './packet.ts';
import { tcpExchange } from './tcp.ts';
import { udpExchange } from './udp.ts';
import type { ErrorInfo, Rcode, RecordType, ResolverAddress } from '../types.ts';

export type { Answer } from './packet.ts';

/**
 * A query's outcome. `ok: true` means the resolver answered (any rcode, SERVFAIL included); `ok: false`
 * means no usable answer: TIMEOUT (no reply within `timeoutMs`; error.code DEADLINE when the signal
 * aborted it), MALFORMED (undecodable reply) or NETWORK (socket error; error.code is ECONNREFUSED ...).
 * `ms` is the query's round trip, UDP plus the TCP retry when there was one.
 */
export type QueryResult =
  | { ok: true; rcode: Rcode; answers: Answer[]; authorities: Answer[]; ms: number; tcp: boolean }
  | { ok: false; rcode: 'TIMEOUT' | 'MALFORMED' | 'NETWORK'; error: ErrorInfo; ms: number; tcp: boolean };

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
 * Asks `resolver` for `name`/`type` with a random (crypto) ID over a fresh UDP socket; when the reply has
 * the TC bit, asks again over TCP with a new ID. Never rejects.
 */
export const query: Querier = async (resolver, name, type, opts) => {
  const started = performance.now();
  const deadline = started + opts.timeoutMs;
  const asked = normalizeName(name);
  const attempt = (send: typeof udpExchange) => {
    const id = randomInt(0, 65536);
    return send(resolver, buildQuery(id, asked, type), { id, name: asked, type }, { deadline, signal: opts.signal });
  };
  let result = await attempt(udpExchange);
  let tcp = false;
  if (result.kind === 'reply' && result.reply.truncated) {
    tcp = true;
    result = await attempt(tcpExchange);
  }
  const ms = roundMs(performance.now() - started);
  if (result.kind === 'error') return { ok: false, rcode: result.rcode, error: result.error, ms, tcp };
  return { ok: true, rcode: result.reply.rcode, answers: result.reply.answers, authorities: result.reply.authorities, ms, tcp };
};

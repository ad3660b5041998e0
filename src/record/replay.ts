// Replay: stand-ins for the run's I/O that answer from a recording, so the same pipeline, fingerprints and
// verdict code run again with no network at all. Exchanges are keyed by what was asked (resolver, name, type;
// address, port, SNI, path); the same question asked again gets the next recorded answer, then the last one.
import { normalizeName } from '../dns/packet.ts';
import type { Querier, QueryResult } from '../dns/query.ts';
import { edgeLabel, stepError } from '../probe/errors.ts';
import type { EdgeProber } from '../probe/probe-all.ts';
import type { RunDeps } from '../run/run.ts';
import { DEADLINE } from '../codes.ts';
import type { EdgeProbe } from '../types.ts';
import type { VantageReport } from '../vantage/types.ts';
import type { Recording } from './recording.ts';

/** Answers in the order they were recorded, per key; the last one repeats (a retry that was never made). */
class Answers<T> {
  private readonly byKey = new Map<string, { list: T[]; next: number }>();
  add(key: string, value: T): void {
    const entry = this.byKey.get(key);
    if (entry) entry.list.push(value);
    else this.byKey.set(key, { list: [value], next: 0 });
  }
  take(key: string): T | undefined {
    const entry = this.byKey.get(key);
    if (!entry) return undefined;
    const value = entry.list[Math.min(entry.next, entry.list.length - 1)];
    entry.next++;
    return value;
  }
}

const dnsKey = (resolver: string, name: string, type: string): string => `${resolver} ${normalizeName(name)} ${type}`;
const probeKey = (address: string, port: number, host: string, scheme: string, path: string): string => `${address} ${port} ${host} ${scheme} ${path}`;

/** What the run is given instead of sockets and timers. */
export type ReplayDeps = Required<Pick<RunDeps, 'query' | 'probe' | 'vantage' | 'deadline'>>;

/**
 * The run's I/O answered from `recording`. The run's deadline is no timer here (replay takes no time): it passes
 * when the replay hands out an answer the recorded run got because its deadline had passed, as it did then.
 * A question the recorded run never asked (it had stopped by then) fails as the deadline would have cut it.
 */
export function replayDeps(recording: Recording): ReplayDeps {
  const dns = new Answers<QueryResult>();
  for (const e of recording.dns) dns.add(dnsKey(e.resolver, e.name, e.type), e.result);
  const probes = new Answers<EdgeProbe>();
  for (const e of recording.probes) probes.add(probeKey(e.address, e.port, e.host, e.scheme, e.path), e.result);
  const remote = new Answers<VantageReport>();
  for (const e of recording.vantage) remote.add(e.target, e.result);

  const deadline = new AbortController();
  const cutByDeadline = (code: string | undefined): void => {
    if (recording.deadlineReached && code === DEADLINE && !deadline.signal.aborted) deadline.abort(new Error('deadline'));
  };

  const query: Querier = async (resolver, name, type) => {
    const recorded = dns.take(dnsKey(resolver.label, name, type));
    if (recorded) {
      cutByDeadline(recorded.ok ? undefined : recorded.error.code);
      return recorded;
    }
    cutByDeadline(recording.deadlineReached ? DEADLINE : undefined);
    return { ok: false, rcode: 'TIMEOUT', error: { code: DEADLINE, message: `dns: ${normalizeName(name)} ${type} to ${resolver.label} is not in the recording` }, ms: 0, tcp: false };
  };

  const probe: EdgeProber = async (address, opts) => {
    const recorded = probes.take(probeKey(address, opts.port, opts.host, opts.scheme, opts.path));
    if (recorded) {
      cutByDeadline(firstError(recorded));
      return recorded;
    }
    cutByDeadline(recording.deadlineReached ? DEADLINE : undefined);
    const tcp = { ok: false, ms: null, error: stepError('tcp', DEADLINE, edgeLabel(address, opts.port), 'not in the recording') };
    return { address, family: address.includes(':') ? 6 : 4, port: opts.port, via: null, tunnel: null, tcp, tls: null, http: null, totalMs: 0 };
  };

  const vantage: ReplayDeps['vantage'] = (options) => {
    if (!options.vantage) return null;
    return async (target) =>
      remote.take(target.input) ?? {
        engine: 'globalping',
        locations: options.vantage?.locations ?? [],
        measurements: [],
        probes: [],
        countries: [],
        error: { code: DEADLINE, message: `${target.input}: no remote measurement in the recording` },
        rateLimit: null,
      };
  };

  return { query, probe, vantage, deadline: deadline.signal };
}

/** The code of the step a probe failed at, if any. */
function firstError(probe: EdgeProbe): string | undefined {
  return (probe.tcp.error ?? probe.tunnel?.error ?? probe.tls?.error ?? probe.http?.error)?.code;
}

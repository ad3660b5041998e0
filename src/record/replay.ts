// Replay: stand-ins for the run's I/O that answer from a recording, so the same pipeline, fingerprints and
// verdict code run again with no network at all. Exchanges are keyed by what was asked (resolver, name, type;
// address, port, SNI, path; a status feed's provider); the same question asked again gets the next recorded answer, then the last one.
import { normalizeName } from '../dns/packet.ts';
import type { Querier, QueryResult } from '../dns/query.ts';
import { edgeLabel, stepError } from '../probe/errors.ts';
import type { EdgeProber } from '../probe/probe-all.ts';
import type { RunDeps } from '../run/run.ts';
import { statusPageOf } from '../fingerprint/status-pages.ts';
import type { FeedFetcher, FetchedFeed } from '../status/fetch.ts';
import { DEADLINE, NOT_RECORDED } from '../codes.ts';
import type { EdgeProbe } from '../types.ts';
import type { VantageReport } from '../vantage/types.ts';
import type { DeadlineMark, Recording } from './recording.ts';

/** Answers in the order they were recorded, per key; the last one repeats (a retry that was never made). */
class Answers<T> {
  private readonly byKey = new Map<string, { list: T[]; next: number }>();
  add(key: string, value: T): void {
    const entry = this.byKey.get(key);
    if (entry) entry.list.push(value);
    else this.byKey.set(key, { list: [value], next: 0 });
  }
  /** Whether the answer just taken for `key` was handed out for the first time (not a repeat of the last). */
  fresh(key: string): boolean {
    const entry = this.byKey.get(key);
    return entry !== undefined && entry.next <= entry.list.length;
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
export type ReplayDeps = Required<Pick<RunDeps, 'query' | 'probe' | 'vantage' | 'statusFeed' | 'deadline'>>;

/**
 * The run's I/O answered from `recording`. The run's deadline is no timer here (replay takes no time): it passes
 * where it passed in the recorded run — once every exchange that had begun before it has been asked for and
 * every one that ended before it has been answered. An answer that came after the deadline then (or one never
 * recorded: the run had stopped asking) is held until it passes now, so the run sees it as it saw it then. If the
 * replay strays from the recording and never reaches that point, the recorded --deadline ends it as it would a run.
 */
export function replayDeps(recording: Recording): ReplayDeps {
  type Recorded<T> = { result: T; mark: DeadlineMark | undefined };
  const dns = new Answers<Recorded<QueryResult>>();
  for (const e of recording.dns) dns.add(dnsKey(e.resolver, e.name, e.type), { result: e.result, mark: e.deadline });
  const probes = new Answers<Recorded<EdgeProbe>>();
  for (const e of recording.probes) probes.add(probeKey(e.address, e.port, e.host, e.scheme, e.path), { result: e.result, mark: e.deadline });
  const remote = new Answers<Recorded<VantageReport>>();
  for (const e of recording.vantage) remote.add(e.target, { result: e.result, mark: e.deadline });
  // By provider, not URL: a lab's feed URL named a loopback port that is gone now, and the report shows the recorded URL.
  const feeds = new Answers<Recorded<FetchedFeed>>();
  for (const { deadline: mark, ...feed } of recording.statusFeeds ?? []) feeds.add(feed.provider, { result: feed, mark });
  const all = [...recording.dns, ...recording.probes, ...recording.vantage, ...(recording.statusFeeds ?? [])];
  let begunBefore = all.filter((e) => e.deadline !== 'before').length;
  let endedBefore = all.filter((e) => e.deadline === undefined).length;

  const deadline = new AbortController();
  const passed = new Promise<void>((resolve) => deadline.signal.addEventListener('abort', () => resolve(), { once: true }));
  let safety: NodeJS.Timeout | undefined;
  const pass = (): void => {
    clearTimeout(safety);
    if (!deadline.signal.aborted) deadline.abort(new Error('deadline'));
  };
  if (recording.deadlineReached) safety = setTimeout(pass, recording.options.deadlineMs);
  const passIfDue = (): void => {
    if (recording.deadlineReached && begunBefore <= 0 && endedBefore <= 0) pass();
  };
  passIfDue();
  /** One answer (undefined: not recorded), counted towards the deadline the first time, held when it came after it. */
  const served = async <T>(answer: Recorded<T> | undefined, first: boolean): Promise<T | undefined> => {
    if (answer && first) {
      if (answer.mark !== 'before') begunBefore--;
      if (answer.mark === undefined) endedBefore--;
    }
    if (recording.deadlineReached && (!answer || answer.mark !== undefined)) {
      // Let the answers already handed out be taken in first: they came before the deadline.
      await new Promise((resolve) => setImmediate(resolve));
      passIfDue();
      await passed;
    } else passIfDue();
    return answer?.result;
  };

  const query: Querier = async (resolver, name, type) => {
    const key = dnsKey(resolver.label, name, type);
    const recorded = await served(dns.take(key), dns.fresh(key));
    return recorded ?? { ok: false, rcode: 'TIMEOUT', error: { code: DEADLINE, message: `dns: ${normalizeName(name)} ${type} to ${resolver.label} is not in the recording` }, ms: 0, tcp: false };
  };

  const probe: EdgeProber = async (address, opts) => {
    const key = probeKey(address, opts.port, opts.host, opts.scheme, opts.path);
    const recorded = await served(probes.take(key), probes.fresh(key));
    if (recorded) return recorded;
    const tcp = { ok: false, ms: null, error: stepError('tcp', DEADLINE, edgeLabel(address, opts.port), 'not in the recording') };
    return { address, family: address.includes(':') ? 6 : 4, port: opts.port, via: null, tunnel: null, tcp, tls: null, http: null, totalMs: 0 };
  };

  const vantage: ReplayDeps['vantage'] = (options) => {
    if (!options.vantage) return null;
    return async (target) =>
      (await served(remote.take(target.input), remote.fresh(target.input))) ?? {
        engine: 'globalping',
        locations: options.vantage?.locations ?? [],
        measurements: [],
        probes: [],
        countries: [],
        error: { code: DEADLINE, message: `${target.input}: no remote measurement in the recording` },
        rateLimit: null,
      };
  };

  // Never fetch(): a feed the recording lacks reads as one that could not be reached.
  const statusFeed: FeedFetcher = async (provider, url) =>
    (await served(feeds.take(provider), feeds.fresh(provider))) ?? {
      provider,
      page: statusPageOf(provider)?.page ?? null,
      url,
      ms: null,
      result: { ok: false, error: { code: NOT_RECORDED, message: 'status feed not in the recording' } },
    };

  return { query, probe, vantage, statusFeed, deadline: deadline.signal };
}

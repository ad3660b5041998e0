// --record: wraps the run's injectable I/O (DNS querier, edge prober, remote vantage, status feeds, the deadline) so that
// every exchange's result is kept as the run sees it, then makes the recording document from them.
import { createQuerier, type Querier } from '../dns/query.ts';
import { normalizeName } from '../dns/packet.ts';
import type { Options } from '../options.ts';
import { probeEdge } from '../probe/edge.ts';
import type { EdgeProber } from '../probe/probe-all.ts';
import type { ResolverPlan } from '../run/resolvers.ts';
import { fetchFeed, type FeedFetcher } from '../status/fetch.ts';
import type { RunDeps } from '../run/run.ts';
import type { Report } from '../types.ts';
import { startVantage } from '../vantage/remote.ts';
import { VERSION } from '../version.ts';
import { RECORDING_VERSION, type DeadlineMark, type DnsExchange, type FeedExchange, type ProbeExchange, type RecordedOptions, type Recording, type VantageExchange } from './recording.ts';

export interface Recorder {
  /** `deps` with its I/O wrapped: pass the result to run(). */
  wrap(deps: RunDeps): RunDeps;
  /** The recording of the run that just ended with `exitCode` (and `report`, unless it streamed). */
  finish(exitCode: number, report: Report | null): Recording;
}

/** What of the options a replay needs to ask the same questions and decide alike. */
export function recordedOptions(options: Options): RecordedOptions {
  const v = options.vantage;
  return {
    targets: options.targets.map((t) => t.input),
    port: options.port,
    insecure: options.insecure,
    timeoutMs: options.timeoutMs,
    deadlineMs: options.deadlineMs,
    canaries: options.canaries,
    builtinCanaries: options.builtinCanaries,
    controls: options.controls,
    builtinControls: options.builtinControls,
    strict: options.strict,
    concurrency: options.concurrency,
    fingerprintOnly: options.fingerprintOnly,
    noproxy: options.noproxy,
    vantage: v ? { from: v.locations.join(','), probes: v.probes, maxTests: v.maxTests } : null,
  };
}

/**
 * A recorder for one run of `options`. Exchanges are kept in the order they finished; the run's deadline is the
 * recorder's own timer (handed to the run as `deps.deadline`), so the recording knows whether it passed.
 */
export function startRecording(options: Options, wallClock: () => Date = () => new Date()): Recorder {
  const recordedAt = wallClock().toISOString();
  const dns: DnsExchange[] = [];
  const probes: ProbeExchange[] = [];
  const vantage: VantageExchange[] = [];
  const feeds: FeedExchange[] = [];
  let plan: ResolverPlan | null = null;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('deadline')), options.deadlineMs);

  // Where each exchange stood when the deadline passed: replay passes it at the same point (replay.ts).
  const mark = (startedLate: boolean): { deadline?: DeadlineMark } => (startedLate ? { deadline: 'before' } : deadline.signal.aborted ? { deadline: 'during' } : {});
  const recordQueries = (base: Querier): Querier => async (resolver, name, type, opts) => {
    const startedLate = deadline.signal.aborted;
    const result = await base(resolver, name, type, opts);
    dns.push({ resolver: resolver.label, name: normalizeName(name), type, result, ...mark(startedLate) });
    return result;
  };
  const recordProbes = (base: EdgeProber): EdgeProber => async (address, opts) => {
    const startedLate = deadline.signal.aborted;
    const result = await base(address, opts);
    probes.push({ address, port: opts.port, host: opts.host, scheme: opts.scheme, path: opts.path, result, ...mark(startedLate) });
    return result;
  };
  const recordVantage = (base: typeof startVantage): typeof startVantage => (opts, run) => {
    const start = base(opts, run);
    if (!start) return null;
    return async (target) => {
      const startedLate = deadline.signal.aborted;
      const result = await start(target);
      vantage.push({ target: target.input, result, ...mark(startedLate) });
      return result;
    };
  };
  const recordFeeds = (base: FeedFetcher): FeedFetcher => async (provider, url, ctx) => {
    const startedLate = deadline.signal.aborted;
    const result = await base(provider, url, ctx);
    feeds.push({ ...result, ...mark(startedLate) });
    return result;
  };
  // Only a run that reads feeds keeps the list: its presence tells replay to show them again.
  const readsFeeds = options.status.enabled && !options.fingerprintOnly;

  return {
    wrap: (deps) => ({
      ...deps,
      query: recordQueries(deps.query ?? createQuerier()),
      probe: recordProbes(deps.probe ?? probeEdge),
      vantage: recordVantage(deps.vantage ?? startVantage),
      statusFeed: recordFeeds(deps.statusFeed ?? fetchFeed),
      deadline: deadline.signal,
      onResolvers: (p) => {
        plan = p;
        deps.onResolvers?.(p);
      },
    }),
    finish(exitCode, report) {
      clearTimeout(timer);
      const used = plan as ResolverPlan | null;
      return {
        recordingVersion: RECORDING_VERSION,
        tool: { name: 'cdn-check', version: VERSION },
        recordedAt,
        options: recordedOptions(options),
        resolvers: {
          mode: used?.mode ?? (options.resolvers.length > 0 ? 'explicit' : 'system'),
          resolvers: (used?.resolvers ?? options.resolvers).map((r) => r.label),
          fallbacks: (used?.fallbacks ?? options.fallbackResolvers).map((r) => r.label),
        },
        deadlineReached: deadline.signal.aborted,
        dns,
        probes,
        vantage,
        ...(readsFeeds ? { statusFeeds: feeds } : {}),
        exitCode,
        report,
      };
    },
  };
}

// The driver: targets, canaries and controls through the pipeline in parallel, under one deadline,
// then correlation, the verdicts and the report. Transports, clock and streams come in as deps.
import { readSystemResolvers, parseResolverSpec } from './dns/system.ts';
import { traceDns } from './dns/trace.ts';
import { query as realQuery, type Querier } from './dns/query.ts';
import { BULK_RETRY, RetryCounter, withRetries } from './dns/retry.ts';
import { PUBLIC_FALLBACK_RESOLVERS } from './defaults.ts';
import { providerName } from './fingerprint/match.ts';
import type { Options } from './options.ts';
import { inspectHost, type HostFacts, type PipelineContext } from './pipeline.ts';
import { createLimiter } from './probe/limit.ts';
import { loadTrust } from './probe/trust.ts';
import { warmTrust } from './probe/connect.ts';
import { makePalette } from './render/palette.ts';
import { renderers } from './render/index.ts';
import { renderNdjsonLine } from './render/json.ts';
import { sanitize } from './render/sanitize.ts';
import { createProgress, progressEnabled } from './render/spinner.ts';
import { buildTargetReport } from './report.ts';
import { parseTarget } from './target.ts';
import { readTargets, type TargetLine } from './targets-file.ts';
import { forEachConcurrent } from './pool.ts';
import { access } from 'node:fs/promises';
import { setMaxListeners } from 'node:events';
import { constants } from 'node:fs';
import type { CanaryResult, ControlResult, CorrelationEntry, Fingerprint, Observation, Report, ResolverAddress, ResolverOutcome, Target, TargetReport } from './types.ts';
import { BUILTIN_CONTROLS, canariesFor, controlsFor, isConfirmed } from './verdict/canaries.ts';
import { correlationItems } from './verdict/correlate.ts';
import { decide } from './verdict/decide.ts';
import { combineExitCodes } from './verdict/exit.ts';
import { VERSION } from './version.ts';

export interface RunDeps {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin?: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  /** Injectable DNS transport (tests); the real UDP/TCP one otherwise. */
  query?: Querier;
  /** Monotonic ms clock; performance.now by default. */
  now?: () => number;
  /** Wall clock for `startedAt`. */
  wallClock?: () => Date;
  /** Path of resolv.conf for system mode. */
  resolvConf?: string;
  /** The system's resolvers as if read from resolv.conf (tests: a lab resolver on its own port, which resolv.conf cannot express). */
  systemResolvers?: ResolverAddress[];
}

type Role = 'cdn' | 'dns';

/** Runs the diagnosis for every target, writes the report and returns the exit code. */
export async function run(options: Options, deps: RunDeps): Promise<number> {
  const now = deps.now ?? (() => performance.now());
  const t0 = now();
  const startedAt = (deps.wallClock ?? (() => new Date()))();
  const controller = new AbortController();
  // Every socket of the run listens to this one signal; hundreds of listeners are expected, not a leak.
  setMaxListeners(0, controller.signal);
  const deadline = setTimeout(() => controller.abort(new Error('deadline')), options.deadlineMs);

  const debug = (stage: string, message: string) => {
    if (options.debug) deps.stderr.write(`[+${String(Math.round(now() - t0)).padStart(5)}ms] ${stage}: ${sanitize(message, 2000)}\n`);
  };
  const progress = createProgress({
    enabled: !options.debug && progressEnabled({ format: options.format, quiet: options.format === 'quiet', stderrIsTTY: Boolean(deps.stderr.isTTY), env: deps.env }),
    stream: deps.stderr,
  });
  const log = (stage: string, message: string) => {
    debug(stage, message);
    progress.update(message);
  };

  try {
    const resolverMode: 'system' | 'explicit' = options.resolvers.length > 0 ? 'explicit' : 'system';
    // System mode asks the first resolv.conf server, as the C library does; the others are its failover,
    // so they are asked only when it fails every name, before the public fallbacks.
    const system = resolverMode === 'explicit' ? [] : (deps.systemResolvers ?? (await readSystemResolvers(deps.resolvConf)));
    if ('code' in system) deps.stderr.write(`cdn-check: ${system.message}\n`);
    const systemList = 'code' in system ? [] : system;
    const resolvers = resolverMode === 'explicit' ? options.resolvers : systemList.slice(0, 1);
    const fallbackResolvers =
      options.fallbackResolvers.length > 0 || resolverMode === 'explicit'
        ? options.fallbackResolvers
        : [...systemList.slice(1, 3), ...defaultFallbacks()];
    const trust = await loadTrust({ caFile: options.caFile, extraCaEnv: deps.env.NODE_EXTRA_CA_CERTS });
    if ('code' in trust) return usage(deps, `--ca-file: ${trust.message}`);
    for (const warning of trust.warnings ?? []) deps.stderr.write(`cdn-check: warning: ${sanitize(warning.message, 300)}\n`);

    // A sweep may push a resolver into shedding load: there, REFUSED and timeouts are retried (bounded,
    // with backoff) and counted per resolver; a single check reports them as they come.
    const bulk = options.targetsFile !== null;
    const retried = new RetryCounter();
    const retrying = (count?: () => void): Querier =>
      withRetries(BULK_RETRY, {
        onRetry: (resolver) => {
          retried.add(resolver);
          count?.();
        },
      }, deps.query ?? realQuery);
    const ctx: PipelineContext = {
      resolvers,
      timeoutMs: options.timeoutMs,
      signal: controller.signal,
      limit: createLimiter(options.concurrency),
      ca: options.caFile || deps.env.NODE_EXTRA_CA_CERTS ? trust.ca : undefined,
      insecure: options.insecure,
      port: options.port,
      fingerprintOnly: options.fingerprintOnly,
      userAgent: `cdn-check/${VERSION}`,
      log,
      now,
      ...(bulk ? { query: retrying(), speculate: false } : deps.query ? { query: deps.query } : {}),
    };
    // Parse the trust store while the first DNS answers are on their way, not in front of the first handshake.
    if (!options.fingerprintOnly) setImmediate(() => warmTrust(ctx.ca));
    debug('run', `resolvers ${resolvers.map((r) => r.label).join(', ') || '(none)'} (${resolverMode}); deadline ${options.deadlineMs} ms`);

    if (options.targetsFile && options.targetsFile !== '-') {
      const readable = await access(options.targetsFile, constants.R_OK).then(() => true, () => false);
      if (!readable) return usage(deps, `--targets-file: cannot read "${sanitize(options.targetsFile, 200)}"`);
    }

    const targetHosts = options.targets.map((t) => t.host);
    const canaries = new CanaryBoard(ctx, options, targetHosts);
    const controls = lazy(() => runControls(ctx, options, targetHosts));
    // Controls start at once: when everything fails, they are what tells "your network" apart.
    // Failures inside are data; a bug would surface where the promise is awaited, never as an unhandled rejection.
    // (On the next turn of the loop, so the targets' own first queries leave first.)
    if (!options.fingerprintOnly) setImmediate(() => controls().catch(() => {}));

    // ndjson and quiet sweeps stream: each target is decided as soon as its own evidence is in (against
    // the targets decided so far) and then dropped, so memory does not grow with the targets file.
    const streaming = options.format === 'ndjson' || (options.format === 'quiet' && options.targetsFile !== null);
    const tally = new Tally();
    const kept: (Evidence | undefined)[] = [];
    const streamedCodes: number[] = [];
    const waitForReader = drainGate(deps.stdout);
    let badLines = 0;
    const meta = { schemaVersion: 1 as const, tool: { name: 'cdn-check' as const, version: VERSION } };

    await forEachConcurrent(targetStream(options, deps, controller.signal), Math.min(options.concurrency, 256), async (entry, index) => {
      if (!entry.ok) {
        badLines++;
        if (options.format !== 'quiet') deps.stderr.write(`cdn-check: ${options.targetsFile}:${entry.line}: invalid target "${sanitize(entry.input, 80)}": ${entry.reason} (skipped)\n`);
        return;
      }
      let retries = 0;
      const own = bulk ? { ...ctx, query: retrying(() => retries++) } : ctx;
      const evidence = withRetryCount(await gather(entry.target, own, canaries, controls, resolverMode, fallbackResolvers), retries);
      if (streaming) {
        const report = decideOne(evidence, tally.peers(), resolverMode, options);
        tally.add(evidence.facts);
        streamedCodes.push(report.verdict.exitCode);
        // A slow reader (a pipe into gzip, a full disk) holds the sweep back instead of piling lines up in memory.
        if (options.format === 'ndjson' && !deps.stdout.write(renderNdjsonLine(report, meta))) await waitForReader();
      } else {
        tally.add(evidence.facts);
        kept[index] = evidence;
      }
    });

    const gathered = kept.filter((e): e is Evidence => e !== undefined);
    const reports = streaming
      ? []
      : gathered.map((evidence) => decideOne(evidence, tally.peersExcluding(evidence.facts), resolverMode, options));
    const codes = streaming ? streamedCodes : reports.map((r) => r.verdict.exitCode);
    if (codes.length === 0 && badLines === 0) return usage(deps, 'no target given (the targets file has none)');

    const report: Report = {
      ...meta,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(now() - t0),
      exitCode: combineExitCodes(codes.length === 0 ? [64] : codes),
      targets: reports,
      correlation: tally.entries(),
    };
    if (options.targetsFile !== null && options.format !== 'quiet' && options.format !== 'json') {
      deps.stderr.write(renderSweepSummary(tally.entries(), codes.length, badLines, report.durationMs, providerName));
      if (retried.total() > 0) deps.stderr.write(renderRetries(retried.entries()));
    }
    progress.stop();
    writeReport(report, options, deps);
    return report.exitCode;
  } finally {
    progress.stop();
    clearTimeout(deadline);
    // Canaries and controls still in flight are no longer needed: close their sockets now.
    if (!controller.signal.aborted) controller.abort(new Error('done'));
  }
}

interface Evidence {
  facts: HostFacts;
  canaryResults: CanaryResult[];
  controlResults: ControlResult[];
  fallback: ResolverOutcome[] | undefined;
}

function decideOne(
  { facts, canaryResults, controlResults, fallback }: Evidence,
  peers: CorrelationEntry[],
  resolverMode: 'system' | 'explicit',
  options: Options,
): TargetReport {
  const verdict = decide({
    host: facts.target.host,
    observation: facts.observation,
    fingerprint: facts.fingerprint,
    canaries: canaryResults,
    controls: controlResults,
    peers,
    resolverMode,
    strict: options.strict,
    names: providerName,
    ...(fallback ? { fallback } : {}),
  });
  return buildTargetReport(facts, verdict, canaryResults, controlResults);
}

/** One target's evidence: its own facts, and the canaries and controls that matter for it. */
async function gather(
  target: Target,
  ctx: PipelineContext,
  canaries: CanaryBoard,
  controls: () => Promise<ControlResult[]>,
  resolverMode: 'system' | 'explicit',
  fallbackResolvers: ResolverAddress[],
): Promise<Evidence> {
  const facts = await inspectHost(target, ctx, {
    // The first CNAME into a CDN's zone is enough to start that CDN's canaries (Akamai 2021: the
    // edgekey.net hop answers while akamaiedge.net is still failing).
    onCdnName: (provider) => canaries.start(provider, 'cdn').catch(() => {}),
    onDnsFingerprint: (fp, dns) => {
      // Canaries start as soon as DNS names a provider, in parallel with the target's own probes: the
      // failing zone's owner when DNS failed, else the CDN's (what an HTTP failure would need).
      const failedAt = dns.error ? (fp.hopOwners[dns.chain.findIndex((h) => h.name === dns.error?.name)] ?? null) : null;
      const early = dns.error && failedAt ? canaries.start(failedAt, 'cdn') : dns.error && fp.dns ? canaries.start(fp.dns.id, 'dns') : fp.cdn ? canaries.start(fp.cdn.id, 'cdn') : null;
      early?.catch(() => {}); // awaited later only if the target turns out down
    },
  });
  if (facts.observation.health !== 'down') return { facts, canaryResults: [], controlResults: [], fallback: undefined };
  const [fallback, canaryResults, allControls] = await Promise.all([
    askFallback(facts, fallbackResolvers, ctx),
    canaries.forFacts(facts),
    controls(),
  ]);
  // A control on the target's own provider would make a provider outage look like your own network.
  const own = new Set([facts.fingerprint.cdn?.id, facts.fingerprint.dns?.id, ...facts.fingerprint.layers.map((l) => l.id)].filter(Boolean));
  const controlResults = allControls.filter((c) => c.provider === null || !own.has(c.provider));
  return { facts, canaryResults, controlResults, fallback };
}

/**
 * Targets as evidence for each other: per provider and role, how many were seen and how many were down.
 * Counts only, so a sweep of any size keeps constant memory.
 */
class Tally {
  private readonly counts = new Map<string, { provider: string; role: Role; down: number; total: number }>();

  add(facts: HostFacts): void {
    for (const item of this.itemsOf(facts)) {
      const key = `${item.role}:${item.provider}`;
      const entry = this.counts.get(key) ?? { provider: item.provider, role: item.role, down: 0, total: 0 };
      entry.total++;
      if (item.down) entry.down++;
      this.counts.set(key, entry);
    }
  }

  /** The other targets, for a target that was already added. */
  peersExcluding(facts: HostFacts): CorrelationEntry[] {
    const own = new Map(this.itemsOf(facts).map((i) => [`${i.role}:${i.provider}`, i.down]));
    return this.merge([...this.counts].map(([key, e]) => {
      const mine = own.get(key);
      return mine === undefined ? e : { ...e, total: e.total - 1, down: e.down - (mine ? 1 : 0) };
    }));
  }

  /** Everything seen so far (for a target not added yet). */
  peers(): CorrelationEntry[] {
    return this.merge([...this.counts.values()]);
  }

  entries(): CorrelationEntry[] {
    return this.merge([...this.counts.values()]);
  }

  /** One entry per provider: a target that depends on a provider in both roles counts once for it. */
  private merge(list: { provider: string; down: number; total: number }[]): CorrelationEntry[] {
    const byProvider = new Map<string, CorrelationEntry>();
    for (const e of list) {
      if (e.total <= 0) continue;
      const prev = byProvider.get(e.provider);
      if (!prev || e.total > prev.total) byProvider.set(e.provider, { provider: e.provider, down: e.down, total: e.total });
    }
    return [...byProvider.values()].sort((a, b) => b.total - a.total || a.provider.localeCompare(b.provider));
  }

  /** A down target counts only against the provider its failure points at (an origin error is not Route 53's). */
  private itemsOf(facts: HostFacts): { provider: string; role: Role; down: boolean }[] {
    return correlationItems(facts.target.host, facts.fingerprint, facts.observation).flatMap((i) =>
      i.provider ? [{ provider: i.provider, role: i.role, down: i.down }] : [],
    );
  }
}

/**
 * Canaries per provider and role, started once and shared by every target on that provider
 * (and, in bulk mode, by the whole sweep).
 */
class CanaryBoard {
  private readonly runs = new Map<string, Promise<CanaryResult[]>>();
  private readonly hosts = new Map<string, Promise<HostFacts>>();
  constructor(
    private readonly ctx: PipelineContext,
    private readonly options: Options,
    private readonly exclude: string[],
  ) {}

  start(provider: string, role: Role): Promise<CanaryResult[]> {
    const key = `${role}:${provider}`;
    let started = this.runs.get(key);
    if (!started) {
      started = this.check(provider, role);
      this.runs.set(key, started);
    }
    return started;
  }

  /** The canaries that matter for this target: those of whoever owns the piece that failed (see canaryKeys). */
  async forFacts(facts: HostFacts): Promise<CanaryResult[]> {
    const keys = canaryKeys(facts.fingerprint, facts.observation);
    const lists = await Promise.all(keys.map(([provider, role]) => this.start(provider, role)));
    return lists.flat();
  }

  /** The same host checked for two roles (a CDN that is also the DNS host) is inspected once. */
  private inspect(host: string): Promise<HostFacts> {
    let facts = this.hosts.get(host);
    if (!facts) {
      facts = inspectHost(canaryTarget(host, this.options), this.ctx);
      this.hosts.set(host, facts);
    }
    return facts;
  }

  private async check(provider: string, role: Role): Promise<CanaryResult[]> {
    const hosts = canariesFor(provider, role, {
      builtin: this.options.builtinCanaries,
      extra: this.options.canaries,
      exclude: this.exclude,
    });
    this.ctx.log('canary', `checking ${hosts.length} ${providerName(provider, role)} canaries`);
    return Promise.all(
      hosts.map(async (host): Promise<CanaryResult> => {
        const facts = await this.inspect(host);
        const finished = !this.ctx.signal.aborted || facts.observation.health !== 'down';
        return {
          host,
          provider,
          role,
          // A canary cut short by the deadline proves nothing about its provider.
          confirmed: finished && isConfirmed(provider, role, facts.fingerprint),
          status: facts.observation.health === 'down' ? 'down' : 'up',
          layer: facts.observation.layer,
          code: finished ? facts.observation.code : 'DEADLINE',
          ms: facts.ms,
        };
      }),
    );
  }
}

async function runControls(ctx: PipelineContext, options: Options, targetHosts: string[]): Promise<ControlResult[]> {
  // Started before any target's provider is known: take a few more than needed, and leave out those on a
  // target's own provider when the verdict is made (see gather).
  const hosts = controlsFor({ builtin: options.builtinControls, extra: options.controls, avoid: [], exclude: targetHosts, max: 6 });
  ctx.log('control', `checking ${hosts.length} control hosts`);
  return Promise.all(
    hosts.map(async (host): Promise<ControlResult> => {
      const facts = await inspectHost(canaryTarget(host, options), ctx);
      const builtin = BUILTIN_CONTROLS.find((c) => c.host === host);
      return {
        host,
        provider: facts.fingerprint.cdn?.id ?? builtin?.provider ?? null,
        status: facts.observation.health === 'down' ? 'down' : 'up',
        layer: facts.observation.layer,
        code: facts.observation.code,
        ms: facts.ms,
      };
    }),
  );
}

/**
 * System mode only: when the system resolver failed every name, ask the fallback resolvers the same
 * question, so "your resolver is broken" can be told from "the name is broken".
 */
async function askFallback(
  facts: HostFacts,
  fallbackResolvers: ResolverAddress[],
  ctx: PipelineContext,
): Promise<ResolverOutcome[] | undefined> {
  const dns = facts.dns;
  if (!dns || !dns.error || fallbackResolvers.length === 0) return undefined;
  // Only a resolver that gave no usable answer is in doubt: NXDOMAIN or NODATA is the zone speaking, and
  // asking someone else about it would send the question off this network for nothing.
  const silent = dns.byResolver.length > 0 && dns.byResolver.every((o) => !o.ok && o.error !== null && RESOLVER_IN_DOUBT.has(o.error.code));
  if (!silent) return undefined;
  ctx.log('dns', `asking fallback resolvers ${fallbackResolvers.map((r) => r.label).join(', ')}`);
  const trace = await traceDns(facts.target.host, fallbackResolvers, {
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    nameservers: false,
    ...(ctx.query ? { query: ctx.query } : {}),
  });
  return trace.byResolver;
}

/** Failures that may be the resolver's own, not the name's (DEADLINE is the run's, not the resolver's). */
const RESOLVER_IN_DOUBT = new Set(['TIMEOUT', 'NETWORK', 'SERVFAIL', 'REFUSED', 'MALFORMED']);

function canaryTarget(host: string, options: Options): Target {
  const parsed = parseTarget(host);
  if (!parsed.ok) throw new Error(`built-in host "${host}" is invalid: ${parsed.reason}`);
  return { ...parsed.target, port: options.port ?? parsed.target.port };
}

/**
 * Whose canaries can tell this failure apart: the owner of the failing piece in its role; for a failure in
 * the site's own zone, its DNS host's; for an edge-side failure of the site (origin error, certificate), its
 * CDN's (do they serve others fine?); when the owner is unknown, every provider the site depends on.
 */
export function canaryKeys(fp: Fingerprint, observation: Observation): [string, Role][] {
  const owner = observation.owner;
  if (owner && owner !== 'site') return [[owner, observation.ownerRole === 'dns' ? 'dns' : 'cdn']];
  const cdn: [string, Role][] = fp.cdn ? [[fp.cdn.id, 'cdn']] : [];
  const dns: [string, Role][] = fp.dns ? [[fp.dns.id, 'dns']] : [];
  if (owner === 'site') return observation.layer === 'dns' ? dns : cdn;
  return [...cdn, ...dns];
}

/** Targets from the command line, then from --targets-file, as one stream. */
async function* targetStream(options: Options, deps: RunDeps, signal: AbortSignal): AsyncGenerator<TargetLine> {
  for (const target of options.targets) yield { ok: true, target, line: 0 };
  if (options.targetsFile !== null) yield* readTargets(options.targetsFile, deps.stdin, signal);
}

/** The per-provider summary printed after a sweep (stderr, so stdout stays machine-readable). */
function renderSweepSummary(entries: CorrelationEntry[], decided: number, badLines: number, ms: number, name: (id: string) => string): string {
  const lines = entries.map((e) => `  ${name(e.provider).padEnd(24)} ${String(e.total).padStart(7)} targets  ${String(e.down).padStart(7)} down`);
  const rate = ms > 0 ? ` (${Math.round((decided / ms) * 1000)}/s)` : '';
  return `\ncdn-check: ${decided} targets in ${(ms / 1000).toFixed(1)} s${rate}${badLines ? `, ${badLines} bad lines skipped` : ''}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}

/** The resolvers that made the sweep retry (REFUSED or timeouts: a resolver shedding load), after the summary. */
function renderRetries(entries: [string, number][]): string {
  return entries.map(([label, n]) => `  resolver ${label}: ${n} ${n === 1 ? 'query' : 'queries'} retried after REFUSED or a timeout (rate-limited?)\n`).join('');
}

/** The target's DNS trace with how many of its queries were retried (left out when none were). */
function withRetryCount(evidence: Evidence, retries: number): Evidence {
  const dns = evidence.facts.dns;
  if (retries === 0 || !dns) return evidence;
  return { ...evidence, facts: { ...evidence.facts, dns: { ...dns, retries } } };
}

/** One shared wait per stream, so hundreds of workers held by the same slow reader add one set of listeners. */
function drainGate(stream: NodeJS.WritableStream): () => Promise<void> {
  let pending: Promise<void> | null = null;
  return () =>
    (pending ??= drained(stream).then(() => {
      pending = null;
    }));
}

/** Resolves once `stream` wants more data again, or never will (closed, errored, destroyed). */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  const s = stream as NodeJS.WritableStream & { destroyed?: boolean; writableNeedDrain?: boolean };
  if (s.destroyed || s.writableNeedDrain === false) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      s.off('drain', done);
      s.off('close', done);
      s.off('error', done);
      resolve();
    };
    s.once('drain', done);
    s.once('close', done);
    s.once('error', done);
  });
}

function defaultFallbacks(): ResolverAddress[] {
  return PUBLIC_FALLBACK_RESOLVERS.map((ip) => parseResolverSpec(ip)).filter((r): r is ResolverAddress => !('code' in r));
}


function writeReport(report: Report, options: Options, deps: RunDeps): void {
  switch (options.format) {
    case 'quiet':
    case 'ndjson':
      return;
    case 'json':
      deps.stdout.write(renderers.json(report, { palette: makePalette(false), verbose: options.verbose }));
      return;
    case 'text':
      deps.stdout.write(renderers.text(report, {
          palette: makePalette(options.color),
          verbose: options.verbose,
          names: (id) => providerName(id),
          ...(deps.stdout.isTTY && 'columns' in deps.stdout && typeof deps.stdout.columns === 'number' ? { width: deps.stdout.columns } : {}),
        }),);
      return;
  }
}

function usage(deps: RunDeps, message: string): number {
  deps.stderr.write(`cdn-check: ${message}\n`);
  return 64;
}

/** A promise started on first use and shared after. */
function lazy<T>(start: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | null = null;
  return () => (promise ??= start());
}

// The driver: targets, canaries and controls through the pipeline in parallel, under one deadline,
// then correlation, the verdicts and the report. Transports, clock and streams come in as deps.
import { setMaxListeners } from 'node:events';
import { createQuerier, type Querier } from '../dns/query.ts';
import { BULK_RETRY, RetryCounter, withRetries } from '../dns/retry.ts';
import { providerName } from '../fingerprint/match.ts';
import type { Options } from '../options.ts';
import { CanaryBoard, checkControls } from './peers.ts';
import { inspectHost, type HostFacts, type PipelineContext } from './pipeline.ts';
import { createEventStream, showsTrouble, type EventListener, type EventStream, type RunEvent } from './events.ts';
import { forEachConcurrent } from './pool.ts';
import { baselineWasmOnly } from '../probe/load.ts';
import { networkWait, startWarmups } from '../probe/warm.ts';
import { createLimiter } from '../probe/limit.ts';
import { proxySettings, type ProxySettings } from '../probe/proxy-config.ts';
import { jsonPieces, renderNdjsonLine } from '../render/json.ts';
import type { TextOptions } from '../render/text.ts';
import { loadRenderer, loadTextRenderer } from '../render/load.ts';
import { printablePath, readBounded } from '../input.ts';
import { openTargets, type TargetLine } from './targets-file.ts';
import { makePalette } from '../render/palette.ts';
import { sanitize } from '../render/sanitize.ts';
import { screenWidth } from '../render/width.ts';
import { createProgress, progressEnabled } from '../render/spinner.ts';
import { progressText, timelineLine } from '../render/timeline.ts';
import { buildTargetReport, notCheckedReport, withNext } from './report.ts';
import { askFallback, fallbackProbeName, planResolvers, type ResolverPlan } from './resolvers.ts';
import { drainGate, renderRetries, renderSweepSummary, SWEEP_FROM_ARGV_TARGETS, TargetSource, UNREAD_SCAN_MS } from './sweep.ts';
import { EXIT, type CanaryResult, type ControlResult, type CorrelationEntry, type Report, type ResolverAddress, type ResolverOutcome, type Status, type StatusFeed, type Target, type TargetReport, type Unreached } from '../types.ts';
import { Correlation, correlationItems } from '../verdict/correlate.ts';
import { decide } from '../verdict/decide.ts';
import { applyScope } from '../verdict/scope.ts';
import type { startVantage, VantageStarter } from '../vantage/remote.ts';
import type { EdgeProber } from '../probe/probe-all.ts';
import { StatusBoard, type FeedFetcher } from '../status/fetch.ts';
import { feedsForVerdict, involvedProviders } from '../status/involved.ts';
import type { VantageReport } from '../vantage/types.ts';
import { combineExitCodes } from '../verdict/exit.ts';
import { VERSION } from '../version.ts';
import { MAX_CA_FILE_BYTES, PEER_PROBE_HOLD_MS } from '../defaults.ts';

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
  /** Aborts on Ctrl-C: the run stops at once, writes no report and returns 130. */
  interrupt?: AbortSignal;
  /** The system's resolvers as if read from resolv.conf (tests: a lab resolver on its own port, which resolv.conf cannot express). */
  systemResolvers?: ResolverAddress[];
  /**
   * Receives the finished report instead of stdout (one watch round); set `format: 'quiet'` too, so nothing else
   * is written. Not called for streamed runs (--ndjson, sweeps) nor when the run stops early (usage, Ctrl-C).
   */
  onReport?: (report: Report) => void;
  /** Called with the whole report once it is made, written or not (not for sweeps): the CLI's GitHub summary and outputs. */
  onFinished?: (report: Report) => void;
  /** Hears every event of the run (events.ts), in order, before the run's own subscribers: a recorder, a test. */
  onEvent?: EventListener;
  /** Injectable edge prober (record and replay, src/record/); probe/edge.ts's probeEdge otherwise. */
  probe?: EdgeProber;
  /** Injectable remote vantage (record and replay); vantage/remote.ts's startVantage otherwise. */
  vantage?: typeof startVantage;
  /** Injectable status-feed fetch (record and replay); status/fetch.ts's fetchFeed otherwise. */
  statusFeed?: FeedFetcher;
  /** Ends the run as --deadline does, instead of the --deadline timer (replay: no wall-clock time may change its outcome). */
  deadline?: AbortSignal;
  /** Told which resolvers the run asks, once they are known (a recording keeps them: resolv.conf may change). */
  onResolvers?: (plan: ResolverPlan) => void;
}

/** Runs the diagnosis for every target, writes the report and returns the exit code. */
export async function run(options: Options, deps: RunDeps): Promise<number> {
  const scope = openScope(options, deps);
  try {
    const setup = await prepare(options, deps, scope);
    if (typeof setup === 'number') return setup;
    const { ctx, retried, bulk, resolverMode } = setup;
    if (!options.fingerprintOnly) warmUntilFirstProbe(ctx.ca, scope, setup.waiting);
    scope.log('run', `resolvers ${ctx.resolvers.map((r) => r.label).join(', ') || '(none)'} (${resolverMode}); timeout ${options.timeoutMs} ms; deadline ${options.deadlineMs} ms`);
    scope.log('run', describeProxies(setup.proxies));

    const reader = options.targetsFile === null ? null : openTargets(options.targetsFile, (deps.stdin ?? process.stdin) as NodeJS.ReadableStream & { destroy(): void });
    if (reader && 'code' in reader) return usage(deps, `--targets-file ${reader.message}`);
    const source = new TargetSource(options.targets, reader);
    scope.cleanups.push(() => source.close());
    const peers = startPeers(ctx, options, scope, deps);
    // A sweep streams: each target is decided as soon as its own evidence is in (against the targets decided so
    // far), written, and dropped, so memory does not grow with the targets file or the argument list.
    const out = createOutput(options, deps, scope, options.format === 'ndjson' || bulk);
    const correlation = new Correlation();
    // --from: each target's remote measurement starts with its local diagnosis and runs beside it.
    // Loaded only with --from (or a recording's stand-in): its HTTP client is all of undici.
    if (options.vantage && !deps.vantage) await baselineWasmOnly();
    const begin = deps.vantage ?? (options.vantage ? (await import('../vantage/remote.ts')).startVantage : null);
    const vantage = begin ? begin(options, { signal: scope.controller.signal, now: scope.now, startedAt: scope.t0, emit: scope.events.emit }) : null;
    await checkAll({ options, setup, scope, source, peers, out, correlation, vantage });
    if (scope.interrupted()) return EXIT.interrupted;
    return await finish({ options, deps, scope, out, correlation, source, resolverMode, bulk, retried });
  } finally {
    scope.close();
  }
}

interface Sweep {
  options: Options;
  setup: Setup;
  scope: Scope;
  source: TargetSource;
  peers: Peers;
  out: Output;
  correlation: Correlation;
  /** Starts a target's remote measurement (--from), or null without it. */
  vantage: VantageStarter | null;
}

/** Every target through the bounded pool, each decided or kept as its evidence comes in. */
async function checkAll({ options, setup, scope, source, peers, out, correlation, vantage }: Sweep): Promise<void> {
  const { ctx, retrying, bulk, resolverMode, fallbackResolvers } = setup;
  await forEachConcurrent(source.entries(scope.controller.signal), Math.min(options.concurrency, 256), async (entry, index) => {
    if (!entry.ok) return out.badLine(entry);
    // Taken from the stream just as the deadline passed: not checked, like the lines after it.
    if (scope.controller.signal.aborted) return out.unreachedTarget(entry, index);
    let retries = 0;
    const own = bulk ? { ...ctx, query: retrying(() => retries++) } : ctx;
    const remote = vantage?.(entry.target);
    const local = withRetryCount(await gather(entry.target, own, peers, fallbackResolvers), retries);
    const evidence = remote ? { ...local, remote: await remote } : local;
    if (out.streaming) {
      const report = decideOne(evidence, correlation.entries(), resolverMode, options);
      correlation.add(itemsOf(evidence));
      await out.emit(report);
    } else {
      correlation.add(itemsOf(evidence));
      out.keep(index, evidence);
    }
  });
  if (scope.interrupted()) return;
  // The deadline cut the sweep: list what was never reached, scanning the rest of the input for a moment more.
  if (!source.complete && !scope.outputClosed()) {
    for await (const entry of source.entries(AbortSignal.timeout(UNREAD_SCAN_MS))) {
      if (entry.ok) await out.unreachedTarget(entry);
      else out.badLine(entry);
    }
  }
}

/** What lives as long as one run: its clock, its one abort signal (deadline, Ctrl-C, a closed output), its logs. */
interface Scope {
  now: () => number;
  t0: number;
  startedAt: Date;
  controller: AbortController;
  interrupted: () => boolean;
  outputClosed: () => boolean;
  cleanups: (() => void)[];
  /** The run's one event stream: the stages emit into it, the gate, warm-ups, spinner and --debug listen. */
  events: EventStream;
  /** A free-text line on the stream (what no structured event says). */
  log: (stage: Extract<RunEvent, { type: 'log' }>['stage'], message: string) => void;
  progress: ReturnType<typeof createProgress>;
  close: () => void;
}

function openScope(options: Options, deps: RunDeps): Scope {
  const now = deps.now ?? (() => performance.now());
  const t0 = now();
  const startedAt = (deps.wallClock ?? (() => new Date()))();
  const controller = new AbortController();
  // Every socket of the run listens to this one signal; hundreds of listeners are expected, not a leak.
  setMaxListeners(0, controller.signal);
  const onDeadline = (): void => controller.abort(new Error('deadline'));
  const deadline = deps.deadline ? undefined : setTimeout(onDeadline, options.deadlineMs);
  deps.deadline?.addEventListener('abort', onDeadline, { once: true });
  if (deps.deadline?.aborted) onDeadline();
  const interrupted = (): boolean => deps.interrupt?.aborted === true;
  const onInterrupt = (): void => controller.abort(new Error('interrupted'));
  deps.interrupt?.addEventListener('abort', onInterrupt, { once: true });
  if (interrupted()) onInterrupt();
  // A reader that went away (`| head -1`) ends the run as the deadline would: no new target starts for nobody.
  let outputClosed = false;
  const onOutputError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') return;
    outputClosed = true;
    controller.abort(new Error('output closed'));
  };
  deps.stdout.on('error', onOutputError);
  const cleanups: (() => void)[] = [];
  const events = createEventStream(() => now() - t0);
  if (deps.onEvent) events.on(deps.onEvent);
  // The --debug timeline and the spinner are two readings of the same events.
  if (options.debug) events.on((event, at) => deps.stderr.write(timelineLine(event, at)));
  const spinning = !options.debug && progressEnabled({ format: options.format, quiet: options.format === 'quiet', stderrIsTTY: Boolean(deps.stderr.isTTY), env: deps.env });
  const progress = createProgress({ enabled: spinning, stream: deps.stderr });
  if (spinning) {
    events.on((event) => {
      const text = progressText(event);
      if (text !== null) progress.update(text);
    });
  }
  const log: Scope['log'] = (stage, message) => events.emit({ type: 'log', stage, message });
  const close = (): void => {
    progress.stop();
    clearTimeout(deadline);
    deps.deadline?.removeEventListener('abort', onDeadline);
    deps.interrupt?.removeEventListener('abort', onInterrupt);
    deps.stdout.off('error', onOutputError);
    for (const cleanup of cleanups) cleanup();
    // Canaries and controls still in flight are no longer needed: close their sockets now.
    if (!controller.signal.aborted) controller.abort(new Error('done'));
  };
  return { now, t0, startedAt, controller, interrupted, outputClosed: () => outputClosed, cleanups, events, log, progress, close };
}

interface Setup {
  ctx: PipelineContext;
  retrying: (count?: () => void) => Querier;
  retried: RetryCounter;
  bulk: boolean;
  resolverMode: 'system' | 'explicit';
  fallbackResolvers: ResolverAddress[];
  proxies: ProxySettings;
  /** Resolves once a DNS query keeps the run waiting: the warm-ups' cue. */
  waiting: Promise<void>;
}

/** Resolvers, trust and proxies, then the context every host is inspected in; an exit code on bad input. */
async function prepare(options: Options, deps: RunDeps, scope: Scope): Promise<Setup | number> {
  const plan = await planResolvers(options, {
    ...(deps.systemResolvers ? { list: deps.systemResolvers } : {}),
    ...(deps.resolvConf ? { resolvConf: deps.resolvConf } : {}),
  });
  deps.onResolvers?.(plan);
  if (plan.problem) deps.stderr.write(`cdn-check: ${sanitize(plan.problem.message, 400)}\n`);
  // The CA file is read bounded in size and by the deadline (a FIFO, /dev/zero), before anything else needs it.
  const caText = options.caFile === null ? undefined : await readBounded(options.caFile, MAX_CA_FILE_BYTES, scope.controller.signal);
  if (scope.interrupted()) return EXIT.interrupted;
  if (caText !== undefined && !Buffer.isBuffer(caText)) return usage(deps, `--ca-file ${caText.message}`);
  let ca: string[] | undefined;
  if (needsOwnTrust(options.caFile, deps.env)) {
    // Loaded only here: node:tls and X.509 parsing are ~20 ms that a run on Node's own store never needs.
    const { loadTrust } = await import('../probe/trust.ts');
    const trust = loadTrust({ caFile: options.caFile, ...(caText ? { caText: caText.toString('utf8') } : {}), extraCaEnv: deps.env.NODE_EXTRA_CA_CERTS });
    if ('code' in trust) return usage(deps, trust.message); // the message names --ca-file and the path already
    for (const warning of trust.warnings ?? []) deps.stderr.write(`cdn-check: warning: ${sanitize(warning.message, 300)}\n`);
    ca = trust.ca;
  }
  // From deps.env, never process.env: tests run in-process with an environment of their own.
  const proxies = proxySettings(deps.env, options.noproxy);
  if (!proxies.ok) return usage(deps, `${sanitize(proxies.message, 300)} (unset it, or --noproxy '*' to go direct)`);

  // A sweep may push a resolver into shedding load: there, REFUSED and timeouts are retried (bounded,
  // with backoff) and counted per resolver; a single check reports them as they come.
  const bulk = options.targetsFile !== null || options.targets.length > SWEEP_FROM_ARGV_TARGETS;
  // A sweep streams targets and keeps none; these formats are one document about all of them (issue 15 §8).
  if (bulk && WHOLE_REPORT_FORMATS.has(options.format)) return usage(deps, `--format ${options.format} needs the whole report: not with --targets-file or more than ${SWEEP_FROM_ARGV_TARGETS} targets (use --ndjson)`);
  const retried = new RetryCounter();
  // One querier per run: what it learns about a resolver (UDP filtered, TCP works) lasts this run only.
  // Watched: the warm-ups begin once a query keeps the run waiting on the network (see probe/warm.ts).
  const { query: baseQuery, waiting } = networkWait(deps.query ?? createQuerier());
  const retrying = (count?: () => void): Querier =>
    withRetries(BULK_RETRY, {
      onRetry: (resolver) => {
        retried.add(resolver);
        count?.();
      },
    }, baseQuery);
  const ctx: PipelineContext = {
    resolvers: plan.resolvers,
    timeoutMs: options.timeoutMs,
    signal: scope.controller.signal,
    limit: createLimiter(options.concurrency),
    ca,
    insecure: options.insecure,
    port: options.port,
    fingerprintOnly: options.fingerprintOnly,
    family: options.family,
    pins: options.pins,
    connectTo: options.connectTo,
    http1Only: options.http1Only,
    userAgent: `cdn-check/${VERSION}`,
    proxy: proxies.settings,
    emit: scope.events.emit,
    now: scope.now,
    ...(deps.probe ? { probe: deps.probe } : {}),
    ...(bulk ? { query: retrying(), speculate: false } : { query: baseQuery }),
  };
  return { ctx, retrying, retried, bulk, resolverMode: plan.mode, fallbackResolvers: plan.fallbacks, proxies: proxies.settings, waiting };
}

// What Node itself read at start-up: its default TLS store already holds these certificates (and it warned, once,
// if the file was unreadable).
const PROCESS_EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;

/**
 * Whether probes need a trust store of their own instead of Node's default one: for --ca-file (passing `ca`
 * replaces the defaults, so the store is rebuilt with them), or when the run's environment names other extra
 * certificates than the process started with (a run in-process with an environment of its own, as tests do).
 */
export function needsOwnTrust(caFile: string | null, env: Record<string, string | undefined>): boolean {
  return caFile !== null || (env.NODE_EXTRA_CA_CERTS !== undefined && env.NODE_EXTRA_CA_CERTS !== '' && env.NODE_EXTRA_CA_CERTS !== PROCESS_EXTRA_CA);
}

/** Canaries and controls for the run, holding their probes behind the trouble gate. */
function startPeers(ctx: PipelineContext, options: Options, scope: Scope, deps: RunDeps): Peers {
  const targetHosts = options.targets.map((t) => t.host);
  // Canaries and controls resolve at once but hold their TCP/TLS/HTTP probes until a target shows trouble
  // (or PEER_PROBE_HOLD_MS passes): a healthy target does not share the one thread with a dozen others.
  // The first failed answer or edge is enough, without waiting for the walk that pins a DNS failure or for
  // the slowest edge.
  const trouble = gate(scope.controller.signal);
  const troubleTimer = setTimeout(trouble.open, PEER_PROBE_HOLD_MS);
  scope.cleanups.push(() => clearTimeout(troubleTimer));
  scope.events.on((event) => {
    if (showsTrouble(event)) trouble.open();
  });
  const peerCtx: PipelineContext = { ...ctx, holdProbes: trouble.opened };
  const canaries = new CanaryBoard(peerCtx, options, targetHosts);
  scope.events.on((event) => startCanariesEarly(event, canaries));
  const controls = lazy(() => checkControls(peerCtx, options, targetHosts));
  // Controls start at once: when everything fails, they are what tells "your network" apart.
  // Failures inside are data; a bug would surface where the promise is awaited, never as an unhandled rejection.
  // (On the next turn of the loop, so the targets' own first queries leave first.)
  if (!options.fingerprintOnly) setImmediate(() => controls().catch(() => {}));
  const wallClock = (): number => (deps.wallClock?.() ?? new Date()).getTime();
  const status = options.status.enabled && !options.fingerprintOnly ? new StatusBoard(options.status, { signal: scope.controller.signal, timeoutMs: options.timeoutMs, userAgent: ctx.userAgent, now: scope.now, wallClock, log: scope.log }, deps.statusFeed) : null;
  return { canaries, controls, fallbackName: fallbackProbeName(options.builtinControls, targetHosts), status };
}

/**
 * Canaries start as soon as a target's DNS names a provider, in parallel with the target's own probes: the
 * first CNAME into a CDN's zone (Akamai 2021: the edgekey.net hop answers while akamaiedge.net is still
 * failing), then the failing zone's owner when DNS failed, else the CDN's (what an HTTP failure would need).
 * Their results are awaited later, and only if the target turns out down.
 */
function startCanariesEarly(event: RunEvent, canaries: CanaryBoard): void {
  if (event.type === 'log' || event.kind !== 'target') return;
  if (event.type === 'cdn-name') canaries.start(event.provider, 'cdn').catch(() => {});
  if (event.type !== 'dns-fingerprint') return;
  const { fingerprint: fp, dns } = event;
  const failedAt = dns.error ? (fp.hopOwners[dns.chain.findIndex((h) => h.name === dns.error?.name)] ?? null) : null;
  const early = dns.error && failedAt ? canaries.start(failedAt, 'cdn') : dns.error && fp.dns ? canaries.start(fp.dns.id, 'dns') : fp.cdn ? canaries.start(fp.cdn.id, 'cdn') : null;
  early?.catch(() => {});
}

/** The warm-ups start once the run waits on the network (`begin`) and stop when the first edge is about to be probed. */
function warmUntilFirstProbe(ca: string[] | undefined, scope: Scope, begin: Promise<void>): void {
  const stop = startWarmups(ca, scope.controller.signal, begin);
  const off = scope.events.on((event) => {
    if (event.type !== 'probe-start') return;
    off();
    stop();
  });
}

/** Where decided targets go: written at once (streaming) or kept for the end, and counted either way. */
interface Output {
  streaming: boolean;
  emit: (report: TargetReport) => Promise<void>;
  keep: (index: number, evidence: Evidence) => void;
  badLine: (entry: Extract<TargetLine, { ok: false }>) => void;
  unreachedTarget: (entry: Extract<TargetLine, { ok: true }>, index?: number) => Promise<void>;
  kept: (Evidence | { notChecked: TargetReport } | undefined)[];
  streamedCodes: number[];
  statuses: Partial<Record<Status, number>>;
  counts: { written: number; badLines: number; notChecked: number };
  jsonHead: () => string;
  meta: { schemaVersion: 1; tool: { name: 'cdn-check'; version: string } };
  textOptions: TextOptions;
}

function createOutput(options: Options, deps: RunDeps, scope: Scope, streaming: boolean): Output {
  const kept: Output['kept'] = [];
  const streamedCodes: number[] = [];
  const statuses: Partial<Record<Status, number>> = {};
  const counts = { written: 0, badLines: 0, notChecked: 0 };
  const waitForReader = drainGate(deps.stdout);
  const fileLabel = printablePath(options.targetsFile ?? '');
  const meta = { schemaVersion: 1 as const, tool: { name: 'cdn-check' as const, version: VERSION } };
  const textOptions = textOptionsFor(options, deps);
  // Loaded while the first answers are awaited, not when the first target is ready to print.
  if (options.format === 'text') loadTextRenderer().catch(() => {});
  // The streamed JSON document opens with its first target (or at the end), so a usage error leaves stdout empty.
  const jsonHead = (): string => jsonPieces.head({ ...meta, startedAt: scope.startedAt.toISOString() });
  const emit = async (report: TargetReport): Promise<void> => {
    if (scope.interrupted()) return; // Ctrl-C: nothing more is written
    streamedCodes.push(report.verdict.exitCode);
    statuses[report.verdict.status] = (statuses[report.verdict.status] ?? 0) + 1;
    const text =
      options.format === 'ndjson' ? renderNdjsonLine(report, meta)
      : options.format === 'json' ? `${counts.written === 0 ? jsonHead() : ''}${jsonPieces.target(report, counts.written === 0)}`
      : options.format === 'text' ? (await loadTextRenderer()).renderTextTarget(report, textOptions)
      : '';
    counts.written++;
    if (text === '') return;
    scope.progress.stop();
    // A slow reader (a pipe into gzip, a full disk) holds the sweep back instead of piling lines up in memory.
    if (!deps.stdout.write(text)) await waitForReader();
  };
  const badLine = (entry: Extract<TargetLine, { ok: false }>): void => {
    counts.badLines++;
    if (options.format !== 'quiet') deps.stderr.write(`cdn-check: ${fileLabel}:${entry.line}: invalid target "${sanitize(entry.input, 80)}": ${entry.reason} (skipped)\n`);
  };
  const unreachedTarget = async (entry: Extract<TargetLine, { ok: true }>, index = kept.length): Promise<void> => {
    counts.notChecked++;
    const report = notCheckedReport(entry.target, entry.line);
    if (streaming) await emit(report);
    else kept[index] = { notChecked: report };
  };
  const keep = (index: number, evidence: Evidence): void => {
    kept[index] = evidence;
  };
  return { streaming, emit, keep, badLine, unreachedTarget, kept, streamedCodes, statuses, counts, jsonHead, meta, textOptions };
}

interface Finish {
  options: Options;
  deps: RunDeps;
  scope: Scope;
  out: Output;
  correlation: Correlation;
  source: TargetSource;
  resolverMode: 'system' | 'explicit';
  bulk: boolean;
  retried: RetryCounter;
}

/** The verdicts still to make, the report, the summary lines and the exit code. */
async function finish({ options, deps, scope, out, correlation, source, resolverMode, bulk, retried }: Finish): Promise<number> {
  const { notChecked, badLines } = out.counts;
  const unreached: Unreached | undefined =
    notChecked > 0 || !source.complete ? { notChecked, inputComplete: source.complete, linesRead: source.linesRead } : undefined;
  const reports = out.streaming
    ? []
    : out.kept.flatMap((e) => (e === undefined ? [] : 'notChecked' in e ? [e.notChecked] : [decideOne(e, correlation.peersExcluding(itemsOf(e)), resolverMode, options)]));
  // An input left unread is an incomplete run even when no target of it was seen: inconclusive.
  const codes = [...(out.streaming ? out.streamedCodes : reports.map((r) => r.verdict.exitCode)), ...(unreached && !unreached.inputComplete ? [EXIT.inconclusive] : [])];
  if (codes.length === 0 && badLines === 0) return usage(deps, 'no target given (the targets file has none)');

  const report: Report = {
    ...out.meta,
    startedAt: scope.startedAt.toISOString(),
    durationMs: Math.round(scope.now() - scope.t0),
    exitCode: combineExitCodes(codes.length === 0 ? [EXIT.usage] : codes),
    targets: reports,
    correlation: correlation.entries(),
    ...(unreached ? { unreached } : {}),
  };
  if (bulk && options.format !== 'quiet' && options.format !== 'json') {
    deps.stderr.write(renderSweepSummary(correlation.entries(), out.counts.written + reports.length, badLines, report.durationMs, providerName, unreached));
    if (retried.total() > 0) deps.stderr.write(renderRetries(retried.entries()));
  } else if (unreached && options.format !== 'quiet') {
    deps.stderr.write(`cdn-check: ${notChecked} target${notChecked === 1 ? '' : 's'} not checked: --deadline passed before the run reached ${notChecked === 1 ? 'it' : 'them'}\n`);
  }
  scope.progress.stop();
  if (!out.streaming) {
    deps.onFinished?.(report);
    if (deps.onReport) deps.onReport(report);
    else await writeReport(report, options, deps);
    return report.exitCode;
  }
  if (options.format === 'json') {
    deps.stdout.write(`${out.counts.written === 0 ? out.jsonHead() : ''}${jsonPieces.tail({ durationMs: report.durationMs, exitCode: report.exitCode, correlation: report.correlation, unreached })}`);
  }
  if (options.format === 'text' && out.counts.written > 0) deps.stdout.write((await loadTextRenderer()).renderTextEnd(out.statuses, report, out.textOptions));
  return report.exitCode;
}

/** The hosts a failing target is compared with. */
interface Peers {
  canaries: CanaryBoard;
  controls: () => Promise<ControlResult[]>;
  /** The public control host fallback resolvers may be asked about (never a target's name); null: ask none. */
  fallbackName: string | null;
  /** The providers' status feeds (null with --no-status): fetched for a down target, beside its canaries. */
  status: StatusBoard | null;
}

/** A one-way switch: `opened` resolves on open() or when `signal` aborts (nothing may wait on it forever). */
function gate(signal: AbortSignal): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  signal.addEventListener('abort', () => open(), { once: true });
  return { opened, open };
}

interface Evidence {
  facts: HostFacts;
  canaryResults: CanaryResult[];
  controlResults: ControlResult[];
  fallback: ResolverOutcome[] | undefined;
  /** The control host the fallback resolvers were asked about. */
  fallbackName: string | null;
  /** What remote probes saw (--from only). */
  remote?: VantageReport;
  /** The status feeds of a down target's providers (absent when up, or with --no-status). */
  statusFeeds?: StatusFeed[];
}

/** What a target says about its providers, for the run's correlation. */
function itemsOf({ facts }: Evidence) {
  return correlationItems(facts.fingerprint, facts.observation);
}

function decideOne(
  { facts, canaryResults, controlResults, fallback, fallbackName, remote, statusFeeds }: Evidence,
  peers: CorrelationEntry[],
  resolverMode: 'system' | 'explicit',
  options: Options,
): TargetReport {
  const local = decide({
    host: facts.target.host,
    observation: facts.observation,
    fingerprint: facts.fingerprint,
    canaries: canaryResults,
    controls: controlResults,
    peers,
    resolverMode,
    strict: options.strict,
    names: providerName,
    ...(facts.dns ? { addresses: facts.dns.addresses } : {}),
    ...(fallback && fallbackName ? { fallback, fallbackName } : {}),
  });
  // The scope refines the local verdict with the remote probes' view; null without --from.
  const verdict = withNext(applyScope(local, remote ?? null, options.strict), facts, options.vantage !== null);
  // Feeds were fetched for the target's CDN and DNS host alike; the report keeps those the verdict involves.
  const shown = feedsForVerdict(statusFeeds ?? [], involvedProviders(verdict, facts.observation, facts.fingerprint));
  const report = { ...buildTargetReport(facts, verdict, canaryResults, controlResults), ...(shown.length > 0 ? { statusFeeds: shown } : {}) };
  return remote ? { ...report, vantage: remote } : report;
}

/** One target's evidence: its own facts, and the canaries and controls that matter for it. */
async function gather(target: Target, ctx: PipelineContext, { canaries, controls, fallbackName, status }: Peers, fallbackResolvers: ResolverAddress[]): Promise<Evidence> {
  // Its early signals reach the canaries and the gate through the event stream (startPeers).
  const facts = await inspectHost(target, ctx, 'target');
  if (facts.observation.health !== 'down') return { facts, canaryResults: [], controlResults: [], fallback: undefined, fallbackName: null };
  // The providers' own status feeds are read here, the one place they start: only for a target that is down,
  // beside its canaries and controls, so they add no time of their own (bounded by --timeout and --deadline).
  const [fallback, canaryResults, allControls, statusFeeds] = await Promise.all([
    askFallback(facts, fallbackResolvers, fallbackName, ctx),
    canaries.forFacts(facts),
    controls(),
    status?.forTarget(facts.fingerprint),
  ]);
  // A control on the target's own provider would make a provider outage look like your own network.
  const own = new Set([facts.fingerprint.cdn?.id, facts.fingerprint.dns?.id, ...facts.fingerprint.layers.map((l) => l.id)].filter(Boolean));
  const controlResults = allControls.filter((c) => c.provider === null || !own.has(c.provider));
  return { facts, canaryResults, controlResults, fallback, fallbackName, ...(statusFeeds && statusFeeds.length > 0 ? { statusFeeds } : {}) };
}

/** The target's DNS trace with how many of its queries were retried (left out when none were). */
function withRetryCount(evidence: Evidence, retries: number): Evidence {
  const dns = evidence.facts.dns;
  if (retries === 0 || !dns) return evidence;
  return { ...evidence, facts: { ...evidence.facts, dns: { ...dns, retries } } };
}



async function writeReport(report: Report, options: Options, deps: RunDeps): Promise<void> {
  if (options.format === 'quiet' || options.format === 'ndjson') return;
  const render = await loadRenderer(options.format);
  deps.stdout.write(render(report, options.format === 'text' ? textOptionsFor(options, deps) : { palette: makePalette(false), verbose: options.verbose }));
}

const WHOLE_REPORT_FORMATS = new Set<Options['format']>(['github', 'junit', 'prometheus']);

function textOptionsFor(options: Options, deps: RunDeps): TextOptions {
  return {
    palette: makePalette(options.color),
    verbose: options.verbose,
    names: (id) => providerName(id),
    ...widthOf(deps.stdout),
  };
}

function widthOf(stream: RunDeps['stdout']): { width?: number } {
  const width = screenWidth(stream);
  return width === undefined ? {} : { width };
}

/** The --debug line about proxies: labels only, never credentials. */
function describeProxies({ https, http, noProxy }: ProxySettings): string {
  if (!https && !http) return noProxy === 'all' ? 'proxies: none (every host bypasses: *)' : 'proxies: none (direct)';
  const bypass = noProxy === 'all' ? '*' : `${noProxy.length} no-proxy rule${noProxy.length === 1 ? '' : 's'}`;
  return `proxies: https via ${https?.label ?? 'direct'}, http via ${http?.label ?? 'direct'}; ${bypass}`;
}

function usage(deps: RunDeps, message: string): number {
  deps.stderr.write(`cdn-check: ${sanitize(message, 400)}\n`);
  return EXIT.usage;
}

/** A promise started on first use and shared after. */
function lazy<T>(start: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | null = null;
  return () => (promise ??= start());
}

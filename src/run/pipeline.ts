// One host through the whole pipeline — DNS chain → edge probes → fingerprint → observation.
// Targets, canaries and controls all go through this same function, so they are judged alike.
import { classifyError, fingerprint, ownerOfName } from '../fingerprint/match.ts';
import { lookupPtr, traceDns } from '../dns/trace.ts';
import type { Querier, QueryOptions } from '../dns/query.ts';
import { loadProbeStage } from '../probe/load.ts';
import type { EdgeProber } from '../probe/probe-all.ts';
import type { Limiter } from '../probe/limit.ts';
import { proxyFor, type ProxySettings } from '../probe/proxy-config.ts';
import { observe } from '../verdict/observe.ts';
import { connectFor, pinFor, type ConnectTo, type Pin } from '../pins.ts';
import { ipFamily } from '../ip.ts';
import type { DnsTrace, EdgeProbe, Fingerprint, Observation, ResolverAddress, Target } from '../types.ts';
import { hostEmitter, type Emit, type HostEventBody, type HostKind } from './events.ts';

/** What every host check needs from the run: transports, limits, trust, the deadline's signal. */
export interface PipelineContext {
  resolvers: ResolverAddress[];
  timeoutMs: number;
  signal: AbortSignal;
  limit: Limiter;
  ca: string[] | undefined;
  insecure: boolean;
  /** --port: overrides every probe's port. */
  port: number | null;
  fingerprintOnly: boolean;
  /** -4 / -6: ask DNS for that family only and probe only its addresses; null/omitted = both. */
  family?: 4 | 6 | null;
  /** --resolve pins: a host probed on a pinned port skips DNS and probes the pin's addresses. */
  pins?: readonly Pin[];
  /** --connect-to rules: a host probed on a matching port is reached at another host and port (SNI and Host unchanged). */
  connectTo?: readonly ConnectTo[];
  /** --http1.1: offer only HTTP/1.1 in ALPN. */
  http1Only?: boolean;
  userAgent: string;
  /** HTTPS_PROXY / NO_PROXY / --noproxy (proxy-config.ts); omitted = every probe direct. */
  proxy?: ProxySettings;
  query?: Querier;
  /** The edge prober (record and replay); probe/edge.ts's otherwise. */
  probe?: EdgeProber;
  /**
   * Resolves when this host may start its TCP/TLS/HTTP probes (DNS goes ahead regardless). Canaries and
   * controls wait on it so that they do not compete for the one thread with a target that is doing fine.
   * It must resolve on abort too.
   */
  holdProbes?: Promise<void>;
  /** Ask the host's CNAME alongside A/AAAA to save a round trip when DNS fails (off in bulk sweeps). */
  speculate?: boolean;
  /** The run's event stream: every stage of every host tells what it learns into it (see events.ts). */
  emit: Emit;
  now: () => number;
}

export interface HostFacts {
  target: Target;
  dns: DnsTrace | null;
  probes: EdgeProbe[];
  skipped: string[];
  fingerprint: Fingerprint;
  observation: Observation;
  ms: number;
  /** The --resolve pin that replaced DNS for this host, when one did. */
  pin: Pin | null;
  /** The --connect-to rule that sent this host's probes elsewhere, and where, when one did. */
  connectTo: { rule: ConnectTo; host: string; port: number } | null;
  /** -4 / -6 as applied to this host, else null. */
  family: 4 | 6 | null;
}

/**
 * Runs one host through every stage, telling each step to the run's event stream as it happens (events.ts
 * lists them in order). Never rejects: failures are inside the facts.
 */
export async function inspectHost(target: Target, ctx: PipelineContext, kind: HostKind): Promise<HostFacts> {
  const started = ctx.now();
  const queryOptions = { timeoutMs: ctx.timeoutMs, signal: ctx.signal, ...(ctx.query ? { query: ctx.query } : {}) };

  // curl's order: --connect-to picks where to connect, then --resolve may pin that host's addresses.
  const dial = target.isIp ? null : connectFor(ctx.connectTo ?? [], target.host, ctx.port ?? target.port);
  const route = dial?.rule ? { rule: dial.rule, host: dial.host, port: dial.port } : null;
  const dialHost = dial?.host ?? target.host;
  const dialPort = dial?.port ?? ctx.port ?? target.port;
  const dialIp = ipFamily(dialHost) !== 0;
  const pin = target.isIp || dialIp ? null : pinFor(ctx.pins ?? [], dialHost, dialPort);
  // Probes start the moment addresses are known; the NS lookup (for the DNS host) goes on beside them.
  let probing: Promise<Probed> | null = null;
  const emit = hostEmitter(ctx.emit, target.host, kind, (event) => {
    if (event.type === 'addresses') probe(event.addresses);
    else if (event.type === 'hop') {
      // The first CNAME into a CDN's zone names it before the walk ends (Akamai 2021: the edgekey.net hop
      // answers while akamaiedge.net is still failing).
      const owner = event.hop.data ? ownerOfName(event.hop.data) : null;
      if (owner) emit({ type: 'cdn-name', provider: owner, hop: event.hop });
    } else if (event.type === 'probe' && failing(event.probe)) emit({ type: 'trouble', from: 'edge' });
  });
  const probe = (found: string[]) => {
    // -4/-6: DNS asked one family only, but an IP target or a pin may still name the other.
    const addresses = ctx.family ? found.filter((a) => ipFamily(a) === ctx.family) : found;
    if (ctx.fingerprintOnly || addresses.length === 0 || ctx.signal.aborted || probing) return;
    const hold = ctx.holdProbes;
    // curl's time_namelookup: from the start of this host's check to its addresses (0 without DNS).
    const namelookupMs = target.isIp || dialIp || pin ? 0 : ctx.now() - started;
    // A pinned host asks DNS nothing at all, PTR names included (curl's --resolve sends no query either).
    const run = (): Promise<Probed> => probeEdges(target, addresses, ctx, queryOptions, emit, { namelookupMs, port: dialPort, lookupNames: !pin && !dialIp });
    probing = hold ? hold.then(run) : run();
  };

  let dns: DnsTrace | null = null;
  let dnsOnly: Fingerprint | null = null;
  if (target.isIp) probe([target.host]);
  else if (dialIp) {
    ctx.emit({ type: 'log', stage: 'dns', message: `${target.host}: --connect-to ${route?.rule.spec ?? ''}, no DNS` });
    probe([dialHost]);
  } else if (pin) {
    ctx.emit({ type: 'log', stage: 'dns', message: `${target.host}: pinned by --resolve ${pin.spec}, no DNS` });
    probe(pin.addresses);
  } else {
    if (route) ctx.emit({ type: 'log', stage: 'dns', message: `${target.host}: --connect-to ${route.rule.spec}: resolving ${dialHost}` });
    emit({ type: 'resolving' });
    // With --connect-to, the chain walked is the connect host's: its addresses are the edges probed.
    dns = await traceDns(dialHost, ctx.resolvers, { ...queryOptions, emit, ...(ctx.family ? { family: ctx.family } : {}), ...(ctx.speculate === false ? { speculate: false } : {}) });
    // What DNS alone names, told before any probe ends, so the run can start the right canaries.
    dnsOnly = fingerprint({ host: target.host, dns, probes: [] });
    emit({ type: 'dns-fingerprint', fingerprint: dnsOnly, dns });
  }

  const probed: Probed = probing ? await probing : { probes: [], skipped: [], ptr: {} };
  const probes = probed.probes;
  if (dns && Object.keys(probed.ptr).length > 0) dns = { ...dns, ptr: probed.ptr };

  // With nothing probed (--fingerprint-only, or no address) the evidence has not changed: no second pass.
  const fp = dnsOnly && probes.length === 0 ? dnsOnly : fingerprint({ host: target.host, dns, probes });
  const observation = observe({ host: target.host, dns, probes, fingerprint: fp, fingerprintOnly: ctx.fingerprintOnly, zoneOwner: ownerOfName });
  const ms = Math.round(ctx.now() - started);
  emit({ type: 'observed', observation, ms });
  return { target, dns, probes, skipped: probed.skipped, fingerprint: fp, observation, ms, pin, connectTo: route, family: ctx.family ?? null };
}

interface Probed {
  probes: EdgeProbe[];
  skipped: string[];
  ptr: Record<string, string>;
}

/** A probe that failed a step or got a server error: the first sign its host may be down. */
function failing(probe: EdgeProbe): boolean {
  const status = probe.http?.status ?? null;
  return !probe.http?.ok || (status !== null && status >= 500);
}

/** Every edge address over TCP → TLS → HTTP, with the PTR names of the addresses looked up alongside. */
async function probeEdges(
  target: Target,
  addresses: string[],
  ctx: PipelineContext,
  queryOptions: QueryOptions & { query?: Querier },
  emit: (event: HostEventBody) => void,
  { namelookupMs, port, lookupNames }: { namelookupMs: number; port: number; lookupNames: boolean },
): Promise<Probed> {
  const { probeAddresses, hostHeaderFor } = await loadProbeStage();
  const primary = ctx.resolvers[0];
  // NO_PROXY is matched against the name the user gave (as curl matches the URL's host), on the port probed.
  const proxy = ctx.proxy ? proxyFor(ctx.proxy, target.scheme, target.host, port) : null;
  emit({ type: 'probe-start', addresses: addresses.length, proxy: proxy?.label ?? null });
  const [probed, ptr] = await Promise.all([
    probeAddresses(addresses, {
      host: target.host,
      path: target.path,
      scheme: target.scheme,
      port,
      proxy,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      insecure: ctx.insecure,
      userAgent: ctx.userAgent,
      namelookupMs,
      ...(ctx.http1Only ? { http1Only: true } : {}),
      // The site's own authority, also when --port sends the probe to another port (a lab, a staging edge).
      hostHeader: hostHeaderFor(target.host, target.port, target.scheme),
      limit: ctx.limit,
      ...(ctx.ca ? { ca: ctx.ca } : {}),
      emit,
      ...(ctx.probe ? { probeEdge: ctx.probe } : {}),
    }),
    lookupNames && !target.isIp && primary ? lookupPtrs(addresses.slice(0, 8), primary, queryOptions) : Promise.resolve({}),
  ]);
  return { probes: probed.probes.map((p) => withErrorSource(p)), skipped: probed.skipped, ptr };
}

function withErrorSource(probe: EdgeProbe): EdgeProbe {
  const status = probe.http?.status ?? null;
  if (!probe.http || status === null || status < 400) return probe;
  return { ...probe, errorSource: classifyError(probe.http) };
}

async function lookupPtrs(
  addresses: string[],
  resolver: ResolverAddress,
  opts: Parameters<typeof lookupPtr>[2],
): Promise<Record<string, string>> {
  const names = await Promise.all(addresses.map((address) => lookupPtr(address, resolver, opts)));
  const out: Record<string, string> = {};
  addresses.forEach((address, i) => {
    const name = names[i];
    if (name) out[address] = name;
  });
  return out;
}

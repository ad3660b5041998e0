// One host through the whole pipeline — DNS chain → edge probes → fingerprint → observation.
// Targets, canaries and controls all go through this same function, so they are judged alike.
import { classifyError, fingerprint, ownerOfName } from '../fingerprint/match.ts';
import { lookupPtr, traceDns } from '../dns/trace.ts';
import type { Querier, QueryOptions } from '../dns/query.ts';
import { hostHeaderFor } from '../probe/edge.ts';
import { probeAddresses, type EdgeProber } from '../probe/probe-all.ts';
import type { Limiter } from '../probe/limit.ts';
import { proxyFor, type ProxySettings } from '../probe/proxy-config.ts';
import { observe } from '../verdict/observe.ts';
import type { DnsTrace, EdgeProbe, Fingerprint, Hop, Observation, ResolverAddress, Target } from '../types.ts';

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
  /** Progress and --debug lines. */
  log: (stage: string, message: string) => void;
  /** Called when a host's probes are about to start (after any hold): real work from then on. */
  onProbeStart?: () => void;
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
}

export interface InspectHooks {
  /** Called with a CDN's id the moment a CNAME hop into its zone is seen, before the DNS stage ends. */
  onCdnName?: (provider: string) => void;
  /** Called as soon as the DNS stage names a provider (before any probe), so canaries can start early. */
  onDnsFingerprint?: (fp: Fingerprint, dns: DnsTrace) => void;
  /**
   * Called at the first sign the host may be down, before its own evidence is complete: the first DNS answers
   * failed (the walk that pins the failure goes on), or one edge failed a step or answered 5xx (others may
   * still be in flight). May be called more than once.
   */
  onTrouble?: () => void;
}

/** Runs one host through every stage. Never rejects: failures are inside the facts. */
export async function inspectHost(target: Target, ctx: PipelineContext, hooks: InspectHooks = {}): Promise<HostFacts> {
  const started = ctx.now();
  const queryOptions = { timeoutMs: ctx.timeoutMs, signal: ctx.signal, ...(ctx.query ? { query: ctx.query } : {}) };

  // Probes start the moment addresses are known; the NS lookup (for the DNS host) goes on beside them.
  let probing: Promise<Probed> | null = null;
  const probe = (addresses: string[]) => {
    if (ctx.fingerprintOnly || addresses.length === 0 || ctx.signal.aborted || probing) return;
    const hold = ctx.holdProbes;
    const onProbe = hooks.onTrouble ? troubleOnFailure(hooks.onTrouble) : undefined;
    probing = hold ? hold.then(() => probeEdges(target, addresses, ctx, queryOptions, onProbe)) : probeEdges(target, addresses, ctx, queryOptions, onProbe);
  };

  let dns: DnsTrace | null = null;
  let dnsOnly: Fingerprint | null = null;
  if (target.isIp) probe([target.host]);
  else {
    ctx.log('dns', `resolving ${target.host}`);
    const onCdnName = hooks.onCdnName;
    dns = await traceDns(target.host, ctx.resolvers, {
      ...queryOptions,
      onAddresses: probe,
      ...(hooks.onTrouble ? { onTrouble: hooks.onTrouble } : {}),
      ...(ctx.speculate === false ? { speculate: false } : {}),
      ...(onCdnName
        ? {
            onHop: (hop: Hop) => {
              const owner = hop.data ? ownerOfName(hop.data) : null;
              if (owner) onCdnName(owner);
            },
          }
        : {}),
    });
    ctx.log('dns', dns.error ? `${target.host}: ${dns.error.message}` : `${target.host}: ${dns.addresses.length} address(es) via ${dns.chain.length} hop(s)`);
    if (hooks.onDnsFingerprint) {
      dnsOnly = fingerprint({ host: target.host, dns, probes: [] });
      hooks.onDnsFingerprint(dnsOnly, dns);
    }
  }

  const probed: Probed = probing ? await probing : { probes: [], skipped: [], ptr: {} };
  const probes = probed.probes;
  if (dns && Object.keys(probed.ptr).length > 0) dns = { ...dns, ptr: probed.ptr };

  // With nothing probed (--fingerprint-only, or no address) the evidence has not changed: no second pass.
  const fp = dnsOnly && probes.length === 0 ? dnsOnly : fingerprint({ host: target.host, dns, probes });
  const observation = observe({ host: target.host, dns, probes, fingerprint: fp, fingerprintOnly: ctx.fingerprintOnly, zoneOwner: ownerOfName });
  ctx.log('verdict', `${target.host}: ${observation.health}${observation.layer ? ` at ${observation.layer} (${observation.code})` : ''}`);
  return { target, dns, probes, skipped: probed.skipped, fingerprint: fp, observation, ms: Math.round(ctx.now() - started) };
}

interface Probed {
  probes: EdgeProbe[];
  skipped: string[];
  ptr: Record<string, string>;
}

/** Every edge address over TCP → TLS → HTTP, with the PTR names of the addresses looked up alongside. */
/** A probe callback that calls `onTrouble` for a probe that failed a step or got a server error. */
function troubleOnFailure(onTrouble: () => void): (probe: EdgeProbe) => void {
  return (probe) => {
    const status = probe.http?.status ?? null;
    if (!probe.http?.ok || (status !== null && status >= 500)) onTrouble();
  };
}

async function probeEdges(
  target: Target,
  addresses: string[],
  ctx: PipelineContext,
  queryOptions: QueryOptions & { query?: Querier },
  onProbe?: (probe: EdgeProbe) => void,
): Promise<Probed> {
  ctx.onProbeStart?.();
  const primary = ctx.resolvers[0];
  const port = ctx.port ?? target.port;
  // NO_PROXY is matched against the name the user gave (as curl matches the URL's host), on the port probed.
  const proxy = ctx.proxy ? proxyFor(ctx.proxy, target.scheme, target.host, port) : null;
  ctx.log('probe', `probing ${addresses.length} edge(s) of ${target.host}${proxy ? ` via proxy ${proxy.label}` : ''}`);
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
      // The site's own authority, also when --port sends the probe to another port (a lab, a staging edge).
      hostHeader: hostHeaderFor(target.host, target.port, target.scheme),
      limit: ctx.limit,
      ...(ctx.ca ? { ca: ctx.ca } : {}),
      ...(onProbe ? { onProbe } : {}),
      ...(ctx.probe ? { probeEdge: ctx.probe } : {}),
    }),
    !target.isIp && primary ? lookupPtrs(addresses.slice(0, 8), primary, queryOptions) : Promise.resolve({}),
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

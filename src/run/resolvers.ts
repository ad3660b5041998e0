// Which resolvers a run asks: the ones named with --resolver, else the system's (the first in resolv.conf,
// as the C library does), and the fallbacks asked only when those gave no usable answer at all.
import { readSystemResolvers, parseResolverSpec } from '../dns/system.ts';
import { traceDns } from '../dns/trace.ts';
import { PUBLIC_FALLBACK_RESOLVERS } from '../defaults.ts';
import type { Options } from '../options.ts';
import { BUILTIN_CONTROLS } from '../verdict/canaries.ts';
import type { HostFacts, PipelineContext } from './pipeline.ts';
import type { ErrorInfo, ResolverAddress, ResolverOutcome } from '../types.ts';

export interface ResolverPlan {
  mode: 'system' | 'explicit';
  resolvers: ResolverAddress[];
  fallbacks: ResolverAddress[];
  /** Why the system's resolvers could not be read, when they could not. */
  problem: ErrorInfo | null;
}

/**
 * Explicit mode: the --resolver list, and fallbacks only if --fallback-resolver names them (no packet goes
 * anywhere else). System mode: the first resolv.conf server; the next two are its failover and, after
 * them, the public resolvers — asked only when it fails every name (see askFallback).
 */
export async function planResolvers(options: Pick<Options, 'resolvers' | 'fallbackResolvers'>, system: { list?: ResolverAddress[]; resolvConf?: string }): Promise<ResolverPlan> {
  if (options.resolvers.length > 0) return { mode: 'explicit', resolvers: options.resolvers, fallbacks: options.fallbackResolvers, problem: null };
  const read = system.list ?? (await readSystemResolvers(system.resolvConf));
  const list = 'code' in read ? [] : read;
  return {
    mode: 'system',
    resolvers: list.slice(0, 1),
    fallbacks: options.fallbackResolvers.length > 0 ? options.fallbackResolvers : [...list.slice(1, 3), ...defaultFallbacks()],
    problem: 'code' in read ? read : null,
  };
}

/**
 * When the system resolver gave no usable answer for a target, ask the fallback resolvers about a public
 * control host (`probeName`), so "your resolver is broken" can be told from "your network is down". The
 * target's own name never goes to them: it may be an internal host (build.corp.example) that must not
 * leave for a resolver the user did not choose. Without a public control host to ask, nothing is asked.
 */
export async function askFallback(
  facts: HostFacts,
  fallbackResolvers: ResolverAddress[],
  probeName: string | null,
  ctx: PipelineContext,
): Promise<ResolverOutcome[] | undefined> {
  const dns = facts.dns;
  if (!dns || !dns.error || fallbackResolvers.length === 0 || probeName === null) return undefined;
  // Only a resolver that gave no usable answer is in doubt: NXDOMAIN or NODATA is the zone speaking, and
  // asking someone else about it would send the question off this network for nothing.
  const silent = dns.byResolver.length > 0 && dns.byResolver.every((o) => !o.ok && o.error !== null && RESOLVER_IN_DOUBT.has(o.error.code));
  if (!silent) return undefined;
  ctx.emit({ type: 'log', stage: 'dns', message: `asking fallback resolvers ${fallbackResolvers.map((r) => r.label).join(', ')} about the control ${probeName}` });
  const trace = await traceDns(probeName, fallbackResolvers, {
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    nameservers: false,
    ...(ctx.query ? { query: ctx.query } : {}),
  });
  return trace.byResolver;
}

/** Failures that may be the resolver's own, not the name's (DEADLINE is the run's, not the resolver's). */
/**
 * The public name fallback resolvers may be asked about: the first built-in control host that is not a
 * target. Null when built-in controls are off (user-given hosts are the user's, like targets).
 */
export function fallbackProbeName(builtinControls: boolean, targetHosts: readonly string[]): string | null {
  if (!builtinControls) return null;
  return BUILTIN_CONTROLS.find((c) => !targetHosts.includes(c.host))?.host ?? null;
}

const RESOLVER_IN_DOUBT = new Set(['TIMEOUT', 'NETWORK', 'SERVFAIL', 'REFUSED', 'MALFORMED']);

function defaultFallbacks(): ResolverAddress[] {
  return PUBLIC_FALLBACK_RESOLVERS.map((ip) => parseResolverSpec(ip)).filter((r): r is ResolverAddress => !('code' in r));
}

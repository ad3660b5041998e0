// The DNS stage for one target: the chain from every resolver at once, the zone's NS, and where resolvers disagree.
import { getDomain } from 'tldts-icann';
import { failureOf, resolveChain } from './chain.ts';
import type { ChainEvent, ChainOptions, ChainResult } from './chain.ts';
import { failureMessage, normalizeName, reverseName } from './packet.ts';
import { query as realQuery, roundMs } from './query.ts';
import type { Querier, QueryOptions, QueryResult } from './query.ts';
import type { Disagreement, DnsFailure, DnsTrace, Hop, ResolverAddress } from '../types.ts';

export interface TraceOptions extends QueryOptions {
  query?: Querier;
  /** Ask NS for the registrable domain (default true). */
  nameservers?: boolean;
  /** Passed to resolveChain: 'always' walks hop by hop even when a full answer arrives. */
  walk?: ChainOptions['walk'];
  /** Passed to resolveChain: ask the host's CNAME alongside A/AAAA (default true). */
  speculate?: boolean;
  /** Where the trace tells what it learns before it ends (see TraceEvent); the run's event stream. */
  emit?: (event: TraceEvent) => void;
  /** Passed to resolveChain: -4 / -6, ask only A or only AAAA for the addresses. */
  family?: ChainOptions['family'];
}

/**
 * The walks' events from every resolver (a `trouble` may come once per resolver), and `addresses`: the
 * primary resolver's addresses as soon as the chains are walked, before the NS lookup ends.
 */
export type TraceEvent = ChainEvent | { type: 'addresses'; addresses: string[] };

/**
 * Resolves `host` against every resolver in parallel, and in parallel with that asks NS for its
 * registrable domain (tldts; none for IP literals and bare public suffixes), taking the first resolver,
 * in order, that answered NOERROR. `chain`, `addresses` and `error` come from the primary resolver: the
 * first that resolved the name, else the first. An aborted signal ends every pending query at once (they
 * read TIMEOUT with "deadline" in the message). An empty resolver list yields a NETWORK failure. Never rejects.
 */
export async function traceDns(host: string, resolvers: ResolverAddress[], opts: TraceOptions): Promise<DnsTrace> {
  const started = performance.now();
  const name = normalizeName(host);
  const zone = opts.nameservers === false ? null : registrableDomain(name);
  const queryOpts: QueryOptions = { timeoutMs: opts.timeoutMs, signal: opts.signal };
  const chainOpts: ChainOptions = {
    ...queryOpts,
    query: opts.query ?? realQuery,
    walk: opts.walk ?? 'auto',
    ...(opts.speculate === false ? { speculate: false } : {}),
    ...(opts.emit ? { emit: opts.emit } : {}),
    ...(opts.family ? { family: opts.family } : {}),
  };
  const [outcomes, ns] = await Promise.all([
    Promise.all(resolvers.map((r) => resolveChain(name, r, chainOpts))).then((done) => {
      const first = done.find((o) => o.error === null);
      if (first) opts.emit?.({ type: 'addresses', addresses: first.addresses });
      return done;
    }),
    zone ? lookupNameservers(zone, resolvers, queryOpts, opts.query ?? realQuery) : Promise.resolve({ nameservers: [], error: null }),
  ]);
  const primaryIndex = Math.max(0, outcomes.findIndex((o) => o.error === null));
  const primary: ChainResult = outcomes[primaryIndex] ?? noResolver(name);
  return {
    resolvers: resolvers.map((r) => r.label),
    chain: primary.chain,
    addresses: primary.addresses,
    error: primary.error,
    zone,
    nameservers: ns.nameservers,
    nsError: ns.error,
    byResolver: outcomes.map((o, i) => ({ resolver: resolvers[i]?.label ?? '', ok: o.error === null, addresses: o.addresses, error: o.error })),
    disagreements: findDisagreements(outcomes.map((o, i) => ({ resolver: resolvers[i]?.label ?? '', chain: o.chain }))),
    ms: roundMs(performance.now() - started),
  };
}

/** The registrable domain (ICANN section of the public suffix list), or null for IPs and bare suffixes. */
export function registrableDomain(host: string): string | null {
  return getDomain(host) ?? null;
}

function noResolver(name: string): ChainResult {
  const message = `dns: NETWORK for ${name} (A): no resolver to ask`;
  return { chain: [], addresses: [], error: { code: 'NETWORK', rcode: 'NETWORK', name, type: 'A', resolver: '', message } };
}

async function lookupNameservers(
  zone: string,
  resolvers: ResolverAddress[],
  opts: QueryOptions,
  ask: Querier,
): Promise<{ nameservers: string[]; error: DnsFailure | null }> {
  const results: QueryResult[] = await Promise.all(resolvers.map((r) => ask(r, zone, 'NS', opts)));
  const answered = results.findIndex((r) => r.ok && r.rcode === 'NOERROR');
  const result = results[answered];
  const resolver = resolvers[answered];
  if (result?.ok && resolver) {
    const nameservers = [...new Set(result.answers.filter((a) => a.type === 'NS' && a.name === zone).map((a) => a.data))].sort();
    if (nameservers.length > 0) return { nameservers, error: null };
    const message = failureMessage('NODATA', resolver, zone, 'NS', 'no NS records');
    return { nameservers: [], error: { code: 'NODATA', rcode: 'NOERROR', name: zone, type: 'NS', resolver: resolver.label, message } };
  }
  const first = results[0];
  const firstResolver = resolvers[0];
  return { nameservers: [], error: first && firstResolver ? failureOf(first, zone, 'NS', firstResolver) : null };
}

/**
 * Names (with type) that two or more resolvers asked and answered differently: another rcode, or another
 * set of data (TTLs are ignored: caches age). Names only one resolver reached are left out; the
 * disagreement shows at the hop where their chains parted. A name answered NOERROR for A or AAAA without
 * a CNAME hop counts as "no CNAME" (a NOERROR address answer would have carried one), so a resolver that
 * fails the CNAME query of a name another resolver resolved is a disagreement too. Pure.
 */
const NO_ANSWER = new Set(['TIMEOUT', 'NETWORK', 'MALFORMED']);

export function findDisagreements(chains: { resolver: string; chain: Hop[] }[]): Disagreement[] {
  const byKey = new Map<string, { name: string; type: Hop['type']; answers: Map<string, { rcode: string; data: Set<string> }> }>();
  for (const { resolver, chain } of chains) {
    for (const hop of withImplicitCnames(chain)) {
      // A resolver that did not answer is reported in byResolver; silence is not a different answer.
      if (NO_ANSWER.has(hop.rcode)) continue;
      const key = `${hop.name} ${hop.type}`;
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { name: hop.name, type: hop.type, answers: new Map() }));
      let answer = entry.answers.get(resolver);
      if (!answer) entry.answers.set(resolver, (answer = { rcode: hop.rcode, data: new Set() }));
      if (hop.data !== null) answer.data.add(hop.data);
    }
  }
  const out: Disagreement[] = [];
  for (const entry of byKey.values()) {
    if (entry.answers.size < 2) continue;
    const answers = [...entry.answers].map(([resolver, a]) => ({ resolver, rcode: a.rcode, data: [...a.data].sort() }));
    const signature = (a: (typeof answers)[number]) => `${a.rcode} ${a.data.join(',')}`;
    const first = answers[0];
    if (first && answers.some((a) => signature(a) !== signature(first))) out.push({ name: entry.name, type: entry.type, answers });
  }
  return out;
}

function withImplicitCnames(chain: Hop[]): Hop[] {
  const cnamed = new Set(chain.filter((h) => h.type === 'CNAME').map((h) => h.name));
  const implicit = new Map<string, Hop>();
  for (const h of chain) {
    if ((h.type === 'A' || h.type === 'AAAA') && h.rcode === 'NOERROR' && !cnamed.has(h.name) && !implicit.has(h.name)) {
      implicit.set(h.name, { ...h, type: 'CNAME', data: null, ttl: null });
    }
  }
  return [...chain, ...implicit.values()];
}

/**
 * The PTR name of `address` (in-addr.arpa / ip6.arpa), lower case without the trailing dot; null when the
 * address is not an IP literal, the query fails or there is no PTR record. Never rejects.
 */
export async function lookupPtr(address: string, resolver: ResolverAddress, opts: QueryOptions & { query?: Querier }): Promise<string | null> {
  const name = reverseName(address);
  if (!name) return null;
  const result = await (opts.query ?? realQuery)(resolver, name, 'PTR', { timeoutMs: opts.timeoutMs, signal: opts.signal });
  if (!result.ok || result.rcode !== 'NOERROR') return null;
  return result.answers.find((a) => a.type === 'PTR' && a.name === name)?.data ?? null;
}

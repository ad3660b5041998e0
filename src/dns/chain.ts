// Walks a name's CNAME chain to its addresses, one hop per record, and pins any failure to the hop that failed.
import { failureMessage, normalizeName } from './packet.ts';
import type { Answer } from './packet.ts';
import { query as realQuery } from './query.ts';
import type { Querier, QueryOptions, QueryResult } from './query.ts';
import type { DnsFailure, Hop, RecordType, ResolverAddress } from '../types.ts';
import { DEADLINE, type DnsChainCode } from '../codes.ts';

/** More CNAME hops than this is CHAIN_TOO_LONG (resolvers give up around here too). */
export const MAX_CNAME_HOPS = 16;

export interface ChainOptions extends QueryOptions {
  query?: Querier;
  /** 'auto' (default): trust a complete, consistent answer to A+AAAA, walk hop by hop otherwise. 'always': walk. */
  walk?: 'auto' | 'always';
  /**
   * In 'auto' mode, also ask the host's CNAME alongside A and AAAA (default true), so that when the fast path
   * fails the walk's first hop is already answered: one round trip less on exactly the runs that matter (an
   * outage). Bulk sweeps turn it off: a third query per name costs throughput there.
   */
  speculate?: boolean;
  /** Where the walk tells what it learns before it ends (see ChainEvent); the run's event stream. */
  emit?: (event: ChainEvent) => void;
  /** -4 / -6: ask only A (4) or only AAAA (6) for the addresses; CNAMEs are followed as ever. Default: both. */
  family?: 4 | 6;
}

/**
 * What the walk tells as it goes, so a caller can act (start canaries, release held peers) before it ends:
 * - `hop`: a CNAME hop, as soon as it is known (the speculative first hop may be told twice);
 * - `trouble`: the first answers already failed (A or AAAA: an error rcode, a timeout), before the walk
 *   spends a round trip per hop pinning it down. At most once per walk.
 */
export type ChainEvent = { type: 'hop'; hop: Hop } | { type: 'trouble'; from: 'dns' };

export interface ChainResult {
  /** CNAME hops in order, then A hops, then AAAA hops (a hop with data null when a type has no record). */
  chain: Hop[];
  /** IPv4 first, then IPv6, de-duplicated. */
  addresses: string[];
  /** null when at least one address was found. */
  error: DnsFailure | null;
}

/** Why CNAME records cannot be followed (NODATA, the third chain code, is not about links). */
type LinkCode = Exclude<DnsChainCode, 'NODATA'>;

/** The CNAME records of an answer section followed from `start`, or why they cannot be followed. */
export type LinkedAnswer =
  | { ok: true; cnames: Answer[]; final: string }
  | { ok: false; code: LinkCode; cnames: Answer[]; at: string };

/** Follows CNAME records owned by `start` (then by each target) inside one answer section. Pure. */
export function linkAnswer(answers: Answer[], start: string): LinkedAnswer {
  const byOwner = new Map<string, Answer>();
  for (const a of answers) if (a.type === 'CNAME' && !byOwner.has(a.name)) byOwner.set(a.name, a);
  const seen = new Set([start]);
  const cnames: Answer[] = [];
  let name = start;
  for (let next = byOwner.get(name); next; next = byOwner.get(name)) {
    cnames.push(next);
    if (seen.has(next.data)) return { ok: false, code: 'CNAME_LOOP', cnames, at: name };
    if (cnames.length > MAX_CNAME_HOPS) return { ok: false, code: 'CHAIN_TOO_LONG', cnames, at: name };
    seen.add(next.data);
    name = next.data;
  }
  return { ok: true, cnames, final: name };
}

/**
 * Resolves `host` against one resolver. In 'auto' mode A and AAAA are sent at once and, when both answer
 * NOERROR with the same CNAME chain linking `host` to at least one address, the hops are read from those
 * answers (each hop's ms is the RTT of the query that carried it). Anything else — an error rcode, a
 * timeout, NODATA, chains that differ or do not link — falls back to the walk: an explicit CNAME query per
 * hop, then A and AAAA for the final name, so a failure is pinned to the hop whose query failed even when
 * the resolver still caches the first hops. Loops are CNAME_LOOP, more than 16 hops CHAIN_TOO_LONG, no
 * address at all NODATA. Never rejects.
 */
export async function resolveChain(host: string, resolver: ResolverAddress, opts: ChainOptions): Promise<ChainResult> {
  const ask = opts.query ?? realQuery;
  const start = normalizeName(host);
  const queryOpts: QueryOptions = { timeoutMs: opts.timeoutMs, signal: opts.signal };
  let firstHop: Promise<QueryResult> | undefined;
  if (opts.walk !== 'always') {
    if (opts.speculate !== false) {
      firstHop = ask(resolver, start, 'CNAME', queryOpts);
      // Seen early, the first CNAME names the CDN before A/AAAA fail or the walk goes on.
      const emit = opts.emit;
      if (emit) void firstHop.then((result) => cnameOf(result, start) && emit({ type: 'hop', hop: hop(start, 'CNAME', cnameOf(result, start) ?? null, result, resolver) }));
    }
    const [a, aaaa] = await askAddresses(ask, resolver, start, queryOpts, opts.family);
    const fast = fromAnswers(start, resolver, a, aaaa);
    if (fast) {
      for (const h of fast.chain) if (h.type === 'CNAME') opts.emit?.({ type: 'hop', hop: h });
      return fast;
    }
    if (failed(a) || failed(aaaa)) opts.emit?.({ type: 'trouble', from: 'dns' });
  }
  return walk(start, resolver, ask, queryOpts, firstHop, opts.emit, opts.family);
}

/** A and AAAA for `name` at once, or only the family asked for (the other is null: not asked). */
function askAddresses(ask: Querier, resolver: ResolverAddress, name: string, opts: QueryOptions, family?: 4 | 6): Promise<[QueryResult | null, QueryResult | null]> {
  return Promise.all([family === 6 ? null : ask(resolver, name, 'A', opts), family === 4 ? null : ask(resolver, name, 'AAAA', opts)]);
}

/** No answer, or an error rcode (NXDOMAIN included): not merely a chain the fast path cannot read. Not asked is not failed. */
function failed(result: QueryResult | null): boolean {
  return result !== null && (!result.ok || result.rcode !== 'NOERROR');
}

function cnameOf(result: QueryResult, name: string): Answer | undefined {
  return result.ok ? result.answers.find((r) => r.type === 'CNAME' && r.name === name) : undefined;
}

/** The chain read from the A and AAAA answers (either may be null: not asked, -4/-6), when they are complete and agree. */
function fromAnswers(start: string, resolver: ResolverAddress, a: QueryResult | null, aaaa: QueryResult | null): ChainResult | null {
  const asked = [a, aaaa].filter((r): r is QueryResult => r !== null);
  const first = asked[0];
  if (!first || asked.some(failed)) return null;
  const links = asked.map((r) => (r.ok ? linkAnswer(r.answers, start) : null));
  const la = links[0];
  if (!la?.ok) return null;
  const cnames = la.cnames.map((c) => c.data).join();
  if (links.some((l) => !l?.ok || l.final !== la.final || l.cnames.map((c) => c.data).join() !== cnames)) return null;
  const v4 = a?.ok ? a.answers.filter((r) => r.type === 'A') : [];
  const v6 = aaaa?.ok ? aaaa.answers.filter((r) => r.type === 'AAAA') : [];
  // Address records owned by anything but the chain's end mean the answer does not link: walk instead.
  if (v4.length + v6.length === 0 || [...v4, ...v6].some((r) => r.name !== la.final)) return null;
  const cnameHops = la.cnames.map((c) => hop(c.name, 'CNAME', c, first, resolver));
  const chain = [...cnameHops, ...(a ? addressHops(la.final, 'A', v4, a, resolver) : []), ...(aaaa ? addressHops(la.final, 'AAAA', v6, aaaa, resolver) : [])];
  return { chain, addresses: addressesOf(chain), error: null };
}

async function walk(
  start: string,
  resolver: ResolverAddress,
  ask: Querier,
  opts: QueryOptions,
  firstHop?: Promise<QueryResult>,
  emit?: (event: ChainEvent) => void,
  family?: 4 | 6,
): Promise<ChainResult> {
  const chain: Hop[] = [];
  const seen = new Set([start]);
  let name = start;
  for (;;) {
    const result = await (name === start && firstHop ? firstHop : ask(resolver, name, 'CNAME', opts));
    const failure = failureOf(result, name, 'CNAME', resolver);
    if (failure) {
      chain.push(hop(name, 'CNAME', null, result, resolver));
      return { chain, addresses: [], error: failure };
    }
    const cname = cnameOf(result, name);
    if (!cname) break;
    chain.push(hop(name, 'CNAME', cname, result, resolver));
    if (!(name === start && firstHop)) emit?.({ type: 'hop', hop: chain[chain.length - 1]! });
    if (seen.has(cname.data)) {
      return { chain, addresses: [], error: chainFailure('CNAME_LOOP', name, resolver, `${cname.data} is already on the chain`) };
    }
    if (chain.length > MAX_CNAME_HOPS) {
      return { chain, addresses: [], error: chainFailure('CHAIN_TOO_LONG', name, resolver, `more than ${MAX_CNAME_HOPS} CNAME hops from ${start}`) };
    }
    seen.add(cname.data);
    name = cname.data;
  }
  const final = name;
  const [a, aaaa] = await askAddresses(ask, resolver, final, opts, family);
  chain.push(...(a ? finalHops(final, 'A', a, resolver) : []), ...(aaaa ? finalHops(final, 'AAAA', aaaa, resolver) : []));
  const addresses = addressesOf(chain);
  if (addresses.length > 0) return { chain, addresses, error: null };
  const error =
    (a && failureOf(a, final, 'A', resolver)) ??
    (aaaa && failureOf(aaaa, final, 'AAAA', resolver)) ?? {
      code: 'NODATA',
      rcode: 'NOERROR',
      name: final,
      type: family === 6 ? 'AAAA' : 'A',
      resolver: resolver.label,
      message: failureMessage('NODATA', resolver, final, family === 4 ? 'A' : family === 6 ? 'AAAA' : 'A/AAAA', 'no address records'),
    };
  return { chain, addresses, error };
}

/** Hops for an A or AAAA answer to the chain's final name: one per address, or one with data null. */
function finalHops(final: string, type: 'A' | 'AAAA', result: QueryResult, resolver: ResolverAddress): Hop[] {
  if (!result.ok || result.rcode !== 'NOERROR') return [hop(final, type, null, result, resolver)];
  // A resolver whose cache moved on may still answer with a CNAME here; follow it within the answer.
  const linked = linkAnswer(result.answers, final);
  const end = linked.ok ? linked.final : final;
  const cnames = linked.ok ? linked.cnames.map((c) => hop(c.name, 'CNAME', c, result, resolver)) : [];
  const records = result.answers.filter((r) => r.type === type && r.name === end);
  return [...cnames, ...addressHops(end, type, records, result, resolver)];
}

function addressHops(name: string, type: 'A' | 'AAAA', records: Answer[], result: QueryResult, resolver: ResolverAddress): Hop[] {
  if (records.length === 0) return [hop(name, type, null, result, resolver)];
  return records.map((r) => hop(name, type, r, result, resolver));
}

function hop(name: string, type: RecordType, record: Answer | null, result: QueryResult, resolver: ResolverAddress): Hop {
  const out: Hop = { name, type, data: record?.data ?? null, ttl: record?.ttl ?? null, rcode: result.rcode, resolver: resolver.label, ms: result.ms };
  if (result.tcp) out.tcp = true;
  if (result.udpError) out.udpError = result.udpError;
  return out;
}

/**
 * The failure a query result stands for (any rcode but NOERROR, or no answer), else null. A query the run's
 * deadline cut short keeps rcode TIMEOUT but has code DEADLINE: the resolver was not given its time, so it
 * is not evidence of a silent resolver or a dead zone.
 */
export function failureOf(result: QueryResult, name: string, type: RecordType, resolver: ResolverAddress): DnsFailure | null {
  if (!result.ok) {
    const code = result.error.code === DEADLINE ? DEADLINE : result.rcode;
    const errno = result.rcode === 'NETWORK' && result.error.code !== 'NETWORK' ? { errno: result.error.code } : {};
    return { code, rcode: result.rcode, name, type, resolver: resolver.label, message: result.error.message, ...errno };
  }
  if (result.rcode === 'NOERROR') return null;
  return { code: result.rcode, rcode: result.rcode, name, type, resolver: resolver.label, message: failureMessage(result.rcode, resolver, name, type) };
}

function chainFailure(code: LinkCode, name: string, resolver: ResolverAddress, detail: string): DnsFailure {
  return { code, rcode: 'NOERROR', name, type: 'CNAME', resolver: resolver.label, message: failureMessage(code, resolver, name, 'CNAME', detail) };
}

function addressesOf(chain: Hop[]): string[] {
  const pick = (type: RecordType) => chain.filter((h) => h.type === type && h.data !== null).map((h) => h.data as string);
  return [...new Set([...pick('A'), ...pick('AAAA')])];
}

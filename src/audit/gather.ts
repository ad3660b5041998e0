// The audit's I/O: for one target, the DNS trace through every resolver (NS set, chains), the CDN each chain
// names, and each listed NS asked directly whether it answers for the zone. Returns plain AuditFacts.
import { resolveChain } from '../dns/chain.ts';
import type { Querier, QueryOptions, QueryResult } from '../dns/query.ts';
import { resolverLabel } from '../dns/system.ts';
import { registrableDomain, traceDns } from '../dns/trace.ts';
import { fingerprint } from '../fingerprint/match.ts';
import { openTcp, startTls, tlsFacts } from '../probe/connect.ts';
import { edgeLabel } from '../probe/errors.ts';
import type { ResolverAddress } from '../types.ts';
import type { AuditFacts, CdnDomainFacts, NsCheck, TlsFacts } from './analyze.ts';
import { memo } from './memo.ts';
import { readPage } from './page.ts';

export interface GatherOptions extends QueryOptions {
  query: Querier;
  resolvers: ResolverAddress[];
  /** Port the listed NS are asked on (53; a lab serves them elsewhere). */
  nsPort: number;
  /** Port of the TLS handshake that reads the certificate and OCSP stapling (443). */
  tlsPort: number;
  /**
   * The run's NS lookups of CDN domains, shared by every target: 10,000 sites on Akamai ask for
   * akamaiedge.net's NS once, not 10,000 times. Absent: each target asks for itself.
   */
  cdnDomainCache?: Map<string, Promise<CdnDomainFacts>>;
  /** The run's addresses of NS names, shared by every target (see nameserverAddress). */
  nsAddressCache?: Map<string, Promise<{ address: string | null; why: string }>>;
  /**
   * The run's answers to "NS of this zone?" per NS address and port, shared by every target: sites of one zone
   * (www.example.com, api.example.com) ask each of its NS once. Bounded (see boundedCache). Absent: shared
   * within the target only, where NS names with one address (a provider's anycast, the lab) are asked once.
   */
  nsCheckCache?: Map<string, Promise<QueryResult>>;
  /** DNS only (--fingerprint-only): no TLS handshake, no page read. */
  fingerprintOnly?: boolean;
  /** The run's CDN per page resource host, shared by every target's page (see page.ts). */
  pageHostCache?: Map<string, Promise<string | null>>;
}

/**
 * Gathers one target's facts. Each resolver walks the chain on its own, so a site steered between CDNs by
 * resolver shows both; only the first resolver's trace asks for the NS set. Never rejects: failures are
 * facts (nsError, a check's error).
 */
export async function gatherFacts(host: string, opts: GatherOptions): Promise<AuditFacts> {
  const queryOpts: QueryOptions = { timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) };
  const traces = await Promise.all(
    opts.resolvers.map((resolver, i) => traceDns(host, [resolver], { ...queryOpts, query: opts.query, nameservers: i === 0, speculate: false })),
  );
  const first = traces[0];
  const zone = first?.zone ?? null;
  const nameservers = first?.nameservers ?? [];
  const address = traces.find((t) => t.addresses.length > 0)?.addresses[0];
  const domains = cdnDomainsOf(traces.flatMap((t) => t.chain), zone);
  const edge = opts.fingerprintOnly ? undefined : address;
  const resolver = opts.resolvers[0];
  const checks = opts.nsCheckCache ?? new Map<string, Promise<QueryResult>>();
  const [nsChecks, tls, cdnDomains, page] = await Promise.all([
    zone ? Promise.all(nameservers.map((ns) => checkNameserver(ns, zone, checks, opts))) : Promise.resolve([]),
    edge ? readCertificate(host, edge, opts) : Promise.resolve(null),
    Promise.all(domains.map((domain) => cdnDomainFacts(domain, opts))),
    // [audit page] The landing page and the CDNs of what it loads (page.ts), on a connection of its own.
    edge && resolver ? readPage(host, edge, { ...queryOpts, query: opts.query, resolver, zone, tlsPort: opts.tlsPort, ...(opts.pageHostCache ? { hostCache: opts.pageHostCache } : {}) }) : Promise.resolve(null),
  ]);
  return {
    host,
    zone,
    nameservers,
    nsError: first?.nsError ? { code: first.nsError.code, message: first.nsError.message } : null,
    nsChecks,
    // DNS evidence only (no probes): the chain names and the addresses' published ranges.
    cdnByResolver: traces.map((dns) => fingerprint({ host, dns, probes: [] }).cdn?.id ?? null),
    tls,
    cdnDomains,
    page,
  };
}

/**
 * The registrable domains the chain's CNAMEs lead into outside the site's own zone (edgekey.net,
 * akamaiedge.net): the CDN's own names, whose DNS the site now depends on too. First-seen order, no repeats.
 */
function cdnDomainsOf(chain: readonly { type: string; data: string | null }[], zone: string | null): string[] {
  const out = new Set<string>();
  for (const hop of chain) {
    if (hop.type !== 'CNAME' || !hop.data) continue;
    const domain = registrableDomain(hop.data);
    if (domain && domain !== zone) out.add(domain);
  }
  return [...out];
}

/** The NS set of one CDN domain through the first resolver, from the run's cache when another target asked. */
function cdnDomainFacts(domain: string, opts: GatherOptions): Promise<CdnDomainFacts> {
  return memo(opts.cdnDomainCache, domain, () => lookupCdnDomain(domain, opts));
}

async function lookupCdnDomain(domain: string, opts: GatherOptions): Promise<CdnDomainFacts> {
  const resolver = opts.resolvers[0];
  if (!resolver) return { domain, nameservers: [], error: { code: 'NETWORK', message: 'no resolver' } };
  const result = await opts.query(resolver, domain, 'NS', { timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (!result.ok) return { domain, nameservers: [], error: { code: result.error.code, message: result.error.message } };
  const nameservers = [...new Set(result.answers.filter((a) => a.type === 'NS' && a.name === domain).map((a) => a.data))].sort();
  if (result.rcode !== 'NOERROR' || nameservers.length === 0) {
    return { domain, nameservers: [], error: { code: result.rcode === 'NOERROR' ? 'NODATA' : result.rcode, message: `dns: ${result.rcode === 'NOERROR' ? 'no NS records' : result.rcode} from ${resolver.label} for ${domain} (NS)` } };
  }
  return { domain, nameservers, error: null };
}

/** One handshake with the first edge address, asking for a stapled OCSP response: issuer, names, stapling. */
async function readCertificate(host: string, address: string, opts: GatherOptions): Promise<TlsFacts> {
  const where = edgeLabel(address, opts.tlsPort);
  const bounds = { timeoutMs: opts.timeoutMs, signal: opts.signal, where };
  const { socket, outcome } = await openTcp(address, opts.tlsPort, bounds);
  if (!outcome.ok) return { ok: false, at: where, error: outcome.error };
  const { tls, outcome: handshake, stapled } = await startTls(socket, { host, requestOCSP: true }, bounds);
  if (!handshake.ok) return { ok: false, at: where, error: handshake.error };
  const facts = tlsFacts(tls, host, where);
  tls.destroy();
  return { ok: true, at: where, issuer: facts.issuer, subjectAltNames: facts.subjectAltNames, stapled: stapled === true };
}

/**
 * The first address of an NS name through the first resolver, from the run's cache when another target asked:
 * the same few NS names (ada.ns.cloudflare.com, ns-123.awsdns-45.com) serve thousands of zones.
 */
function nameserverAddress(ns: string, opts: GatherOptions): Promise<{ address: string | null; why: string }> {
  const resolver = opts.resolvers[0];
  if (!resolver) return Promise.resolve({ address: null, why: 'no resolver' });
  const chainOpts = { timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}), query: opts.query, speculate: false };
  return memo(opts.nsAddressCache, ns, async () => {
    const resolved = await resolveChain(ns, resolver, chainOpts);
    return { address: resolved.addresses[0] ?? null, why: resolved.error?.message ?? `${ns} has no address` };
  });
}

/**
 * Asks `ns` itself (its first address, on `nsPort`) for the zone's NS set. It answers for the zone when it
 * replies NOERROR with the zone's NS records — authoritatively with the AA bit set; without it, a lame
 * delegation. A referral or an empty answer is NOT_AUTHORITATIVE, an error rcode or a transport failure is
 * that code, and a name that does not resolve is NO_ADDRESS. `checks` holds the answers already asked for.
 */
async function checkNameserver(ns: string, zone: string, checks: Map<string, Promise<QueryResult>>, opts: GatherOptions): Promise<NsCheck> {
  const queryOpts: QueryOptions = { timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) };
  const resolved = await nameserverAddress(ns, opts);
  const address = resolved.address;
  if (!address) return { name: ns, at: null, answering: false, authoritative: null, error: { code: 'NO_ADDRESS', message: resolved.why } };
  const target: ResolverAddress = { host: address, port: opts.nsPort, label: resolverLabel(address, opts.nsPort) };
  // The same question to the same server gets the same answer: NS names sharing an address are asked once.
  const result = await memo(checks, `${target.label} ${zone}`, () => opts.query(target, zone, 'NS', queryOpts));
  const silent = { name: ns, at: target.label, answering: false, authoritative: null } as const;
  if (!result.ok) return { ...silent, error: { code: result.error.code, message: result.error.message } };
  if (result.rcode !== 'NOERROR') return { ...silent, error: { code: result.rcode, message: `dns: ${result.rcode} from ${target.label} for ${zone} (NS)` } };
  const serves = result.answers.some((a) => a.type === 'NS' && a.name === zone);
  if (serves) return { name: ns, at: target.label, answering: true, authoritative: result.authoritative ?? null, error: null };
  return { ...silent, error: { code: 'NOT_AUTHORITATIVE', message: `dns: ${target.label} returned no NS records for ${zone}` } };
}

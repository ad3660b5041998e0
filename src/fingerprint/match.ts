// The fingerprint stage: a pure function from a DNS trace and edge probes to the site's CDN, the layers
// behind it, its DNS host, the POP and any disagreeing evidence. Rules are data (providers.ts).
import type { DnsHostMatch, DnsTrace, EdgeProbe, Evidence, Fingerprint, HeaderMap, Pop, ProviderKind, ProviderMatch, Role } from '../types.ts';
import type { HeaderRule, ProviderRule, Strength } from './rule-types.ts';
import { PROVIDERS } from './providers.ts';
import { SuffixIndex } from './suffix-index.ts';
import { headerValues } from './header-values.ts';
import { cidrContains, parseAddress, parseCidr } from './ip-ranges.ts';
import type { Cidr } from './ip-ranges.ts';
import { readPop } from './pop.ts';
import { classifyError } from './error-pages.ts';

export { classifyError } from './error-pages.ts';

export interface FingerprintInput {
  /** The target host (lower case, ASCII). */
  host: string;
  /** null for IP targets (no DNS stage). */
  dns: DnsTrace | null;
  probes: EdgeProbe[];
}

// ───────────────────────────── indexes, built once from the data ─────────────────────────────

const BY_ID: ReadonlyMap<string, ProviderRule> = new Map(PROVIDERS.map((p) => [p.id, p]));
/** Kinds that serve content: only these can be a site's CDN or a layer behind it (not dns, not steering). */
export const EDGE_KINDS: ReadonlySet<ProviderKind> = new Set(['cdn', 'waf', 'platform', 'hosting']);

/** Suffixes claimed by two providers in one index: a data defect (the tests require none). Builds every index. */
export function suffixConflicts(): string[] {
  for (const index of Object.values(INDEXES)) index();
  ANY_INDEX();
  CHAIN_INDEX();
  return [...conflicts];
}
const conflicts: string[] = [];

function buildIndex(label: string, suffixesOf: (p: ProviderRule) => readonly string[]): SuffixIndex<string> {
  const index = new SuffixIndex<string>();
  for (const p of PROVIDERS) {
    for (const suffix of suffixesOf(p)) {
      if (index.add(suffix, p.id)) continue;
      // Looked up only when the suffix is taken: ~1,000 suffix walks at every start-up otherwise (~5 ms).
      const owner = index.lookup(suffix);
      if (owner?.value !== p.id) conflicts.push(`${label} ${suffix}: ${owner?.value} and ${p.id}`);
    }
  }
  return index;
}

/**
 * A value built on first use. The indexes below are built from the data when a lookup first needs them, not
 * when the module loads: a run whose DNS fails never matches a header, a certificate or an address, and each
 * index or the parsed ranges is start-up time only the evidence that uses it should pay (issue 14).
 */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

const CNAME_INDEX = once(() => buildIndex('cname', (p) => p.cname));
const STEERING_INDEX = once(() => buildIndex('steering', (p) => p.steering ?? []));
/** Every name a chain can pass through (serving and steering): one index, so no zone is claimed twice. */
const CHAIN_INDEX = once(() => buildIndex('chain', (p) => [...p.cname, ...(p.steering ?? [])]));
const NS_INDEX = once(() => buildIndex('ns', (p) => p.ns));
const PTR_INDEX = once(() => buildIndex('ptr', (p) => [...p.ptr, ...p.cname]));
const SAN_INDEX = once(() => buildIndex('san', (p) => [...(p.tls?.sans ?? []), ...p.cname]));
const ANY_INDEX = once(() => buildIndex('any', (p) => [...p.cname, ...(p.steering ?? []), ...p.ns, ...p.ptr]));

interface BoundHeaderRule {
  provider: string;
  rule: HeaderRule;
  match: string;
}

/** Header rules keyed by header name, so a response costs one lookup per header it carries. */
const HEADER_RULES = once((): ReadonlyMap<string, readonly BoundHeaderRule[]> => {
  const map = new Map<string, BoundHeaderRule[]>();
  for (const p of PROVIDERS) {
    for (const rule of p.headers) {
      const list = map.get(rule.name) ?? [];
      list.push({ provider: p.id, rule, match: rule.value ? `${rule.name} ~ ${rule.value.source}` : `${rule.name} present` });
      map.set(rule.name, list);
    }
  }
  return map;
});

const RANGES = once((): readonly { provider: string; cidr: Cidr; text: string }[] =>
  PROVIDERS.flatMap((p) =>
    (p.ipRanges?.cidrs ?? []).flatMap((text) => {
      const cidr = parseCidr(text);
      return cidr ? [{ provider: p.id, cidr, text }] : [];
    }),
  ),
);

// ───────────────────────────── small public helpers ─────────────────────────────

const INDEXES = { cname: CNAME_INDEX, steering: STEERING_INDEX, ns: NS_INDEX, ptr: PTR_INDEX, san: SAN_INDEX } as const;

/** The provider and the suffix that cover a name in one role's index (longest suffix wins), else null. */
export function lookupSuffix(role: keyof typeof INDEXES, name: string): { id: string; suffix: string } | null {
  const hit = INDEXES[role]().lookup(name);
  return hit ? { id: hit.value, suffix: hit.suffix } : null;
}

/** The provider whose CNAME, steering, NS or PTR suffix covers the name (longest suffix wins), else null. */
export function ownerOfName(name: string): string | null {
  return ANY_INDEX().lookup(name)?.value ?? null;
}

/** Display name: the DNS-role name for role 'dns' when the provider has one ("Akamai Edge DNS"); an unknown id is returned as is. */
export function providerName(id: string, role?: Role): string {
  const p = BY_ID.get(id);
  if (!p) return id;
  return role === 'dns' ? (p.dnsName ?? p.name) : p.name;
}

/** Every provider id, in the data's order: what "did you mean" picks from. */
export const PROVIDER_IDS: readonly string[] = PROVIDERS.map((p) => p.id);

export function isKnownProvider(id: string): boolean {
  return BY_ID.has(id);
}

/** The provider whose embedded range snapshot holds the address, with the CIDR; null when none (or not an address). */
export function providerOfAddress(address: string): { id: string; cidr: string } | null {
  const parsed = parseAddress(address);
  if (!parsed) return null;
  for (const r of RANGES()) if (cidrContains(r.cidr, parsed)) return { id: r.provider, cidr: r.text };
  return null;
}

// ───────────────────────────── evidence collection ─────────────────────────────

/** Evidence per provider, with whether any of it names the provider on its own (not weak). */
class EvidenceBook {
  readonly #items = new Map<string, { evidence: Evidence[]; keys: Set<string>; named: boolean }>();

  add(id: string, evidence: Evidence, strength: Strength): void {
    let entry = this.#items.get(id);
    if (!entry) {
      entry = { evidence: [], keys: new Set(), named: false };
      this.#items.set(id, entry);
    }
    const key = `${evidence.source}\u0000${evidence.value}\u0000${evidence.match}`;
    if (!entry.keys.has(key)) {
      entry.keys.add(key);
      entry.evidence.push(evidence);
    }
    if (strength !== 'weak') entry.named = true;
  }

  named(id: string): boolean {
    return this.#items.get(id)?.named ?? false;
  }

  evidence(id: string): Evidence[] {
    return this.#items.get(id)?.evidence ?? [];
  }

  /** Moves another provider's evidence under this one (an alias of the same edge). */
  absorb(into: string, from: string): void {
    for (const e of this.evidence(from)) this.add(into, e, this.named(from) ? 'strong' : 'weak');
  }
}

function isEdgeProvider(id: string): boolean {
  return BY_ID.get(id)?.kinds.some((k) => EDGE_KINDS.has(k)) ?? false;
}

function pushUnique(list: string[], id: string): void {
  if (!list.includes(id)) list.push(id);
}

/** Names along the chain in order (each hop's name, the last CNAME target, the failing name), de-duplicated. */
function chainNames(dns: DnsTrace): string[] {
  const names: string[] = [];
  for (const hop of dns.chain) {
    pushUnique(names, hop.name);
    if (hop.type === 'CNAME' && hop.data) pushUnique(names, hop.data);
  }
  if (dns.error) pushUnique(names, dns.error.name);
  return names;
}

/** Header evidence of one response; returns the providers it names (not weak), outermost first. */
function readHeaders(headers: HeaderMap, book: EvidenceBook): string[] {
  const named: string[] = [];
  for (const name of Object.keys(headers)) {
    const rules = HEADER_RULES().get(name);
    if (!rules) continue;
    const values = headerValues(headers, name);
    for (const { provider, rule, match } of rules) {
      const value = values.find((v) => !rule.value || rule.value.test(v));
      if (value === undefined) continue;
      book.add(provider, { source: 'header', value: `${name}: ${value}`, match }, rule.strength);
      if (rule.strength !== 'weak') pushUnique(named, provider);
    }
  }
  return byTier(named);
}

function byTier(ids: string[]): string[] {
  return ids
    .map((id, i) => ({ id, i, tier: BY_ID.get(id)?.tier ?? 9 }))
    .sort((a, b) => a.tier - b.tier || a.i - b.i)
    .map((x) => x.id);
}

/** Certificate hints: a provider CA issuer or a provider SAN; only used when nothing stronger names anyone. */
function readTls(probe: EdgeProbe, book: EvidenceBook): string[] {
  const tls = probe.tls;
  if (!tls) return [];
  const named: string[] = [];
  if (tls.issuer) {
    for (const p of PROVIDERS) {
      for (const { pattern } of p.tls?.issuers ?? []) {
        if (!pattern.test(tls.issuer)) continue;
        book.add(p.id, { source: 'tls', value: `issuer: ${tls.issuer}`, match: pattern.source }, 'medium');
        pushUnique(named, p.id);
      }
    }
  }
  for (const san of tls.subjectAltNames.slice(0, 100)) {
    const hit = SAN_INDEX().lookup(san.startsWith('*.') ? san.slice(2) : san);
    if (!hit || !isEdgeProvider(hit.value)) continue;
    book.add(hit.value, { source: 'tls', value: `SAN: ${san}`, match: hit.suffix }, 'medium');
    pushUnique(named, hit.value);
  }
  return named;
}

// ───────────────────────────── composing the stack ─────────────────────────────

function related(a: string, b: string): boolean {
  const pa = BY_ID.get(a);
  const pb = BY_ID.get(b);
  return a === b || pa?.servedBy === b || pb?.servedBy === a || pa?.sameEdgeAs === b || pb?.sameEdgeAs === a || Boolean(pa?.multiCdn) || Boolean(pb?.multiCdn);
}

function moveToFront(list: string[], id: string): void {
  const i = list.indexOf(id);
  if (i > 0) {
    list.splice(i, 1);
    list.unshift(id);
  }
}

/** Aliases of one edge collapse into the product the customer chose; platforms go behind the edge that serves them. */
function normaliseStack(stack: string[], book: EvidenceBook, preferred: string | null): string[] {
  let out = [...stack];
  for (const id of [...out]) {
    const alias = BY_ID.get(id)?.sameEdgeAs;
    if (!alias || !out.includes(alias) || !out.includes(id)) continue;
    const keep = preferred === alias ? alias : id;
    const drop = keep === id ? alias : id;
    book.absorb(keep, drop);
    const at = Math.min(out.indexOf(id), out.indexOf(alias));
    out = out.filter((x) => x !== id && x !== alias);
    out.splice(at, 0, keep);
  }
  for (const id of [...out]) {
    const edge = BY_ID.get(id)?.servedBy;
    if (!edge || !out.includes(edge) || out.indexOf(edge) < out.indexOf(id)) continue;
    out.splice(out.indexOf(edge), 1);
    out.splice(out.indexOf(id), 0, edge);
  }
  // A multi-CDN (jsDelivr) is never the serving edge while a real edge is known.
  const multi = out.filter((id) => BY_ID.get(id)?.multiCdn);
  if (multi.length < out.length) out = [...out.filter((id) => !BY_ID.get(id)?.multiCdn), ...multi];
  return out;
}

function match(id: string, book: EvidenceBook): ProviderMatch {
  return { id, name: providerName(id, 'cdn'), evidence: book.evidence(id) };
}

function describe(id: string): string {
  return providerName(id, 'cdn');
}

// ───────────────────────────── the stage ─────────────────────────────

/**
 * Names the site's serving CDN (with every piece of evidence for it), the CDNs/platforms behind it
 * (`layers`, outermost first), its DNS host and the POP, from whatever evidence there is: CNAME only
 * (HTTP dead), headers only (apex A records), NS only (the name does not resolve). Every hop of the chain
 * counts (entry names like edgekey.net and leaf names like akamaiedge.net), plus the PTR names and
 * published ranges of the edge addresses. Headers are read outermost-proxy first; generic headers only
 * support a provider named otherwise. Disagreements are reported in `conflicts`, never hidden; a CDN on
 * one provider with DNS on another is not a conflict (different roles). Pure: no I/O, no clock.
 */
export function fingerprint(input: FingerprintInput): Fingerprint {
  const dns = input.dns;
  const book = new EvidenceBook();
  const conflicts: string[] = [];

  // DNS chain: every name, entry to leaf. The target's own name is `host` evidence (nothing was followed to
  // it); a steering name (GTM, traffic manager) tells who steers and never who serves.
  const chainOrder: string[] = [];
  const steering = new EvidenceBook();
  const steeringOrder: string[] = [];
  const hopOwners = (dns?.chain ?? []).map((hop) => CHAIN_INDEX().lookup(hop.name)?.value ?? null);
  for (const name of dns ? chainNames(dns) : []) {
    const steer = STEERING_INDEX().lookup(name);
    if (steer) {
      steering.add(steer.value, { source: 'steering', value: name, match: steer.suffix }, 'strong');
      pushUnique(steeringOrder, steer.value);
      continue;
    }
    const hit = CNAME_INDEX().lookup(name);
    if (!hit) continue;
    book.add(hit.value, { source: name === input.host ? 'host' : 'cname', value: name, match: hit.suffix }, 'strong');
    const at = chainOrder.indexOf(hit.value);
    if (at >= 0) chainOrder.splice(at, 1);
    chainOrder.push(hit.value); // last position = nearest the leaf
  }

  // Edge addresses: PTR names and published ranges.
  const addressOrder: string[] = [];
  for (const [address, name] of Object.entries(dns?.ptr ?? {})) {
    const hit = PTR_INDEX().lookup(name);
    if (!hit || !isEdgeProvider(hit.value)) continue;
    book.add(hit.value, { source: 'ptr', value: `${address} → ${name}`, match: hit.suffix }, 'strong');
    pushUnique(addressOrder, hit.value);
  }
  const addresses = new Set([...(dns?.addresses ?? []), ...input.probes.map((p) => p.address)]);
  for (const address of addresses) {
    const hit = providerOfAddress(address);
    if (!hit) continue;
    book.add(hit.id, { source: 'ip', value: address, match: hit.cidr }, 'strong');
    pushUnique(addressOrder, hit.id);
  }

  // Responses: headers, error pages, certificates.
  const headerNamed: string[] = [];
  const tlsNamed: string[] = [];
  const outermostByProbe = new Map<string, string>();
  for (const probe of input.probes) {
    for (const id of readTls(probe, book)) pushUnique(tlsNamed, id);
    const http = probe.http;
    if (!http) continue;
    const named = readHeaders(http.headers, book);
    const error = classifyError(http);
    if (error) {
      book.add(error.provider, { source: 'error-page', value: `HTTP ${http.status}`, match: error.signature }, 'strong');
      pushUnique(named, error.provider);
    }
    for (const id of named) pushUnique(headerNamed, id);
    const outer = byTier(named)[0];
    if (outer) outermostByProbe.set(probe.address, outer);
  }

  // The edge the client connects to, as DNS tells it: the chain's leaf provider, else the addresses' owner.
  const dnsEdge = chainOrder.at(-1) ?? addressOrder[0] ?? null;
  for (const id of addressOrder) {
    if (dnsEdge && !related(id, dnsEdge) && !chainOrder.includes(id)) {
      const ev = book.evidence(id).find((e) => e.source === 'ip' || e.source === 'ptr');
      conflicts.push(`the CNAME chain names ${describe(dnsEdge)} but edge address ${ev?.value ?? '(unknown)'} belongs to ${describe(id)}`);
    }
  }

  let stack: string[];
  if (headerNamed.length > 0) {
    stack = byTier(headerNamed);
    if (dnsEdge && stack.includes(dnsEdge)) moveToFront(stack, dnsEdge);
    else if (dnsEdge) {
      const outer = stack[0] as string;
      if (related(dnsEdge, outer)) stack.push(dnsEdge);
      else conflicts.push(`DNS names ${describe(dnsEdge)} (${book.evidence(dnsEdge)[0]?.value ?? 'address'}) but the response headers name ${stack.map(describe).join(' + ')}`);
    }
    for (const id of [...chainOrder].reverse()) if (!stack.includes(id) && id !== dnsEdge) stack.push(id);
  } else if (chainOrder.length > 0) {
    stack = [...chainOrder].reverse();
    for (const id of addressOrder) pushUnique(stack, id);
  } else if (addressOrder.length > 0) {
    stack = [...addressOrder];
  } else {
    stack = byTier(tlsNamed);
  }
  stack = normaliseStack(stack.filter(isEdgeProvider), book, chainOrder[0] ?? null);

  const outers = [...new Set(outermostByProbe.values())];
  if (outers.length > 1 && !outers.every((id) => related(id, outers[0] as string))) {
    conflicts.push(`edge addresses answer as different providers: ${[...outermostByProbe].map(([addr, id]) => `${addr} ${describe(id)}`).join(', ')}`);
  }

  const [cdnId, ...layerIds] = stack;
  const cdn = cdnId ? match(cdnId, book) : null;
  const { dns: dnsHost, others } = dnsHostOf(dns);
  const fp: Fingerprint = {
    cdn,
    layers: layerIds.map((id) => match(id, book)),
    dns: dnsHost,
    conflicts,
    pop: popOf(input.probes, cdnId ?? null),
    hopOwners,
  };
  if (others.length > 0) fp.dnsOthers = others;
  if (steeringOrder.length > 0) fp.steering = steeringOrder.map((id) => match(id, steering));
  return fp;
}

/** The DNS host with the most NS names; other hosts sharing the zone (multi-provider DNS) come second. */
function dnsHostOf(dns: DnsTrace | null): { dns: DnsHostMatch | null; others: DnsHostMatch[] } {
  const hosts = new Map<string, DnsHostMatch>();
  for (const ns of dns?.nameservers ?? []) {
    const hit = NS_INDEX().lookup(ns);
    if (!hit) continue;
    const host = hosts.get(hit.value) ?? { id: hit.value, name: providerName(hit.value, 'dns'), nameservers: [], evidence: [] };
    host.nameservers.push(ns);
    host.evidence.push({ source: 'ns', value: ns, match: hit.suffix });
    hosts.set(hit.value, host);
  }
  const ranked = [...hosts.values()].sort((a, b) => b.nameservers.length - a.nameservers.length);
  return { dns: ranked[0] ?? null, others: ranked.slice(1) };
}

/** The POP from the serving edge's headers when it tells one, else from any response that does. */
function popOf(probes: EdgeProbe[], cdn: string | null): Pop | null {
  let first: Pop | null = null;
  for (const probe of probes) {
    if (!probe.http) continue;
    const pop = readPop(probe.http.headers);
    if (!pop) continue;
    if (pop.provider === cdn || BY_ID.get(cdn ?? '')?.servedBy === pop.provider) return pop;
    first ??= pop;
  }
  return first;
}

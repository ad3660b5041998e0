// The audit's pure core: one target's dependency facts → its DNS and CDN dependencies, whether each is critical
// (Kashaf, Sekar, Agarwal, IMC 2020), and findings with stable codes; many audits → the run's concentration.
import { lookupSuffix, providerName } from '../fingerprint/match.ts';
import { registrableDomain } from '../dns/trace.ts';
import type { Role } from '../types.ts';
import type { PageFacts } from './page.ts';
import type { ResourceKind } from './page-parse.ts';

/** Stable finding codes (JSON `code`); `--fail-on` takes them as typed here or in kebab case (critical-dns). */
export const AUDIT_CODES = ['CRITICAL_DNS', 'NS_NOT_ANSWERING', 'NS_LAME_DELEGATION', 'NS_LOOKUP_FAILED', 'CRITICAL_CDN', 'CRITICAL_CA', 'CRITICAL_INDIRECT_DNS', 'SINGLE_CDN_PAGE_DEPENDENCY'] as const;
export type AuditCode = (typeof AUDIT_CODES)[number];

/** What asking one listed NS directly for the zone's NS set showed. */
export interface NsCheck {
  name: string;
  /** The address it was asked at ("127.0.0.1:53"), null when its own name did not resolve. */
  at: string | null;
  answering: boolean;
  /**
   * Whether its answer carried the AA bit. false while answering = a lame delegation: it serves the zone's
   * NS set from a cache or a stale copy, not as the zone's server. null when it did not answer or the
   * transport does not say.
   */
  authoritative: boolean | null;
  /** Why it does not answer for the zone (TIMEOUT, ECONNREFUSED, REFUSED, NO_ADDRESS, NOT_AUTHORITATIVE ...), null when it does. */
  error: { code: string; message: string } | null;
}

/** Everything the analysis needs about one target, gathered by the driver (plain data). */
export interface AuditFacts {
  host: string;
  /** Registrable domain whose NS were asked; null for IP targets and bare public suffixes. */
  zone: string | null;
  nameservers: string[];
  /** Why the NS set could not be read, when it could not. */
  nsError: { code: string; message: string } | null;
  nsChecks: NsCheck[];
  /** Serving CDN provider ids as each resolver's chain named them (one entry per resolver; null = no CDN named). */
  cdnByResolver: (string | null)[];
  /** The edge's certificate, asked for with OCSP stapling requested; null when there was no address to ask. */
  tls: TlsFacts | null;
  /** The NS sets of the domains the CNAME chain leads into outside the zone (the CDN's own names); absent = none read. */
  cdnDomains?: CdnDomainFacts[];
  /** The landing page and the CDNs of the hosts it loads from; null/absent when not read (DNS only, no address). */
  page?: PageFacts | null;
}

/** The NS set of one domain the chain leads into outside the site's zone: akamaiedge.net, fastly.net. */
export interface CdnDomainFacts {
  domain: string;
  nameservers: string[];
  error: { code: string; message: string } | null;
}

/**
 * An indirect dependency (the paper's CDN → DNS): a domain of the CDN's own names and the DNS providers that
 * serve it. A group is `private` when it is the CDN's own DNS (the same provider, or NS inside the domain).
 */
export interface IndirectDependency {
  domain: string;
  /** The provider owning the domain's names (fingerprint data), else the domain itself. */
  cdn: string;
  cdnName: string;
  providers: DnsProviderGroup[];
  /** One third-party DNS provider serves the CDN's names: if it fails, they stop resolving. */
  critical: boolean;
  error: { code: string; message: string } | null;
}

export type TlsFacts =
  | { ok: true; at: string; issuer: string | null; subjectAltNames: string[]; stapled: boolean }
  | { ok: false; at: string; error: { code: string; message: string } };

type Ownership = 'private' | 'third-party';

export interface DnsProviderGroup {
  /** Provider id from the fingerprint data, else the NS names' registrable domain. */
  provider: string;
  name: string;
  ownership: Ownership;
  nameservers: string[];
}

export interface Finding {
  code: AuditCode;
  role: Role | 'ca' | 'page';
  message: string;
  evidence: string[];
}

export interface TargetAudit {
  host: string;
  zone: string | null;
  dns: {
    providers: DnsProviderGroup[];
    /** private / third-party / both; null when no NS set was read. */
    ownership: 'private' | 'third-party' | 'both' | null;
    critical: boolean;
    redundant: boolean;
    nsChecks: NsCheck[];
  };
  cdn: { providers: { provider: string; name: string }[]; critical: boolean; redundant: boolean };
  /** The certificate authority; null when no handshake was made (no address) — `error` when it failed. */
  ca: { issuer: string | null; ownership: Ownership | null; stapled: boolean | null; critical: boolean; error: { code: string; message: string } | null } | null;
  /** The DNS behind the CDN's own names (one entry per domain the chain leads into). */
  indirect: IndirectDependency[];
  /** The landing page's third parties; null when the page was not read (DNS only, or no address). */
  page: PageAudit | null;
  findings: Finding[];
}

/** One CDN (or none named: provider null) among the hosts a page loads from. */
interface PageProviderGroup {
  provider: string | null;
  name: string;
  /** Hosts served by it, sorted. */
  hosts: string[];
  /** Those of its hosts with at least one render-blocking resource. */
  renderBlocking: string[];
  /** Resources the page loads from its hosts. */
  resources: number;
}

export interface PageAudit {
  url: string;
  status: number | null;
  truncated: boolean;
  error: { code: string; message: string } | null;
  /** Distinct hosts the page loads from, and resources named. */
  hosts: number;
  resources: number;
  /** By CDN, most hosts first: "if Akamai fails, 14 of 31 hosts this page loads fail with it". */
  providers: PageProviderGroup[];
  /** Scripts and stylesheets in <head> the first paint waits for. */
  renderBlocking: { url: string; host: string; kind: ResourceKind }[];
}

/**
 * Groups NS names by provider. An NS is private when its registrable domain is the zone itself, or is named
 * in the site's certificate (`sans`, exactly or as a wildcard's base) — the paper's two rules.
 * Otherwise the fingerprint data names its provider, or its registrable domain stands for one. Groups keep
 * first-seen order; names inside a group are sorted.
 */
export function groupNameservers(zone: string | null, nameservers: readonly string[], sans: readonly string[] = []): DnsProviderGroup[] {
  const groups = new Map<string, DnsProviderGroup>();
  const certified = new Set(sans.map((name) => name.toLowerCase().replace(/^\*\./, '')));
  for (const ns of nameservers) {
    const domain = registrableDomain(ns);
    const own = zone !== null && (domain === zone || (domain !== null && certified.has(domain)));
    const known = own ? null : lookupSuffix('ns', ns);
    const provider = own ? zone : (known?.id ?? domain ?? ns);
    const key = `${own ? 'p' : 't'}:${provider}`;
    const group = groups.get(key) ?? { provider, name: known ? providerName(known.id, 'dns') : provider, ownership: own ? 'private' : 'third-party', nameservers: [] };
    group.nameservers.push(ns);
    groups.set(key, group);
  }
  for (const g of groups.values()) g.nameservers.sort();
  return [...groups.values()];
}

/**
 * Audits one target. DNS is critical when every NS is third-party and they all belong to one provider;
 * redundant with two or more providers, or private + third-party. A listed NS that does not answer for the
 * zone is NS_NOT_ANSWERING (counted for redundancy all the same: the paper counts what is listed, the
 * finding says what is broken). CDN: one serving CDN seen through every resolver is critical; two or more
 * (DNS steering between CDNs) is redundant; no CDN named is neither. Pure.
 */
export function auditTarget(facts: AuditFacts): TargetAudit {
  const providers = groupNameservers(facts.zone, facts.nameservers, facts.tls?.ok ? facts.tls.subjectAltNames : []);
  const kinds = new Set(providers.map((p) => p.ownership));
  const ownership = kinds.size === 0 ? null : kinds.size === 2 ? 'both' : kinds.has('private') ? 'private' : 'third-party';
  const critical = ownership === 'third-party' && providers.length === 1;
  const redundant = providers.length >= 2;
  const findings: Finding[] = [];
  const only = providers[0];
  if (critical && only) {
    findings.push({ code: 'CRITICAL_DNS', role: 'dns', message: `every NS of ${facts.zone ?? facts.host} is at ${only.name}, with no second provider and no NS of its own`, evidence: only.nameservers });
  }
  if (facts.nsError) {
    findings.push({ code: 'NS_LOOKUP_FAILED', role: 'dns', message: `the NS set of ${facts.zone ?? facts.host} could not be read: ${facts.nsError.code}`, evidence: [facts.nsError.message] });
  }
  for (const check of facts.nsChecks) {
    if (check.answering && check.authoritative === false) {
      findings.push({ code: 'NS_LAME_DELEGATION', role: 'dns', message: `${check.name} is listed for ${facts.zone ?? facts.host} and answers, but not authoritatively (no AA bit): a lame delegation`, evidence: [check.at ?? check.name] });
    }
    if (check.answering) continue;
    const why = check.error?.code ?? 'UNKNOWN';
    findings.push({ code: 'NS_NOT_ANSWERING', role: 'dns', message: `${check.name} is listed for ${facts.zone ?? facts.host} but does not answer for it (${why})`, evidence: [check.error?.message ?? why] });
  }

  const cdnIds = [...new Set(facts.cdnByResolver.filter((id): id is string => id !== null))];
  const cdn = { providers: cdnIds.map((id) => ({ provider: id, name: providerName(id, 'cdn') })), critical: cdnIds.length === 1, redundant: cdnIds.length >= 2 };
  const single = cdn.providers[0];
  if (cdn.critical && single) {
    findings.push({ code: 'CRITICAL_CDN', role: 'cdn', message: `${facts.host} is served by ${single.name} alone: no second CDN answered through any resolver`, evidence: [single.provider] });
  }
  const ca = auditCa(facts);
  if (ca?.critical) {
    findings.push({ code: 'CRITICAL_CA', role: 'ca', message: `${facts.host}'s certificate is from a third-party CA (${ca.issuer ?? 'unnamed'}) and the edge staples no OCSP response: revocation checks depend on the CA`, evidence: [ca.issuer ?? ''] });
  }
  const indirect = (facts.cdnDomains ?? []).map(indirectDependency);
  for (const dep of indirect) {
    const dnsHost = dep.providers[0];
    if (!cdn.critical || !dep.critical || !dnsHost) continue;
    findings.push({
      code: 'CRITICAL_INDIRECT_DNS',
      role: 'dns',
      message: `${facts.host} depends on ${dep.cdnName} alone, whose names (${dep.domain}) are served by ${dnsHost.name} alone: if ${dnsHost.name} fails, they stop resolving and ${facts.host} with them`,
      evidence: [dep.domain, ...dnsHost.nameservers],
    });
  }
  const page = facts.page ? auditPage(facts.page) : null;
  const own = new Set(cdnIds);
  for (const group of page?.providers ?? []) {
    if (group.provider === null || own.has(group.provider) || group.renderBlocking.length === 0) continue;
    findings.push({
      code: 'SINGLE_CDN_PAGE_DEPENDENCY',
      role: 'page',
      message: `${facts.host}'s page waits for ${group.renderBlocking.join(', ')} before it renders, served by ${group.name} alone: if ${group.name} fails, the page does not render, whichever CDN serves ${facts.host}`,
      evidence: page?.renderBlocking.filter((r) => group.renderBlocking.includes(r.host)).map((r) => r.url) ?? [],
    });
  }
  return { host: facts.host, zone: facts.zone, dns: { providers, ownership, critical, redundant, nsChecks: facts.nsChecks }, cdn, ca, indirect, page, findings };
}

/** Groups the page's hosts by the CDN that serves each, with the render-blocking ones marked. Pure. */
function auditPage(facts: PageFacts): PageAudit {
  const cdnOf = new Map(facts.hosts.map((h) => [h.host, h.cdn]));
  const blocking = facts.resources.filter((r) => r.renderBlocking);
  const blockingHosts = new Set(blocking.map((r) => r.host));
  const groups = new Map<string, PageProviderGroup>();
  for (const r of facts.resources) {
    const provider = cdnOf.get(r.host) ?? null;
    const key = provider ?? '';
    const group = groups.get(key) ?? { provider, name: provider === null ? 'no CDN named' : providerName(provider, 'cdn'), hosts: [], renderBlocking: [], resources: 0 };
    group.resources += 1;
    if (!group.hosts.includes(r.host)) {
      group.hosts.push(r.host);
      if (blockingHosts.has(r.host)) group.renderBlocking.push(r.host);
    }
    groups.set(key, group);
  }
  for (const g of groups.values()) {
    g.hosts.sort();
    g.renderBlocking.sort();
  }
  // Most hosts first; hosts on no CDN named last among equals (they fail with no provider).
  const providers = [...groups.values()].sort((a, b) => b.hosts.length - a.hosts.length || Number(a.provider === null) - Number(b.provider === null) || (a.provider ?? '').localeCompare(b.provider ?? ''));
  return {
    url: facts.url,
    status: facts.status,
    truncated: facts.truncated,
    error: facts.error,
    hosts: facts.hosts.length,
    resources: facts.resources.length,
    providers,
    renderBlocking: blocking.map((r) => ({ url: r.url, host: r.host, kind: r.kind })),
  };
}

/**
 * One CDN domain's DNS, grouped like a site's NS: a group is the CDN's own (private) when the fingerprint data
 * names the same provider for the NS as for the domain's names (akamaiedge.net on akam.net: Akamai), or the NS
 * live in the domain itself. Critical = one provider, third-party. Pure.
 */
function indirectDependency(facts: CdnDomainFacts): IndirectDependency {
  const cdn = lookupSuffix('cname', facts.domain)?.id ?? facts.domain;
  const providers = groupNameservers(facts.domain, facts.nameservers).map((g) => (g.provider === cdn ? { ...g, ownership: 'private' as const } : g));
  const only = providers.length === 1 ? providers[0] : undefined;
  return { domain: facts.domain, cdn, cdnName: providerName(cdn, 'cdn'), providers, critical: only?.ownership === 'third-party', error: facts.error };
}

/**
 * The CA dependency. A CA is private when its issuer name carries the zone's own first label (Google Trust
 * Services for google.com), third-party otherwise; critical = third-party and no OCSP stapling, as in the
 * paper: without a stapled response, clients that check revocation must reach the CA's responder.
 */
function auditCa(facts: AuditFacts): TargetAudit['ca'] {
  const tls = facts.tls;
  if (!tls) return null;
  if (!tls.ok) return { issuer: null, ownership: null, stapled: null, critical: false, error: tls.error };
  const label = facts.zone?.split('.')[0] ?? null;
  const own = label !== null && label.length >= 3 && (tls.issuer ?? '').toLowerCase().includes(label);
  const ownership: Ownership = own ? 'private' : 'third-party';
  return { issuer: tls.issuer, ownership, stapled: tls.stapled, critical: ownership === 'third-party' && !tls.stapled, error: null };
}

export interface ConcentrationRow {
  role: Role;
  provider: string;
  name: string;
  /** Targets that depend on the provider at all. */
  targets: number;
  /** Targets that depend on it critically (it alone serves them). */
  critical: number;
  /** critical / all audited targets, 0–1 (the paper's "could affect" share). */
  share: number;
  /**
   * Targets that do not depend on it critically themselves but through their one CDN, whose names only it
   * serves (the paper's indirect dependencies: academia.edu → MaxCDN → AWS DNS). DNS rows only; 0 for CDNs.
   */
  indirect: number;
  /** (critical + indirect) / all audited targets: what fails with the provider, indirect dependents included. */
  shareWithIndirect: number;
}

/**
 * The concentration table of a run: per role and third-party provider, how many audited targets depend on
 * it and how many critically — directly, or through a critical CDN whose names it alone serves (`indirect`) —
 * sorted by critical and indirect together, then critical, then dependents, then id. Private NS are nobody's
 * concentration. Pure.
 */
export function concentration(audits: readonly TargetAudit[]): ConcentrationRow[] {
  const tally = concentrationTally();
  for (const a of audits) tally.add(a);
  return tally.rows();
}

/**
 * The concentration table folded one audit at a time, so a sweep of 10,000 targets keeps a row per provider
 * instead of every audit. `rows()` may be called at any time; it does not reset the tally.
 */
export function concentrationTally(): { add(audit: TargetAudit): void; rows(): ConcentrationRow[] } {
  const rows = new Map<string, ConcentrationRow>();
  let total = 0;
  const rowOf = (role: ConcentrationRow['role'], provider: string, name: string): ConcentrationRow => {
    const key = `${role}:${provider}`;
    const row = rows.get(key) ?? { role, provider, name, targets: 0, critical: 0, share: 0, indirect: 0, shareWithIndirect: 0 };
    rows.set(key, row);
    return row;
  };
  const bump = (role: ConcentrationRow['role'], provider: string, name: string, critical: boolean): void => {
    const row = rowOf(role, provider, name);
    row.targets += 1;
    if (critical) row.critical += 1;
  };
  const add = (a: TargetAudit): void => {
    total += 1;
    for (const g of a.dns.providers) if (g.ownership === 'third-party') bump('dns', g.provider, g.name, a.dns.critical);
    for (const c of a.cdn.providers) bump('cdn', c.provider, c.name, a.cdn.critical);
    // Through a critical CDN, the one DNS provider of its names (its own included) takes the target down too.
    if (!a.cdn.critical) return;
    const direct = new Set(a.dns.critical ? a.dns.providers.map((g) => g.provider) : []);
    const seen = new Set<string>();
    for (const dep of a.indirect) {
      const only = dep.providers.length === 1 ? dep.providers[0] : undefined;
      if (!only || direct.has(only.provider) || seen.has(only.provider)) continue;
      seen.add(only.provider);
      rowOf('dns', only.provider, only.name).indirect += 1;
    }
  };
  const ratio = (n: number): number => (total === 0 ? 0 : Math.round((n / total) * 1000) / 1000);
  return {
    add,
    rows: () =>
      [...rows.values()]
        .map((r) => ({ ...r, share: ratio(r.critical), shareWithIndirect: ratio(r.critical + r.indirect) }))
        .sort((a, b) => a.role.localeCompare(b.role) || b.critical + b.indirect - (a.critical + a.indirect) || b.critical - a.critical || b.targets - a.targets || a.provider.localeCompare(b.provider)),
  };
}

/** `--fail-on` value → codes: comma-separated, case-insensitive, kebab or snake case; unknown names are returned apart. */
export function parseFailOn(spec: string): { codes: AuditCode[]; unknown: string[] } {
  const codes: AuditCode[] = [];
  const unknown: string[] = [];
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const code = raw.toUpperCase().replaceAll('-', '_');
    if ((AUDIT_CODES as readonly string[]).includes(code)) codes.push(code as AuditCode);
    else unknown.push(raw);
  }
  return { codes: [...new Set(codes)], unknown };
}

/** The findings of all audits whose code is in `failOn`. */
export function matchingFindings(audits: readonly TargetAudit[], failOn: readonly AuditCode[]): Finding[] {
  const wanted = new Set(failOn);
  return audits.flatMap((a) => a.findings.filter((f) => wanted.has(f.code)));
}

// How one host looks on its own (target, canary or control alike): up, degraded or down, and when down,
// the layer, the code and who owns the failing piece. No comparison with other hosts happens here.
import type { DnsFailure, DnsTrace, EdgeProbe, Fingerprint, Layer, Observation, Piece } from '../types.ts';
import { CERTIFICATE_FAULTS, SILENT_RESOLVER_CODES, ZONE_ANSWER_CODES, httpCode, isAnswer } from './codes.ts';
import { LAYER_LABEL, namesFrom, plural } from './labels.ts';
import { SLOW_MS } from '../defaults.ts';

/** How many failing addresses a degradation note names before it says "and N more". */
const NAMED_ADDRESSES = 3;

export interface ObserveInput {
  host: string;
  /** null for IP-literal targets (no DNS stage). */
  dns: DnsTrace | null;
  probes: EdgeProbe[];
  fingerprint: Fingerprint;
  /** --fingerprint-only: nothing was probed, DNS is all there is. */
  fingerprintOnly?: boolean;
  /** DNS time plus the fastest answer above this is degraded; default SLOW_MS (defaults.ts). */
  slowMs?: number;
  /**
   * Which provider owns a DNS name's zone (the fingerprint module's suffix table). Optional: without it,
   * ownership comes from `fingerprint.hopOwners` and the CNAME evidence of the fingerprint's CDNs.
   */
  zoneOwner?: (name: string) => string | null;
}

type Owner = Pick<Observation, 'owner' | 'ownerRole' | 'piece'>;

const NO_OWNER: Owner = { owner: null, ownerRole: null, piece: null };

/** A piece of the site's own (verdict/blame.ts `PIECES`). */
function site(piece: Piece): Owner {
  return { owner: 'site', ownerRole: 'site', piece };
}

/** A piece nothing but the canaries can place (owner unknown from the piece alone). */
function contested(piece: Piece): Owner {
  return { ...NO_OWNER, piece };
}

function cdnPiece(provider: string, piece: Piece): Owner {
  return { owner: provider, ownerRole: 'cdn', piece };
}

/** How far a probe got before failing: the deepest failure is the one that decides. */
const DEPTH: Readonly<Record<Layer, number>> = { dns: 0, tcp: 1, tls: 2, http: 3 };

interface ProbeFailure {
  probe: EdgeProbe;
  layer: Layer;
  code: string;
}

/**
 * Classifies one host from its DNS trace and edge probes.
 *
 * - up: some edge answered HTTP with a status below 500 (a 4xx or 3xx is the site answering).
 * - degraded: up, but some addresses failed, some resolvers failed or disagreed, the certificate only
 *   passed because verification was off, or DNS plus the fastest answer took longer than `slowMs`.
 * - down: otherwise. `layer`/`code` come from the deepest failure among the probes (an edge that
 *   answered 503 says more than one that refused TCP); `piece` is the piece that failed (types.ts `Piece`)
 *   and `owner` the CDN for its edge and edge DNS, "site" for the site's own zone, its setup at a CDN
 *   (NXDOMAIN in the CDN's zone), origin errors and certificate faults, and null when the piece alone does
 *   not name its owner (an unclassified 5xx, no fingerprint, an unrecognised zone or nameserver set).
 *
 * With `fingerprintOnly`, a resolved name is `fingerprinted` ("DNS only ... nothing probed"): nothing says whether
 * it serves, so it is neither up nor down (resolver failures and disagreements are kept as notes). A DNS failure is
 * still down: that lookup did happen.
 * An IP target (dns null) with no probes is down with code NO_PROBES.
 */
export function observe(input: ObserveInput): Observation {
  const { dns, probes, fingerprint: fp } = input;
  if (dns?.error) return dnsDown(dns, dns.error, input);

  const dnsNotes = dns ? resolverNotes(dns) : [];
  if (input.fingerprintOnly) {
    const n = dns?.addresses.length ?? 0;
    const detail = `DNS only: resolved to ${n} ${plural(n, 'address', 'addresses')} (nothing probed)`;
    return { health: 'fingerprinted', layer: null, code: null, ...NO_OWNER, detail, notes: [...dnsNotes, 'DNS only'] };
  }
  if (probes.length === 0) {
    return { health: 'down', layer: null, code: 'NO_PROBES', ...NO_OWNER, detail: 'no edge address was probed', notes: [] };
  }

  const failures = probes.map(probeFailure).filter((f): f is ProbeFailure => f !== null);
  const answered = probes.filter((p) => failures.every((f) => f.probe !== p));
  if (answered.length === 0) return probesDown(failures, input);

  const fastest = answered.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
  const status = fastest.http?.status ?? 0;
  const ms = Math.round(resolutionMs(dns) + fastest.totalMs);
  const where = fp.cdn ? `${fp.cdn.name} edge${fp.pop ? ` (${fp.pop.code})` : ''}` : fastest.address;
  const detail = `${where} answered HTTP ${status} in ${ms} ms`;

  const addressNote = failures.length === 0 ? [] : [familyNote(failures, answered) ?? failingAddressesNote(failures, probes.length)];
  const certNotes = answered.flatMap((p) => (p.tls && !p.tls.verified && p.tls.verifyError ? [p.tls.verifyError.code] : []));
  const slowMs = input.slowMs ?? SLOW_MS;
  const notes = [
    ...dnsNotes,
    ...addressNote,
    ...[...new Set(certNotes)].map((code) => `certificate not valid (${code}); it answered only because verification is off`),
    ...(ms > slowMs ? [`slow: ${ms} ms (over ${slowMs} ms)`] : []),
  ];
  if (notes.length === 0) return { health: 'up', layer: null, code: null, ...NO_OWNER, detail, notes };

  // The first thing that went wrong names the degraded layer: resolvers, then addresses, then certificates.
  const first = failures[0];
  if (dnsNotes.length > 0) return { ...dnsDegraded(dns), detail, notes };
  if (first) return { health: 'degraded', layer: first.layer, code: first.code, ...probeOwner(first, fp), detail, notes };
  const certCode = certNotes[0];
  if (certCode) return { health: 'degraded', layer: 'tls', code: certCode, ...site('certificate'), detail, notes };
  return { health: 'degraded', layer: null, code: 'SLOW', ...NO_OWNER, detail, notes };
}

/** The probe's failure, or null when its edge answered HTTP below 500. */
function probeFailure(probe: EdgeProbe): ProbeFailure | null {
  if (!probe.tcp.ok) return { probe, layer: 'tcp', code: probe.tcp.error?.code ?? 'TCP_FAILED' };
  if (probe.tls && !probe.tls.ok) {
    return { probe, layer: 'tls', code: probe.tls.error?.code ?? probe.tls.verifyError?.code ?? 'TLS_FAILED' };
  }
  const http = probe.http;
  if (http === null) return { probe, layer: 'http', code: 'NO_RESPONSE' };
  if (isAnswer(http.status)) return null;
  if (http.status !== null) return { probe, layer: 'http', code: httpCode(http.status) };
  return { probe, layer: 'http', code: http.error?.code ?? 'HTTP_FAILED' };
}

/**
 * Which piece a probe's failure is in (see `observe`): a certificate fault is the site's certificate; an error
 * page is the edge's or the origin's by its signature; an unclassified 5xx behind a CDN may be either (the
 * canaries decide); TCP/TLS failures at a CDN's address are its edge; with no CDN in front, the site's servers.
 */
function probeOwner(f: ProbeFailure, fp: Fingerprint): Owner {
  if (f.layer === 'tls' && CERTIFICATE_FAULTS.has(f.code)) return site('certificate');
  if (f.layer === 'http') {
    const source = f.probe.errorSource;
    if (source) return source.kind === 'edge' ? cdnPiece(source.provider, 'edge') : site('origin');
    return contested(fp.cdn ? 'response' : 'servers');
  }
  return fp.cdn ? cdnPiece(fp.cdn.id, 'edge') : contested('servers');
}

/** "HTTP 503" for HTTP_503, "HTTP TIMEOUT" for HTTP_TIMEOUT, "TCP connect ECONNREFUSED" otherwise. */
function failureWords(layer: Layer, code: string): string {
  if (layer === 'http' && code.startsWith('HTTP_')) return `HTTP ${code.slice(5)}`;
  if (layer === 'tls' && CERTIFICATE_FAULTS.has(code)) return `TLS certificate invalid (${code})`;
  return `${LAYER_LABEL[layer]} ${code}`;
}

function probesDown(failures: ProbeFailure[], input: ObserveInput): Observation {
  const fp = input.fingerprint;
  const deciding = failures.reduce((a, b) => (DEPTH[b.layer] > DEPTH[a.layer] ? b : a));
  const owner = probeOwner(deciding, fp);
  const source = deciding.layer === 'http' ? deciding.probe.errorSource : null;
  const name = source ? namesFrom(fp)(source.provider, 'cdn') : '';
  const words = failureWords(deciding.layer, deciding.code);
  const where = failingWhere(failures, deciding, fp.cdn ? `${fp.cdn.name} edge ` : '');
  const detail =
    source?.kind === 'origin'
      ? `${name} says the origin failed (${words})`
      : source?.kind === 'edge'
        ? `${words} generated by the ${name} edge at ${where}`
        : `${words} at ${where}`;
  return { health: 'down', layer: deciding.layer, code: deciding.code, ...owner, detail, notes: [] };
}

/**
 * Where the deciding failure happened: "all 2 Akamai edge addresses" only when every address failed that
 * way; otherwise how many did, and how the others failed ("1 of 2 ..., TCP connect ECONNREFUSED at the other").
 */
function failingWhere(failures: ProbeFailure[], deciding: ProbeFailure, edge: string): string {
  const n = failures.length;
  if (n === 1) return `${edge}${deciding.probe.address}`;
  const alike = (f: ProbeFailure) => f.layer === deciding.layer && f.code === deciding.code;
  const same = failures.filter(alike);
  if (same.length === n) return `all ${n} ${edge}addresses`;
  const at = same.length === 1 ? `${edge}${deciding.probe.address}` : `${same.length} of ${n} ${edge}addresses`;
  const others = [...new Set(failures.filter((f) => !alike(f)).map((f) => failureWords(f.layer, f.code)))];
  const rest = n - same.length;
  return `${at}, ${others.join(', ')} at the other${rest === 1 ? '' : ` ${rest}`}`;
}

function dnsDown(dns: DnsTrace, error: DnsFailure, input: ObserveInput): Observation {
  const { owner, where } = dnsOwner(dns, error, input);
  const noAnswer =
    SILENT_RESOLVER_CODES.has(error.code) &&
    dns.chain.every((hop) => SILENT_RESOLVER_CODES.has(hop.rcode)) &&
    dns.byResolver.every((r) => !r.ok && (r.error === null || SILENT_RESOLVER_CODES.has(r.error.code)));
  const edge = owner.piece === 'edge-dns' ? 'edge ' : '';
  return {
    health: 'down',
    layer: 'dns',
    code: error.code,
    ...owner,
    // NETWORK alone says nothing a user can act on; the socket's code (ECONNREFUSED, ENETUNREACH) does.
    detail: `${edge}DNS ${error.code === 'NETWORK' && error.errno ? error.errno : error.code} at ${error.name}${where}`,
    notes: [],
    failedResolver: error.resolver,
    noAnswer,
    errno: error.errno ?? null,
  };
}

/**
 * The piece and owner of a failing DNS name (diagnosis.md §4):
 * - the site's own zone answering that the name is gone (NXDOMAIN/NODATA) ⇒ the site's zone, whoever hosts it;
 * - the site's own zone not answering (SERVFAIL, TIMEOUT ...) at a known DNS host ⇒ "dns-host": the host's
 *   servers or the zone's own setup, for its canaries to decide (owner stays "site", the zone's owner);
 *   self-hosted ⇒ the site's; on unrecognised nameservers, or with its DNS host unknown ⇒ nothing names it;
 * - a zone a CDN owns (hop owners, the injected suffix lookup, or a CNAME suffix the fingerprint matched):
 *   NXDOMAIN/NODATA ⇒ the site's setup at that CDN (the property is gone); any other failure ⇒ the CDN's
 *   edge DNS;
 * - anything else ⇒ null.
 */
function dnsOwner(dns: DnsTrace, error: DnsFailure, input: ObserveInput): { owner: Owner; where: string } {
  const fp = input.fingerprint;
  const name = error.name;
  const zoneAnswer = ZONE_ANSWER_CODES.has(error.code);
  if (dns.zone !== null && underZone(name, dns.zone)) {
    if (fp.dns) return { owner: site(zoneAnswer ? 'zone' : 'dns-host'), where: ` (the site's own zone, hosted on ${fp.dns.name})` };
    const ns = dns.nameservers;
    if (ns.length === 0) {
      // The zone itself said the name is gone: its content, the site's. Any other failure with no NS known
      // (a cold cache during Dyn 2016 fails the NS query too) may be its DNS host's: nobody to compare with.
      if (zoneAnswer) return { owner: site('zone'), where: " (the site's own zone; its DNS host is unknown)" };
      return { owner: NO_OWNER, where: ` (the site's own zone; its DNS host is unknown: the NS lookup failed${dns.nsError ? ` with ${dns.nsError.code}` : ''})` };
    }
    const zone = dns.zone;
    if (ns.every((host) => underZone(host, zone))) return { owner: site('zone'), where: ` (the site's own zone, self-hosted on ${ns[0]})` };
    return { owner: NO_OWNER, where: ` (the site's own zone, on unrecognised nameservers ${ns.join(', ')})` };
  }
  const provider = hopOwner(dns, name, fp) ?? input.zoneOwner?.(name) ?? suffixOwner(name, fp);
  if (provider && zoneAnswer) {
    const cdnName = namesFrom(fp)(provider, 'cdn');
    return { owner: site('cdn-setup'), where: ` (in ${cdnName}'s zone: no such name)` };
  }
  if (provider) return { owner: cdnPiece(provider, 'edge-dns'), where: '' };
  return { owner: NO_OWNER, where: ' (a zone no known provider owns)' };
}

function hopOwner(dns: DnsTrace, name: string, fp: Fingerprint): string | null {
  for (let i = dns.chain.length - 1; i >= 0; i--) {
    if (dns.chain[i]?.name === name) {
      const owner = fp.hopOwners[i];
      if (owner) return owner;
    }
  }
  return null;
}

/** A CDN whose CNAME evidence matched a suffix the failing name also sits under. */
function suffixOwner(name: string, fp: Fingerprint): string | null {
  for (const match of [fp.cdn, ...fp.layers]) {
    if (match?.evidence.some((e) => e.source === 'cname' && underZone(name, e.match.replace(/^[*.]+/, '')))) return match.id;
  }
  return null;
}

/** True when `name` is `zone` or a name below it (label-wise, so "notpaytm.com" is not under "paytm.com"). */
export function underZone(name: string, zone: string): boolean {
  return zone.length > 0 && (name === zone || name.endsWith(`.${zone}`));
}

function resolverNotes(dns: DnsTrace): string[] {
  const failed = dns.byResolver.filter((r) => !r.ok);
  const notes: string[] = [];
  if (failed.length > 0) {
    const list = failed.map((r) => `${r.resolver} ${r.error?.code ?? 'no addresses'}`).join(', ');
    notes.push(`${failed.length} of ${dns.byResolver.length} ${plural(dns.byResolver.length, 'resolver')} failed: ${list}`);
  }
  for (const d of dns.disagreements) notes.push(`resolvers disagree on ${d.name} ${d.type}`);
  // Answers over TCP after UDP went silent cost half a timeout each time a run starts: a firewall dropping
  // UDP 53 is worth knowing. A UDP socket error is refused at once and costs nothing: reported, not degraded.
  const udpSilent = [...new Set(dns.chain.filter((h) => h.udpError === 'TIMEOUT').map((h) => h.resolver))];
  if (udpSilent.length > 0) notes.push(`UDP to ${udpSilent.join(', ')} got no answer; TCP did (UDP port 53 may be filtered)`);
  return notes;
}

function dnsDegraded(dns: DnsTrace | null): Omit<Observation, 'detail' | 'notes'> {
  const failed = dns?.byResolver.find((r) => !r.ok);
  return {
    health: 'degraded',
    layer: 'dns',
    code: failed ? (failed.error?.code ?? 'NO_ADDRESSES') : dns?.chain.some((h) => h.udpError === 'TIMEOUT') && dns.disagreements.length === 0 ? 'UDP_TIMEOUT' : 'DISAGREEMENT',
    ...NO_OWNER,
    failedResolver: failed?.resolver ?? null,
  };
}

/**
 * "IPv6 edges unreachable (ENETUNREACH), IPv4 fine" when every failing address is of one family and every
 * address of the other answered: a broken IPv6 (or IPv4) path on this side, which a user fixes differently
 * from a failing edge. Null when failures do not split by family.
 */
function familyNote(failures: ProbeFailure[], answered: EdgeProbe[]): string | null {
  const v6 = (address: string) => address.includes(':');
  const failing = new Set(failures.map((f) => v6(f.probe.address)));
  if (failing.size !== 1 || answered.some((p) => failing.has(v6(p.address)))) return null;
  const [bad, good] = failing.has(true) ? ['IPv6', 'IPv4'] : ['IPv4', 'IPv6'];
  const codes = [...new Set(failures.map((f) => f.code))].join(', ');
  return `${bad} edges unreachable (${codes}), ${good} fine`;
}

function failingAddressesNote(failures: ProbeFailure[], total: number): string {
  const named = failures.slice(0, NAMED_ADDRESSES).map((f) => `${f.probe.address} ${failureWords(f.layer, f.code)}`);
  const more = failures.length > NAMED_ADDRESSES ? ` and ${failures.length - NAMED_ADDRESSES} more` : '';
  return `${failures.length} of ${total} edge ${plural(total, 'address', 'addresses')} failed: ${named.join(', ')}${more}`;
}

/**
 * How long the answer took to resolve through the resolver that answered: its slowest hop. Not the DNS
 * stage's wall time, which also waits for a dead second resolver to time out (that is reported apart).
 */
function resolutionMs(dns: DnsTrace | null): number {
  if (!dns) return 0;
  const answered = dns.chain.filter((hop) => hop.rcode === 'NOERROR');
  return answered.length > 0 ? Math.max(...answered.map((hop) => hop.ms)) : dns.ms;
}

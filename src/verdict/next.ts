// What to do next (issue 17 §3): one short line per verdict, the last thing its text says and `verdict.next` in
// JSON. Pure: the verdict and the facts it was made from in, a sentence out. It adds no judgement of its own:
// the verdict decided whose piece failed, this only says where to look and what to do about it.
import type { Piece, Status, Verdict } from '../types.ts';
import { UNDECIDED_CODES } from './codes.ts';

export interface NextInput {
  verdict: Pick<Verdict, 'status' | 'provider' | 'layer' | 'extent'>;
  host: string;
  /** The failing piece and who owns it as the observation said (null when up, or when nothing names it). */
  piece: Piece | null;
  ownerRole: 'cdn' | 'dns' | 'site' | null;
  /** The deciding failure's code (SERVFAIL, HTTP_522, CERT_HAS_EXPIRED ...), null when up. */
  code: string | null;
  /** The serving CDN and the zone's DNS host (ids), and the zone. */
  cdn: string | null;
  dnsHost: string | null;
  zone: string | null;
  /** The DNS name whose query failed, when DNS failed. */
  failedName: string | null;
  /** The site certificate's notAfter (ISO 8601) when a probe saw one. */
  certValidTo: string | null;
  /** The resolver that gave the deciding DNS failure, or the first one asked. */
  resolver: string | null;
  /** Remote probes (--from) already took part. */
  usedFrom: boolean;
  name: (id: string) => string;
  /** A provider's status page URL, or null when cdn-check knows none. */
  statusPage: (id: string) => string | null;
}

/** The next-step line of a verdict: a short sentence, never empty. */
export function nextStep(input: NextInput): string {
  return STEPS[input.verdict.status](input);
}

const STEPS: Readonly<Record<Status, (input: NextInput) => string>> = {
  up: () => 'nothing to do: it answers',
  degraded: () => 'it answers: -v shows which edges, resolvers or steps fail; `cdn-check watch` follows it',
  fingerprinted: () => 'run without --fingerprint-only to probe the edges',
  'provider-outage': providerStep,
  'site-outage': siteStep,
  'local-network': localStep,
  inconclusive: inconclusiveStep,
};

function providerStep(input: NextInput): string {
  const id = input.verdict.provider;
  if (id === null) return 'not your site: hold deploys';
  const name = input.name(id);
  const page = input.statusPage(id);
  const where = page ? `${name}'s status page: ${page}` : `${name} (no status page known to cdn-check)`;
  // A DNS host's outage is survived with a second DNS provider, a CDN's with a second CDN.
  const second = input.ownerRole === 'dns' || input.piece === 'dns-host' ? 'serve the zone from a second DNS provider if you have one' : 'fail over if you have a second CDN';
  const ticket = input.verdict.extent === 'this-site' ? `; open a ticket with ${name}` : '';
  return `${where} — not your site: hold deploys / ${second}${ticket}`;
}

/** A code as people read it: HTTP_522 → "HTTP 522". */
function spoken(code: string | null, fallback: string): string {
  return code === null ? fallback : code.replace(/^HTTP_(\d{3})$/, 'HTTP $1');
}

function siteStep(input: NextInput): string {
  const { piece } = input;
  const code = spoken(input.code, 'error');
  const cdn = input.cdn ? input.name(input.cdn) : null;
  switch (piece) {
    case 'origin':
      return `the origin behind ${cdn ? `a healthy ${cdn} edge` : 'the edge'} failed (${code}): check the origin servers and what the edge reaches them through`;
    case 'certificate': {
      const date = input.certValidTo?.slice(0, 10);
      const expiry = date === undefined ? '' : input.code === 'CERT_HAS_EXPIRED' ? ` (expired ${date})` : ` (valid until ${date})`;
      const what = input.code === 'CERT_HAS_EXPIRED' ? 'renew it and deploy it to the edge' : input.code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'deploy one that names this host' : 'fix the chain the edge serves';
      return `${input.host}'s certificate${expiry} fails (${code}): ${what}`;
    }
    case 'cdn-setup':
      return `the site's setup at ${cdn ?? 'its CDN'}: ${input.failedName ?? 'the CNAME target'} does not exist there — check the property and the CNAME that points at it`;
    case 'zone':
    case 'dns-host': {
      const zone = input.zone ?? input.host;
      const at = input.dnsHost ? ` at ${input.name(input.dnsHost)}` : '';
      return `the site's own zone ${zone}${at}: check its records, its delegation (NS at the registrar) and DNSSEC`;
    }
    case 'response':
      return `the site answers with server errors (${code}) while its CDN serves others: check the origin and the application`;
    default:
      return `the site's own ${input.verdict.layer === 'dns' ? 'name servers' : 'servers'} fail at ${input.verdict.layer ?? 'an unknown step'} (${code}): check them and their network`;
  }
}

function localStep(input: NextInput): string {
  if (input.verdict.layer === 'dns') {
    const resolver = input.resolver ?? 'your resolver';
    return `check your resolver: dig @${resolver.replace(/:53$/, '')} ${input.host}; rerun with --resolver <another> to compare`;
  }
  return 'check your route: ping or traceroute an edge address, try without the VPN or proxy, or from another network';
}

function inconclusiveStep(input: NextInput): string {
  if (input.code !== null && UNDECIDED_CODES.has(input.code)) return 'rerun with a longer --deadline';
  const id = input.verdict.provider ?? input.cdn ?? input.dnsHost;
  const canary = `--canary ${id ?? '<provider>'}=<another site on it>`;
  const from = input.usedFrom ? '' : ', --from IN,US,DE (remote probes)';
  return `add evidence: ${canary}${from}, --control <a site elsewhere>`;
}

// Lab edge profiles: how each provider looks from outside (CNAME chain shape, nameservers, healthy headers,
// its error pages), kept beside the rules so the lab, the tests and `cdn-check lab` speak the same dialect.
import type { HeaderMap } from '../types.ts';
import type { ErrorExample, ProviderRule } from '../fingerprint/rule-types.ts';
import { PROVIDERS } from '../fingerprint/providers.ts';
import { EDGE_KINDS } from '../fingerprint/match.ts';

export interface ProviderProfile {
  id: string;
  /** The CNAME targets after `host`, in order (empty for providers reached through apex A records). */
  cnameChain(host: string, slot?: number): string[];
  /** NS host names when the provider also hosts zones, else []. */
  nameservers: string[];
  healthy: { status: number; headers: Record<string, string | string[]> };
  edgeError: { status: number; headers: Record<string, string | string[]>; body: string };
  originError: { status: number; headers: Record<string, string | string[]>; body: string } | null;
}

/** Nameservers for every DNS host (CDNs that host zones included), in the shapes the providers use. */
export const NAMESERVERS: Readonly<Record<string, string[]>> = {
  akamai: ['a1-64.akam.net', 'a9-67.akam.net', 'a22-65.akam.net'],
  cloudflare: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
  vercel: ['ns1.vercel-dns.com', 'ns2.vercel-dns.com'],
  route53: ['ns-123.awsdns-45.com', 'ns-1034.awsdns-01.org', 'ns-1600.awsdns-16.co.uk', 'ns-600.awsdns-11.net'],
  ns1: ['dns1.p01.nsone.net', 'dns2.p01.nsone.net', 'dns3.p01.nsone.net', 'dns4.p01.nsone.net'],
  ultradns: ['pdns1.ultradns.net', 'pdns2.ultradns.net', 'pdns3.ultradns.org', 'pdns5.ultradns.info'],
  dyn: ['ns1.p34.dynect.net', 'ns2.p34.dynect.net', 'ns3.p34.dynect.net', 'ns4.p34.dynect.net'],
  'azure-dns': ['ns1-01.azure-dns.com', 'ns2-01.azure-dns.net', 'ns3-01.azure-dns.org', 'ns4-01.azure-dns.info'],
  'google-cloud-dns': ['ns-cloud-a1.googledomains.com', 'ns-cloud-a2.googledomains.com', 'ns-cloud-a3.googledomains.com', 'ns-cloud-a4.googledomains.com'],
  dnsimple: ['ns1.dnsimple.com', 'ns2.dnsimple.com', 'ns3.dnsimple.com', 'ns4.dnsimple.com'],
  'godaddy-dns': ['ns01.domaincontrol.com', 'ns02.domaincontrol.com'],
  'digitalocean-dns': ['ns1.digitalocean.com', 'ns2.digitalocean.com', 'ns3.digitalocean.com'],
  dnsmadeeasy: ['ns10.dnsmadeeasy.com', 'ns11.dnsmadeeasy.com'],
  easydns: ['dns1.easydns.com', 'dns2.easydns.net', 'dns3.easydns.org', 'dns4.easydns.info'],
  'gandi-dns': ['a.dns.gandi.net', 'b.dns.gandi.net', 'c.dns.gandi.net'],
  'he-dns': ['ns1.he.net', 'ns2.he.net', 'ns3.he.net'],
  'linode-dns': ['ns1.linode.com', 'ns2.linode.com'],
  'namecheap-dns': ['dns1.registrar-servers.com', 'dns2.registrar-servers.com'],
  'network-solutions-dns': ['ns13.worldnic.com', 'ns14.worldnic.com'],
};

/** "www.example.com" → "www-example-com": a label safe to prefix a provider's zone with. */
function label(host: string): string {
  return host.replace(/\.$/, '').replace(/[^a-z0-9-]/gi, '-').toLowerCase();
}

/** A stable small hash of a host name, so different sites get different edge names. */
function hashOf(host: string): number {
  let h = 2166136261;
  for (let i = 0; i < host.length; i++) h = Math.imul(h ^ host.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** Chain shapes of the providers whose names are well documented; others get `<label>.<first suffix>`. */
const CHAINS: Readonly<Record<string, (host: string, slot: number) => string[]>> = {
  akamai: (host, slot) => [`${host}.edgekey.net`, `e${slot}.a.akamaiedge.net`],
  cloudflare: (host) => [`${host}.cdn.cloudflare.net`],
  fastly: (host) => [`${label(host)}.map.fastly.net`],
  cloudfront: (host) => [`d${hashOf(host).toString(36).padStart(7, '0')}${(hashOf(`${host}.`) % 1e6).toString(36).padStart(6, '0')}.cloudfront.net`],
  'azure-frontdoor': (host, slot) => [`${label(host)}.z01.azurefd.net`, 'mr-z01.tm-azurefd.net', `shed.dual-low.part-${String(slot % 10000).padStart(4, '0')}.t-0009.t-msedge.net`],
  'azure-cdn': (host) => [`${label(host)}.azureedge.net`],
  'google-cloud-cdn': () => ['ghs.googlehosted.com'],
  edgio: (host) => [`${label(host)}.wpc.edgecastcdn.net`],
  vercel: () => ['cname.vercel-dns.com'],
  netlify: (host) => [`${label(host)}.netlify.app`],
  'github-pages': (host) => [`${label(host)}.github.io`],
  jsdelivr: () => ['cdn.jsdelivr.net', 'cdn.jsdelivr.net.cdn.cloudflare.net'],
  wangsu: (host) => [`${host}.wscdns.com`],
  'alibaba-cdn': (host) => [`${host}.w.kunlunsl.com`],
  gcore: (host) => [`cl-${(hashOf(host) >>> 0).toString(16).padStart(8, '0')}.gcdn.co`],
  bunny: (host) => [`${label(host)}.b-cdn.net`],
  cdn77: (host) => [`${1000000000 + (hashOf(host) % 899999999)}.rsc.cdn77.org`],
};

const html = (title: string): string => `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;

/** Healthy header sets written out for the big providers (each with its POP header where there is one). */
const HEALTHY: Readonly<Record<string, HeaderMap>> = {
  akamai: { server: 'Apache', 'x-akamai-transformed': '9 - 0 pmb=mRUM,1', 'akamai-grn': '0.5b2d1702.1700000000.1a2b3c4d', 'cache-control': 'max-age=60' },
  cloudflare: { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f6a7b-BOM', 'cf-cache-status': 'DYNAMIC', nel: '{"success_fraction":0,"report_to":"cf-nel","max_age":604800}' },
  fastly: { 'x-served-by': 'cache-bom4750-BOM', 'x-cache': 'MISS', 'x-cache-hits': '0', via: '1.1 varnish', 'x-timer': 'S1700000000.000000,VS0,VE12' },
  cloudfront: { server: 'AmazonS3', via: '1.1 5d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6.cloudfront.net (CloudFront)', 'x-cache': 'Miss from cloudfront', 'x-amz-cf-pop': 'BOM50-C1', 'x-amz-cf-id': 'Tq3dG7XyKc2Zr1x9Q0p8mVb4wN6sE5aHjL3kUyR2iO1tF0gD9cB8ZA==' },
  'azure-frontdoor': { 'x-azure-ref': '20251029T154100Z-16b7d8c9f4abcde1hC1BOM0000000000000000000000000', 'x-cache': 'TCP_MISS', 'x-fd-int-roxy-purgeid': '0' },
  'azure-cdn': { 'x-azure-ref': '20251029T154100Z-16b7d8c9f4abcde1hC1BOM0000000000000000000000000', 'x-cache': 'TCP_HIT' },
  'google-cloud-cdn': { via: '1.1 google', age: '12', 'alt-svc': 'h3=":443"; ma=2592000' },
  vercel: { server: 'Vercel', 'x-vercel-id': 'bom1::iad1::8x7kq-1700000000000-0123456789ab', 'x-vercel-cache': 'HIT', age: '42' },
  netlify: { server: 'Netlify', 'x-nf-request-id': '01HZX0A1B2C3D4E5F6G7H8J9K0', 'cache-status': '"Netlify Edge"; hit' },
  'github-pages': { server: 'GitHub.com', 'x-github-request-id': 'A1B2:3C4D:5E6F7:8A9B0:65A1B2C3', 'x-served-by': 'cache-bom4750-BOM', 'x-cache': 'HIT', via: '1.1 varnish', 'x-fastly-request-id': '5b2d17025b2d17025b2d17025b2d1702a1b2c3d4' },
  keycdn: { server: 'keycdn-engine', 'x-edge-location': 'defr', 'x-cache': 'HIT' },
  jsdelivr: { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f6a7b-FRA', 'cf-cache-status': 'HIT', 'x-jsd-version': '3.0.0' },
};

/** The distinctive (non-weak) header examples of a provider, first rule per header name. */
function headersFromRules(p: ProviderRule): HeaderMap {
  const out: HeaderMap = {};
  for (const rule of p.headers) if (rule.strength !== 'weak' && out[rule.name] === undefined) out[rule.name] = rule.example;
  return out;
}

function page(example: ErrorExample, healthy: HeaderMap): { status: number; headers: Record<string, string | string[]>; body: string } {
  return { status: example.status, headers: { ...healthy, 'content-type': 'text/html', ...example.headers }, body: example.body };
}

/** Providers delivered through another's edge show that edge's error pages. */
const ERRORS_FROM: Readonly<Record<string, string>> = { jsdelivr: 'cloudflare', 'github-pages': 'fastly', 'azure-cdn': 'azure-frontdoor' };

/** A 5xx page of that kind from the provider's signatures (4xx pages are policy, not outages). */
function serverError(p: ProviderRule, kind: 'edge' | 'origin'): ErrorExample | undefined {
  const source = PROVIDERS.find((q) => q.id === ERRORS_FROM[p.id]) ?? p;
  return source.errors.find((s) => s.kind === kind && !s.fallback && s.example.status >= 500)?.example;
}

/** Edge error: the provider's own 5xx page when it has one, else a bare 503 in its headers. */
function edgeErrorOf(p: ProviderRule, healthy: HeaderMap): ProviderProfile['edgeError'] {
  const example = serverError(p, 'edge');
  if (p.id === 'cloudfront') {
    return page({ status: 503, headers: { server: 'CloudFront', 'x-cache': 'Error from cloudfront' }, body: '<TITLE>ERROR: The request could not be satisfied</TITLE><H1>503 ERROR</H1>Generated by cloudfront (CloudFront)' }, healthy);
  }
  return example ? page(example, healthy) : { status: 503, headers: { ...healthy, 'content-type': 'text/html' }, body: html('503 Service Unavailable') };
}

function originErrorOf(p: ProviderRule, healthy: HeaderMap): ProviderProfile['originError'] {
  const example = serverError(p, 'origin');
  return example ? page(example, healthy) : null;
}

function profileOf(p: ProviderRule): ProviderProfile {
  const healthyHeaders: HeaderMap = { 'content-type': 'text/html; charset=utf-8', ...(HEALTHY[p.id] ?? headersFromRules(p)) };
  const chain = CHAINS[p.id];
  const first = p.cname[0];
  return {
    id: p.id,
    cnameChain: (host, slot = 1234) => (chain ? chain(host, slot) : first ? [`${label(host)}.${first}`] : []),
    nameservers: NAMESERVERS[p.id] ?? [],
    healthy: { status: 200, headers: healthyHeaders },
    edgeError: edgeErrorOf(p, healthyHeaders),
    originError: originErrorOf(p, healthyHeaders),
  };
}

/** A profile for every CDN, WAF and platform provider (DNS-only hosts are in NAMESERVERS; steering-only services serve nothing). */
export const PROFILES: Record<string, ProviderProfile> = Object.fromEntries(
  PROVIDERS.filter((p) => p.kinds.some((k) => EDGE_KINDS.has(k))).map((p) => [p.id, profileOf(p)]),
);

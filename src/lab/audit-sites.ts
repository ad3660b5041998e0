// Lab sites for `cdn-check audit`: NS at two providers, private + third-party NS, one provider only, a listed
// NS that does not answer, a lame one, and a site steered between two CDNs by resolver. Every NS name resolves
// to a loopback address: the lab's own DNS server on 127.0.0.1, started `authoritative`, answers for every zone
// as their server (ask it with --ns-port <its port>); DEAD_NS_ADDRESS is a loopback address nothing listens
// on; LAME_NS_ADDRESS one where a non-authoritative server listens on the same port.
import { registrableDomain } from '../dns/trace.ts';
import type { EdgeSpec } from './edges.ts';
import type { Scenario } from './scenario.ts';
import { buildWorld } from './world.ts';
import type { LabZoneData, ZoneRecord } from './zones.ts';

/** Where the NS that stopped serving "lives": loopback, and no lab server binds it. */
export const DEAD_NS_ADDRESS = '127.0.0.254';
/**
 * Where a lame NS lives: a second lab server on the main one's port that answers like a resolver (no AA bit),
 * as a former DNS host still answering from its resolvers after the zone moved away.
 */
export const LAME_NS_ADDRESS = '127.0.0.2';
const LAB_NS_ADDRESS = '127.0.0.1';
/** The lab's Akamai edge (staples OCSP), Fastly edge (does not), Cloudflare edge, and a host on no CDN. */
const AKAMAI_EDGE = '127.20.0.1';
const FASTLY_EDGE = '127.20.0.2';
const CLOUDFLARE_EDGE = '127.20.0.3';
const NO_CDN_HOST = '127.30.0.1';

/**
 * The landing page of www.pagedeps.test: served by Akamai, it loads from Akamai (the site's own CDN), Fastly,
 * Cloudflare and a host on no CDN. Render-blocking: the stylesheet on Fastly (another CDN: a single point of
 * failure of its own) and the script on Akamai; async, deferred and <body> scripts, images, the font and the
 * frame are not.
 */
const PAGEDEPS_HTML = `<!doctype html>
<html><head>
<title>pagedeps.test</title>
<link rel="stylesheet" href="https://static.pagecdn-fastly.test/site.css">
<link rel="stylesheet" href="https://static.pagecdn-fastly.test/print.css" media="print">
<script src="https://js.pagedeps.test/app.js"></script>
<script async src="https://tags.pagecdn-cloudflare.test/t.js"></script>
<script defer src="https://tags.pagecdn-cloudflare.test/later.js"></script>
<link rel="preload" as="font" href="https://fonts.pagecdn-fastly.test/brand.woff2" crossorigin>
</head><body>
<img src="https://img.pagecdn-cloudflare.test/logo.png" alt=""><img src="/hero.jpg" alt="">
<iframe src="https://player.pagecdn-self.test/embed"></iframe>
<script src="https://js.pagedeps.test/late.js"></script>
</body></html>
`;

const html = (body: string) => ({ kind: 'respond' as const, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body });
const redirect = (location: string) => ({ kind: 'respond' as const, status: 301, headers: { location }, body: '' });

/** The audit lab's HTTPS edges: one that staples OCSP (Akamai's) and one that does not (Fastly's), plus Cloudflare's. */
export function auditEdges(): EdgeSpec[] {
  const plain = { kind: 'respond' as const, status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok\n' };
  return [
    {
      address: AKAMAI_EDGE,
      staple: true,
      behaviour: plain,
      hosts: {
        'www.pagedeps.test': html(PAGEDEPS_HTML),
        // The apex sends browsers to www: followed, it is the same site.
        'pagedeps.test': redirect('https://www.pagedeps.test/'),
        // A landing page that sends browsers to another site: not followed.
        'www.offsite.test': redirect('https://elsewhere.example/'),
      },
    },
    { address: FASTLY_EDGE, behaviour: plain },
    { address: CLOUDFLARE_EDGE, behaviour: plain },
  ];
}

const ns = (zone: string, ...names: string[]): ZoneRecord[] => names.map((data) => ({ name: zone, type: 'NS', data }));
const at = (address: string, ...names: string[]): ZoneRecord[] => names.map((name) => ({ name, type: 'A', data: address }));

/** What `cdn-check lab audit` audits: one target per kind of dependency the lab plays. */
export const AUDIT_LAB_TARGETS = [
  'www.single.test', // one DNS provider, one CDN: critical twice; its edge staples OCSP
  'twodns.test', // NS at two providers: redundant
  'mixed.test', // its own NS and a third party: redundant
  'deadns.test', // a listed NS that does not answer
  'lame.test', // a listed NS that answers without the AA bit
  'www.multicdn.test', // steered between Akamai and Fastly by resolver: multi-CDN
  'www.fastlyonly.test', // one CDN whose names one third party serves; its edge staples nothing
  'www.pagedeps.test', // a page loading from several CDNs, one render-blocking on another CDN
  'pagedeps.test', // the apex, redirecting to www within the site
] as const;

/** The audit sites as one resolver sees them; view 'b' is a second resolver that steers multicdn.test to Fastly. */
export function auditZoneData(view: 'a' | 'b' = 'a'): LabZoneData {
  const records: ZoneRecord[] = [
    // Two third-party DNS providers: redundant.
    ...ns('twodns.test', 'ada.ns.cloudflare.com', 'a1-1.akam.net'),
    // Its own NS and a third-party one: redundant (both).
    ...ns('mixed.test', 'ns1.mixed.test', 'bob.ns.cloudflare.com'),
    // One third-party provider only, served by one CDN: critical DNS and critical CDN.
    ...ns('single.test', 'ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'),
    { name: 'www.single.test', type: 'CNAME', data: 'www.single.test.edgekey.net' },
    { name: 'www.single.test.edgekey.net', type: 'CNAME', data: 'e1.a.akamaiedge.net' },
    { name: 'e1.a.akamaiedge.net', type: 'A', data: AKAMAI_EDGE },
    // Its own two NS, one of which stopped serving.
    ...ns('deadns.test', 'ns1.deadns.test', 'ns2.deadns.test'),
    ...at(DEAD_NS_ADDRESS, 'ns2.deadns.test'),
    // Its own NS and a third-party one that answers, but not as the zone's server: a lame delegation.
    ...ns('lame.test', 'ns1.lame.test', 'ns.lame-dns.test'),
    ...at(LAME_NS_ADDRESS, 'ns.lame-dns.test'),
    // Steered by resolver between Akamai (view a) and Fastly (view b): multi-CDN.
    ...ns('multicdn.test', 'ns1.multicdn.test', 'a1-1.akam.net'),
    view === 'a'
      ? { name: 'www.multicdn.test', type: 'CNAME', data: 'e1.a.akamaiedge.net' }
      : { name: 'www.multicdn.test', type: 'CNAME', data: 'multicdn.map.fastly.net' },
    { name: 'multicdn.map.fastly.net', type: 'A', data: FASTLY_EDGE },
    // Its own NS, one CDN (Fastly) whose names this lab serves from a third party (NS1) alone: an indirect
    // critical DNS dependency. (Akamai's names are on Akamai's own DNS: no third party behind them.)
    ...ns('fastlyonly.test', 'ns1.fastlyonly.test'),
    { name: 'www.fastlyonly.test', type: 'CNAME', data: 'fastlyonly.map.fastly.net' },
    { name: 'fastlyonly.map.fastly.net', type: 'A', data: FASTLY_EDGE },
    ...ns('fastly.net', 'dns1.p01.nsone.net', 'dns2.p01.nsone.net'),
    // A landing page that loads from several CDNs (PAGEDEPS_HTML), its apex redirecting to it.
    ...ns('pagedeps.test', 'ns1.pagedeps.test', 'ada.ns.cloudflare.com'),
    ...at(AKAMAI_EDGE, 'pagedeps.test', 'www.offsite.test'),
    ...ns('offsite.test', 'ns1.offsite.test'),
    { name: 'www.pagedeps.test', type: 'CNAME', data: 'www.pagedeps.test.edgekey.net' },
    { name: 'www.pagedeps.test.edgekey.net', type: 'CNAME', data: 'e2.a.akamaiedge.net' },
    { name: 'js.pagedeps.test', type: 'CNAME', data: 'www.pagedeps.test.edgekey.net' },
    { name: 'e2.a.akamaiedge.net', type: 'A', data: AKAMAI_EDGE },
    { name: 'static.pagecdn-fastly.test', type: 'CNAME', data: 'pagecdn.map.fastly.net' },
    { name: 'fonts.pagecdn-fastly.test', type: 'CNAME', data: 'pagecdn.map.fastly.net' },
    { name: 'pagecdn.map.fastly.net', type: 'A', data: FASTLY_EDGE },
    { name: 'tags.pagecdn-cloudflare.test', type: 'CNAME', data: 'tags.pagecdn-cloudflare.test.cdn.cloudflare.net' },
    { name: 'img.pagecdn-cloudflare.test', type: 'CNAME', data: 'img.pagecdn-cloudflare.test.cdn.cloudflare.net' },
    ...at(CLOUDFLARE_EDGE, 'tags.pagecdn-cloudflare.test.cdn.cloudflare.net', 'img.pagecdn-cloudflare.test.cdn.cloudflare.net'),
    ...at(NO_CDN_HOST, 'player.pagecdn-self.test'),
    ...ns('edgekey.net', 'a1-1.akam.net', 'a2-2.akam.net'),
    ...ns('akamaiedge.net', 'a1-1.akam.net', 'a2-2.akam.net'),
    ...at(LAB_NS_ADDRESS, 'ada.ns.cloudflare.com', 'bob.ns.cloudflare.com', 'a1-1.akam.net', 'ns1.mixed.test', 'ns1.deadns.test', 'ns1.lame.test', 'ns1.fastlyonly.test', 'ns1.pagedeps.test', 'ns1.offsite.test', 'ns1.multicdn.test'),
  ];
  return { records };
}

/**
 * A diagnosis scenario (the bulk lab's 10,000 sites, say) made auditable: every NS name its zones list resolves
 * to the lab resolver's own address, which answers for every zone (start it `authoritative`; ask it with
 * --ns-port), and every domain its CNAME chains lead into gets an NS set at the CDN's own DNS. Without these
 * records each NS would be NO_ADDRESS and the audit would measure NXDOMAINs, not NS checks.
 */
export function withAuditRecords(scenario: Scenario): Scenario {
  const world = buildWorld(scenario).zone.records;
  const nsNames = new Set<string>();
  const cdnDomains = new Set<string>();
  for (const r of world) {
    if (r.type === 'NS') nsNames.add(r.data.toLowerCase());
    if (r.type !== 'CNAME') continue;
    const domain = registrableDomain(r.data);
    if (domain && domain !== registrableDomain(r.name)) cdnDomains.add(domain);
  }
  const records: ZoneRecord[] = [...at(LAB_NS_ADDRESS, ...nsNames), ...[...cdnDomains].flatMap((d) => ns(d, `ns1.${d}`, `ns2.${d}`)), ...at(LAB_NS_ADDRESS, ...[...cdnDomains].flatMap((d) => [`ns1.${d}`, `ns2.${d}`]))];
  return { ...scenario, records: [...(scenario.records ?? []), ...records] };
}

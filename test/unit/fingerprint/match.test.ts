// The fingerprint stage on whole traces: partial evidence, stacked CDNs, roles, conflicts and the POP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprint, isKnownProvider, ownerOfName, providerName } from '../../../src/fingerprint/match.ts';
import type { FingerprintInput } from '../../../src/fingerprint/match.ts';
import { answered, refused, tlsOnly, trace } from './helpers.ts';

const sources = (fp: ReturnType<typeof fingerprint>) => fp.cdn?.evidence.map((e) => `${e.source}:${e.match}`) ?? [];
const ids = (fp: ReturnType<typeof fingerprint>) => [fp.cdn?.id ?? null, ...fp.layers.map((l) => l.id)];

describe('fingerprint from partial evidence', () => {
  it('names Akamai from the CNAME chain alone when the edge hostname SERVFAILs (Akamai, July 2021)', () => {
    const fp = fingerprint({
      host: 'www.paytm.com',
      dns: trace(['www.paytm.com', 'www.paytm.com.edgekey.net', 'e1234.a.akamaiedge.net'], { failAt: 'e1234.a.akamaiedge.net', nameservers: ['a1-64.akam.net', 'a9-67.akam.net'] }),
      probes: [],
    });
    assert.equal(fp.cdn?.id, 'akamai');
    assert.deepEqual(sources(fp), ['cname:edgekey.net', 'cname:akamaiedge.net']);
    assert.deepEqual(fp.hopOwners, [null, 'akamai', 'akamai']);
    assert.deepEqual([fp.dns?.id, fp.dns?.name, fp.dns?.nameservers], ['akamai', 'Akamai Edge DNS', ['a1-64.akam.net', 'a9-67.akam.net']]);
    assert.deepEqual(fp.conflicts, []);
    assert.equal(fp.pop, null);
  });

  it('names Cloudflare and its POP from headers alone on an apex A record', () => {
    const fp = fingerprint({ host: 'example.org', dns: trace(['example.org']), probes: [answered({ server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f6a7b-BOM' })] });
    assert.equal(fp.cdn?.id, 'cloudflare');
    assert.deepEqual(fp.pop, { code: 'BOM', city: 'Mumbai', provider: 'cloudflare', source: 'cf-ray: 8a1b2c3d4e5f6a7b-BOM' });
    assert.deepEqual(fp.hopOwners, [null]);
  });

  it('names the DNS host from NS alone when the name does not resolve (Dyn, October 2016)', () => {
    const fp = fingerprint({ host: 'twitter.com', dns: trace(['twitter.com'], { failAt: 'twitter.com', nameservers: ['ns1.p34.dynect.net', 'ns2.p34.dynect.net'] }), probes: [] });
    assert.equal(fp.cdn, null);
    assert.deepEqual([fp.dns?.id, fp.dns?.name], ['dyn', 'Dyn (Oracle)']);
    assert.deepEqual(fp.dns?.evidence.map((e) => e.match), ['dynect.net', 'dynect.net']);
  });

  it('names nothing when no evidence points anywhere', () => {
    const fp = fingerprint({ host: 'www.facebook.com', dns: trace(['www.facebook.com'], { nameservers: ['a.ns.facebook.com'] }), probes: [answered({ server: 'nginx' })] });
    assert.deepEqual([fp.cdn, fp.layers, fp.dns, fp.conflicts, fp.pop], [null, [], null, [], null]);
  });

  it('works without a DNS stage (an IP target)', () => {
    const fp = fingerprint({ host: '127.0.0.9', dns: null, probes: [answered({ 'x-served-by': 'cache-jfk1041-JFK' }, 200, '', '127.0.0.9')] });
    assert.deepEqual([fp.cdn?.id, fp.hopOwners, fp.pop?.city], ['fastly', [], 'New York']);
  });

  it('uses the PTR name of an edge address', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test'], { addresses: ['127.0.0.3'], ptr: { '127.0.0.3': 'a23-1-2-3.deploy.static.akamaitechnologies.com' } }), probes: [refused('127.0.0.3')] });
    assert.equal(fp.cdn?.id, 'akamai');
    assert.deepEqual(fp.cdn?.evidence, [{ source: 'ptr', value: '127.0.0.3 → a23-1-2-3.deploy.static.akamaitechnologies.com', match: 'akamaitechnologies.com' }]);
  });

  it('uses the published ranges of an edge address', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test'], { addresses: ['151.101.1.57'] }), probes: [] });
    assert.deepEqual(fp.cdn?.evidence, [{ source: 'ip', value: '151.101.1.57', match: '151.101.0.0/16' }]);
  });

  it('falls back on the certificate when nothing else names the edge, and lets headers outrank it', () => {
    const tls = tlsOnly('Cloudflare Inc ECC CA-3', ['sni.cloudflaressl.com', 'www.site.test']);
    assert.deepEqual(sources(fingerprint({ host: 'www.site.test', dns: trace(['www.site.test']), probes: [tls] })), ['tls:^Cloudflare Inc ECC CA-\\d$', 'tls:cloudflaressl.com']);
    const withHeaders = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test']), probes: [tls, answered({ 'x-served-by': 'cache-bom4750-BOM' })] });
    assert.deepEqual(ids(withHeaders), ['fastly']);
  });
});

describe('fingerprint of stacked CDNs', () => {
  const stacked = (names: string[], headers: Record<string, string>): FingerprintInput => ({ host: names[0] as string, dns: trace(names), probes: [answered(headers)] });

  it('reports Cloudflare in front of Vercel as the serving edge with Vercel behind it', () => {
    const fp = fingerprint(stacked(['app.site.test'], { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f6a7b-FRA', 'x-vercel-id': 'fra1::iad1::abc-1', 'x-vercel-cache': 'MISS' }));
    assert.deepEqual(ids(fp), ['cloudflare', 'vercel']);
    assert.deepEqual([fp.conflicts, fp.pop?.provider], [[], 'cloudflare']);
  });

  it('reports CloudFront in front of Akamai', () => {
    const fp = fingerprint(stacked(['www.site.test', 'd111111abcdef8.cloudfront.net'], { 'x-amz-cf-pop': 'FRA56-P5', 'x-amz-cf-id': 'abc==', server: 'AkamaiGHost' }));
    assert.deepEqual(ids(fp), ['cloudfront', 'akamai']);
    assert.deepEqual(fp.conflicts, []);
  });

  it('lets the CNAME decide the outermost edge when Akamai fronts CloudFront', () => {
    const fp = fingerprint(stacked(['www.site.test', 'www.site.test.edgekey.net', 'e99.a.akamaiedge.net'], { 'x-amz-cf-pop': 'FRA56-P5', 'akamai-grn': '0.1.2.3' }));
    assert.deepEqual(ids(fp), ['akamai', 'cloudfront']);
  });

  it('reports a platform on Fastly as Fastly with the platform behind it, without a conflict', () => {
    const fp = fingerprint(stacked(['docs.site.test', 'site.github.io'], { server: 'GitHub.com', 'x-served-by': 'cache-lhr7350-LHR', 'x-github-request-id': 'A:B' }));
    assert.deepEqual(ids(fp), ['fastly', 'github-pages']);
    assert.deepEqual([fp.conflicts, fp.pop?.code, fp.pop?.city], [[], 'LHR', 'London']);
  });

  it('keeps a GitHub Pages CNAME with only Fastly headers as Fastly plus the platform', () => {
    const fp = fingerprint(stacked(['docs.site.test', 'site.github.io'], { 'x-served-by': 'cache-lhr7350-LHR' }));
    assert.deepEqual([ids(fp), fp.conflicts], [['fastly', 'github-pages'], []]);
  });

  it('reports jsDelivr as a layer over the CDN its chain ends on', () => {
    const fp = fingerprint({ host: 'cdn.jsdelivr.net', dns: trace(['cdn.jsdelivr.net', 'cdn.jsdelivr.net.mwcloudcdn.com']), probes: [] });
    assert.deepEqual([ids(fp), fp.hopOwners], [['wangsu', 'jsdelivr'], ['jsdelivr', 'wangsu']]);
  });

  it('treats Azure CDN on the Front Door edge as one provider, not a conflict', () => {
    const names = ['www.site.test', 'site.azureedge.net', 'azureedge-t-prod.trafficmanager.net', 'shed.dual-low.s-part-0017.t-0009.t-msedge.net'];
    const fp = fingerprint(stacked(names, { 'x-azure-ref': '20251029T154100Z-abc', 'x-cache': 'TCP_MISS' }));
    assert.deepEqual([ids(fp), fp.conflicts], [['azure-cdn'], []]);
    assert.ok(sources(fp).includes('header:x-azure-ref present'));
    assert.ok(sources(fp).includes('cname:t-msedge.net'));
  });
});

describe('fingerprint roles and conflicts', () => {
  it('does not call a Vercel site with Cloudflare nameservers a conflict (different roles)', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test', 'cname.vercel-dns.com'], { nameservers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'] }), probes: [answered({ server: 'Vercel', 'x-vercel-id': 'bom1::abc' })] });
    assert.deepEqual([fp.cdn?.id, fp.dns?.id, fp.dns?.name, fp.conflicts], ['vercel', 'cloudflare', 'Cloudflare DNS', []]);
  });

  it('reports a CNAME to Vercel answered by Netlify headers as a conflict', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test', 'cname.vercel-dns.com']), probes: [answered({ server: 'Netlify', 'x-nf-request-id': '01H' })] });
    assert.equal(fp.cdn?.id, 'netlify');
    assert.equal(fp.conflicts.length, 1);
    assert.match(fp.conflicts[0] as string, /Vercel .*cname\.vercel-dns\.com.*Netlify/);
  });

  it('reports a CNAME chain and an edge address that name different providers', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test', 'www.site.test.edgekey.net', 'e1.a.akamaiedge.net'], { addresses: ['104.16.1.1'] }), probes: [] });
    assert.equal(fp.cdn?.id, 'akamai');
    assert.deepEqual(fp.conflicts, ['the CNAME chain names Akamai but edge address 104.16.1.1 belongs to Cloudflare']);
  });

  it('reports edge addresses that answer as different providers', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test']), probes: [answered({ 'cf-ray': '8a1b2c3d4e5f6a7b-BOM' }, 200, '', '127.0.0.2'), answered({ server: 'AkamaiGHost' }, 200, '', '127.0.0.3')] });
    assert.match(fp.conflicts.join('\n'), /edge addresses answer as different providers: 127\.0\.0\.2 Cloudflare, 127\.0\.0\.3 Akamai/);
  });

  it('never lets generic headers decide alone', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test']), probes: [answered({ 'x-cache': 'HIT', via: '1.1 varnish', 'x-cdn': 'yes', 'x-forwarded-for': '127.0.0.1', 'x-edge-location': 'defr' })] });
    assert.equal(fp.cdn, null);
  });

  it('attaches generic headers as support once a provider is named', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test']), probes: [answered({ 'x-cache': 'HIT', via: '1.1 varnish', 'x-served-by': 'cache-bom4750-BOM' })] });
    assert.deepEqual(sources(fp).sort(), ['header:via ~ \\bvarnish\\b', 'header:x-cache ~ ^(?:HIT|MISS)(?:, ?(?:HIT|MISS))*$', 'header:x-served-by ~ ^cache-[a-z0-9-]+-[A-Z]{3}\\b']);
  });

  it('names the provider of an error page as evidence', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test']), probes: [answered({ server: 'nginx' }, 503, 'Fastly error: unknown domain: www.site.test')] });
    assert.deepEqual(sources(fp), ['error-page:body: "Fastly error: unknown domain" (service configuration missing at the edge)']);
  });

  it('ranks the DNS host with the most nameservers first and keeps the others', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test'], { nameservers: ['dns1.p01.nsone.net', 'ns-1.awsdns-01.org', 'ns-2.awsdns-02.com'] }), probes: [] });
    assert.deepEqual([fp.dns?.id, fp.dnsOthers?.map((d) => d.id)], ['route53', ['ns1']]);
  });

  it('names DNSimple from its 2026 nameservers (ns1.dnsimple-edge.com, ns3.dnsimple-edge.io) as from the legacy ones', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test'], { nameservers: ['ns1.dnsimple-edge.com', 'ns2.dnsimple.com', 'ns3.dnsimple-edge.io', 'ns4.dnsimple.com'] }), probes: [] });
    assert.deepEqual([fp.dns?.id, fp.dns?.nameservers.length, fp.dnsOthers], ['dnsimple', 4, undefined]);
  });

  it('is pure: the same input gives the same output and is left untouched', () => {
    const input: FingerprintInput = { host: 'www.site.test', dns: trace(['www.site.test', 'x.cdn.cloudflare.net'], { nameservers: ['ada.ns.cloudflare.com'] }), probes: [answered({ 'cf-ray': '8a1b2c3d4e5f6a7b-SIN' }, 522, '')] };
    const copy = structuredClone(input);
    assert.deepEqual(fingerprint(input), fingerprint(input));
    assert.deepEqual(input, copy);
  });
});

describe('fingerprint of names real captures missed (issue 19)', () => {
  const chainOnly = (names: string[]) => fingerprint({ host: names[0] as string, dns: trace(names), probes: [refused()] });

  it('names Microsoft\'s edge (www.msn.com → a-0003.a-msedge.net) as Azure Front Door, and a look-alike zone as nothing', () => {
    const fp = chainOnly(['www.msn.com', 'www-msn-com.a-0003.a-msedge.net', 'a-0003.a-msedge.net']);
    assert.deepEqual([ids(fp), fp.cdn?.evidence.map((e) => `${e.source} ${e.value}`)], [['azure-frontdoor'], ['cname www-msn-com.a-0003.a-msedge.net', 'cname a-0003.a-msedge.net']]);
    assert.deepEqual(ids(chainOnly(['www.site.test', 'a-0003.a-msedge.net.example.com'])), [null]);
  });

  it('names Edgecast from a .wac. name under phicdn.net (ocsp.digicert.com), and not from a bare wac label', () => {
    assert.deepEqual(ids(chainOnly(['ocsp.digicert.com', 'cs9.wac.phicdn.net'])), ['edgio']);
    assert.deepEqual(ids(chainOnly(['www.site.test', 'wac.example.net'])), [null]);
  });

  it('names Alibaba from queniucdn.com and Vercel from the legacy alias.zeit.co', () => {
    assert.deepEqual(ids(chainOnly(['www.site.test', 'www.site.test.w.queniucdn.com'])), ['alibaba-cdn']);
    assert.deepEqual(ids(chainOnly(['www.site.test', 'alias.zeit.co'])), ['vercel']);
    assert.deepEqual(ids(chainOnly(['www.site.test', 'alias.notzeit.co'])), [null]);
  });

  it('names Cloudflare from the retired __cfduid cookie alone (an old capture), and not from another cookie', () => {
    const cookie = '__cfduid=d1a2b3c4d5e6f708192a3b4c5d6e7f8091600000000; expires=Sun, 29-Nov-20 02:10:00 GMT; path=/; domain=.site.test; HttpOnly; SameSite=Lax';
    const withCookie = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test']), probes: [answered({ server: 'nginx', 'set-cookie': ['lang=en; path=/', cookie] })] });
    assert.deepEqual([ids(withCookie), sources(withCookie)], [['cloudflare'], ['header:set-cookie ~ ^__cfduid=']]);
    const other = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test']), probes: [answered({ server: 'nginx', 'set-cookie': 'x__cfduid=1; path=/' })] });
    assert.equal(other.cdn, null);
  });
});

describe('fingerprint of traffic steering', () => {
  const chainOnly = (names: string[]) => fingerprint({ host: names[0] as string, dns: trace(names), probes: [refused()] });
  const steering = (fp: ReturnType<typeof fingerprint>) => fp.steering?.map((m) => `${m.id}:${m.evidence.map((e) => `${e.source} ${e.value}`).join(',')}`);

  it('calls a chain through Akamai GTM that ends on Fastly Fastly, with Akamai as steering only', () => {
    const fp = chainOnly(['www.site.test', 'www.site.test.akadns.net', 'site.map.fastly.net']);
    assert.deepEqual([ids(fp), fp.conflicts, steering(fp)], [['fastly'], [], ['akamai:steering www.site.test.akadns.net']]);
    assert.deepEqual(fp.hopOwners, [null, 'akamai', 'fastly']);
  });

  it('keeps Akamai as the CDN when GTM steers to Akamai\'s own edge (www.akamai.com from China)', () => {
    const fp = chainOnly(['www.akamai.com', 'www.akamai.com.edgekey.net', 'www.akamai.com.edgekey.net.globalredir.akadns.net', 'e1699.dscca.s.tl88.net']);
    assert.deepEqual([ids(fp), sources(fp), steering(fp)], [['akamai'], ['cname:edgekey.net', 'cname:tl88.net'], ['akamai:steering www.akamai.com.edgekey.net.globalredir.akadns.net']]);
  });

  it('names no CDN when GTM answers with addresses itself, and lets the headers name the edge', () => {
    const names = ['www.site.test', 'www.site.test.akadns.net'];
    assert.deepEqual([ids(chainOnly(names)), steering(chainOnly(names))], [[null], ['akamai:steering www.site.test.akadns.net']]);
    const withHeaders = fingerprint({ host: names[0] as string, dns: trace(names), probes: [answered({ 'x-amz-cf-pop': 'FRA56-P5', 'x-amz-cf-id': 'abc==' })] });
    assert.deepEqual([ids(withHeaders), withHeaders.conflicts], [['cloudfront'], []]);
  });

  it('calls Azure Traffic Manager in front of CloudFront CloudFront, with Traffic Manager as steering', () => {
    const fp = chainOnly(['www.site.test', 'site.trafficmanager.net', 'd111111abcdef8.cloudfront.net']);
    assert.deepEqual([ids(fp), steering(fp)], [['cloudfront'], ['azure-traffic-manager:steering site.trafficmanager.net']]);
  });

  it('records no steering when the chain passes through none', () => {
    assert.equal(chainOnly(['www.site.test', 'site.map.fastly.net']).steering, undefined);
  });
});

describe('evidence labels', () => {
  it('labels a provider named from the site\'s own host name as host evidence, not cname', () => {
    const fp = fingerprint({ host: 'netlify.com', dns: trace(['netlify.com']), probes: [refused()] });
    assert.deepEqual([fp.cdn?.id, fp.cdn?.evidence], ['netlify', [{ source: 'host', value: 'netlify.com', match: 'netlify.com' }]]);
  });

  it('keeps cname for names the chain led to, and host for the target itself when it is a provider name', () => {
    const fp = fingerprint({ host: 'www.site.test', dns: trace(['www.site.test', 'site.netlify.app']), probes: [refused()] });
    assert.deepEqual(sources(fp), ['cname:netlify.app']);
    const own = fingerprint({ host: 'site.netlify.app', dns: trace(['site.netlify.app']), probes: [refused()] });
    assert.deepEqual(sources(own), ['host:netlify.app']);
  });
});

describe('provider lookups', () => {
  it('owns a name by its longest suffix on a dot boundary', () => {
    assert.equal(ownerOfName('www.paytm.com.edgekey.net.'), 'akamai');
    assert.equal(ownerOfName('A23-1-2-3.DEPLOY.STATIC.AKAMAITECHNOLOGIES.COM'), 'akamai');
    assert.equal(ownerOfName('ns-123.awsdns-45.com'), 'route53');
    assert.equal(ownerOfName('notedgekey.net'), null);
    assert.equal(ownerOfName('www.paytm.com'), null);
    assert.equal(ownerOfName(''), null);
  });

  it('gives display names per role and returns an unknown id as is', () => {
    assert.deepEqual([providerName('akamai'), providerName('akamai', 'dns'), providerName('fastly', 'dns'), providerName('nope')], ['Akamai', 'Akamai Edge DNS', 'Fastly', 'nope']);
    assert.deepEqual([isKnownProvider('cloudfront'), isKnownProvider('dyn'), isKnownProvider('edgecast')], [true, true, false]);
  });
});

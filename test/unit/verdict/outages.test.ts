// The eleven outages of shared/data/outages.md, as one vantage saw them, replayed through what the run layer
// runs: observe (with the fingerprint module's zone table) → canaryResult for canaries → Correlation for the
// run's other targets → decide.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CanaryResult, CorrelationEntry, DnsTrace, EdgeProbe, Extent, Fingerprint, Layer, Role, Status } from '../../../src/types.ts';
import { ownerOfName } from '../../../src/fingerprint/match.ts';
import { canaryResult } from '../../../src/verdict/canaries.ts';
import { Correlation, correlationItems } from '../../../src/verdict/correlate.ts';
import { decide } from '../../../src/verdict/decide.ts';
import type { DecideInput } from '../../../src/verdict/decide.ts';
import { observe, underZone } from '../../../src/verdict/observe.ts';
import {
  NO_FINGERPRINT,
  canaries,
  canary,
  controls,
  dnsFail,
  dnsOk,
  edgeError,
  failure,
  fingerprint,
  outcome,
  probeHttp,
  probeTcpFail,
} from './fixtures.ts';

interface Scene {
  host: string;
  dns: DnsTrace | null;
  probes: EdgeProbe[];
  fp: Fingerprint;
  decide?: Partial<DecideInput>;
  zoneOwner?: (name: string) => string | null;
}

function observeScene(scene: Pick<Scene, 'host' | 'dns' | 'probes' | 'fp' | 'zoneOwner'>) {
  return observe({ host: scene.host, dns: scene.dns, probes: scene.probes, fingerprint: scene.fp, zoneOwner: scene.zoneOwner ?? ownerOfName });
}

function verdictOf(scene: Scene) {
  const observation = observeScene(scene);
  return decide({
    host: scene.host,
    observation,
    fingerprint: scene.fp,
    canaries: [],
    controls: controls(4),
    peers: [],
    resolverMode: 'system',
    strict: false,
    ...scene.decide,
  });
}

/** A canary judged the way the pipeline judges it: its own observation and its own fingerprint. */
function canaryFrom(host: string, provider: string, role: Role, fp: Fingerprint, dns: DnsTrace, probes: EdgeProbe[]): CanaryResult {
  return canaryResult(host, provider, role, fp, observeScene({ host, dns, probes, fp }), 80);
}

/** The run's other targets as the run layer counts them: each one's items into one Correlation, the target left out. */
function peersOf(target: Scene, others: Scene[]): CorrelationEntry[] {
  const correlation = new Correlation();
  const itemsOf = (s: Scene) => correlationItems(s.fp, observeScene(s));
  for (const s of [target, ...others]) correlation.add(itemsOf(s));
  return correlation.peersExcluding(itemsOf(target));
}

function expectVerdict(scene: Scene, status: Status, exit: number, provider: string | null, layer: Layer | null, ...words: (RegExp | Extent)[]) {
  const v = verdictOf(scene);
  assert.equal(v.status, status, v.summary);
  const extent = words.find((w): w is Extent => typeof w === 'string');
  assert.equal(v.extent, extent ?? null, `extent: ${v.summary}`);
  assert.equal(v.exitCode, exit);
  assert.equal(v.provider, provider);
  assert.equal(v.layer, layer);
  for (const w of words) if (typeof w !== 'string') assert.match(v.summary, w);
  return v;
}

const AKAMAI = '127.20.0.1';
const CLOUDFLARE = ['127.30.0.1', '127.30.0.2'];

// Akamai Enhanced TLS: site CNAME → *.edgekey.net CNAME → eNNNN.a.akamaiedge.net
const akamaiFp = { ...fingerprint({ cdn: 'akamai', cnameSuffix: 'edgekey.net', dns: 'akamai' }), hopOwners: [null, 'akamai', 'akamai'] };
function enhancedTls(host: string, slot: string, code: string | null): DnsTrace {
  const cnames = [`${host}.edgekey.net`, `${slot}.a.akamaiedge.net`];
  return code ? dnsFail(host, { cnames, code }) : dnsOk(host, { cnames, addresses: [AKAMAI] });
}

describe('outages.md, replayed', () => {
  it('Akamai 2021: edge DNS SERVFAIL in akamaiedge.net with Akamai canaries failing alike is an Akamai outage', () => {
    const fleet = ['www.zomato.test', 'www.hotstar.test', 'www.sonyliv.test'].map((h, i) =>
      canaryFrom(h, 'akamai', 'cdn', akamaiFp, enhancedTls(h, `e${i}`, 'SERVFAIL'), []),
    );
    expectVerdict(
      { host: 'paytm.test', dns: enhancedTls('paytm.test', 'e1234', 'SERVFAIL'), probes: [], fp: akamaiFp, decide: { canaries: fleet } },
      'provider-outage',
      2,
      'akamai',
      'dns',
      'provider-wide',
      /^Akamai — edge DNS SERVFAIL at e1234\.a\.akamaiedge\.net; 3\/3 Akamai canaries down; 4\/4 controls up — on Akamai's side, for most of its sites/,
    );
  });

  it('Akamai 2021, one property seen alone: its slot SERVFAILs while the Akamai canaries sit on healthy slots — still Akamai’s, this site only (issue 20)', () => {
    const fleet = ['www.low-slot.test', 'www.edgesuite.test'].map((h, i) =>
      canaryFrom(h, 'akamai', 'cdn', akamaiFp, enhancedTls(h, `e1${i}`, null), [probeHttp(AKAMAI, 200)]),
    );
    const v = expectVerdict(
      { host: 'paytm.test', dns: enhancedTls('paytm.test', 'e4221', 'SERVFAIL'), probes: [], fp: akamaiFp, decide: { canaries: fleet } },
      'provider-outage',
      2,
      'akamai',
      'dns',
      'this-site',
      /^Akamai \(this site only\) — edge DNS SERVFAIL at e4221\.a\.akamaiedge\.net; 2\/2 Akamai canaries up; 4\/4 controls up — on Akamai's side, so far only for this site: open a ticket with Akamai$/,
    );
    assert.doesNotMatch(v.summary, /the problem is the site/);
  });

  it('Akamai 2021: only some Enhanced-TLS slots failing is a partial Akamai outage with counts', () => {
    const fleet = [
      canaryFrom('www.zomato.test', 'akamai', 'cdn', akamaiFp, enhancedTls('www.zomato.test', 'e7001', 'SERVFAIL'), []),
      canaryFrom('www.low-slot.test', 'akamai', 'cdn', akamaiFp, enhancedTls('www.low-slot.test', 'e12', null), [probeHttp(AKAMAI, 200)]),
      canaryFrom('www.edgesuite.test', 'akamai', 'cdn', akamaiFp, enhancedTls('www.edgesuite.test', 'e13', null), [probeHttp(AKAMAI, 200)]),
    ];
    expectVerdict(
      { host: 'paytm.test', dns: enhancedTls('paytm.test', 'e6500', 'SERVFAIL'), probes: [], fp: akamaiFp, decide: { canaries: fleet } },
      'provider-outage',
      2,
      'akamai',
      'dns',
      'partial',
      /partial/,
      /1 of 3 Akamai canaries down, 2 up/,
    );
  });

  it('Prolexic 2021: TCP timeouts to the site’s own addresses, nothing in front, controls up: a site outage with the upstream caveat', () => {
    const v = expectVerdict(
      { host: 'bank.test', dns: dnsOk('bank.test', { addresses: ['127.50.0.10'] }), probes: [probeTcpFail('127.50.0.10')], fp: NO_FINGERPRINT },
      'site-outage',
      1,
      null,
      'tcp',
      /no CDN or DNS provider on the failing path/,
    );
    assert.ok(v.reasons.some((r) => r.includes('Prolexic')));
  });

  it('Prolexic 2021: with the address range named and other banks on it down, it is the provider', () => {
    const fp = fingerprint({ cdn: 'akamai' });
    const bank = (host: string, address: string): Scene => ({ host, dns: dnsOk(host, { addresses: [address] }), probes: [probeTcpFail(address)], fp });
    const target = bank('bank.test', '127.50.0.10');
    const others = [bank('bank2.test', '127.50.0.11'), bank('bank3.test', '127.50.0.12'), bank('bank4.test', '127.50.0.13')];
    expectVerdict({ ...target, decide: { peers: peersOf(target, others) } }, 'provider-outage', 2, 'akamai', 'tcp', 'provider-wide', /3\/3 other targets on Akamai down/);
  });

  it('Fastly 2021: Varnish 503 from the edge with other Fastly sites failing alike is a Fastly outage', () => {
    const fp = fingerprint({ cdn: 'fastly', cnameSuffix: 'fastly.net' });
    const dns = dnsOk('www.gov.test', { cnames: ['gov.map.fastly.net'], addresses: ['127.40.0.1'] });
    const fleet = ['www.reddit.test', 'www.ft.test', 'pypi.test'].map((h) =>
      canaryFrom(h, 'fastly', 'cdn', fp, dnsOk(h, { cnames: ['x.map.fastly.net'], addresses: ['127.40.0.2'] }), [probeHttp('127.40.0.2', 503, { errorSource: edgeError('fastly') })]),
    );
    expectVerdict(
      { host: 'www.gov.test', dns, probes: [probeHttp('127.40.0.1', 503, { errorSource: edgeError('fastly') })], fp, decide: { canaries: fleet } },
      'provider-outage',
      2,
      'fastly',
      'http',
      'provider-wide',
      /^Fastly — HTTP 503 generated by the Fastly edge/,
      /3\/3 Fastly canaries down/,
    );
  });

  it('Cloudflare 2019: a Cloudflare 502 everywhere is a Cloudflare outage', () => {
    const fp = fingerprint({ cdn: 'cloudflare', dns: 'cloudflare' });
    const probes = CLOUDFLARE.map((a) => probeHttp(a, 502, { errorSource: edgeError('cloudflare') }));
    expectVerdict(
      { host: 'okcupid.test', dns: dnsOk('okcupid.test', { addresses: CLOUDFLARE }), probes, fp, decide: { canaries: canaries('cloudflare', 3, 3, { code: 'HTTP_502' }) } },
      'provider-outage',
      2,
      'cloudflare',
      'http',
      'provider-wide',
      /HTTP 502/,
      /3\/3 Cloudflare canaries down/,
    );
  });

  it('Cloudflare 2022: connection timeouts in one metro, most Cloudflare canaries alike, is a (possibly regional) outage', () => {
    const fp = fingerprint({ cdn: 'cloudflare' });
    const v = expectVerdict(
      {
        host: 'zerodha.test',
        dns: dnsOk('zerodha.test', { addresses: CLOUDFLARE }),
        probes: CLOUDFLARE.map((a) => probeTcpFail(a)),
        fp,
        decide: { canaries: canaries('cloudflare', 3, 2, { layer: 'tcp', code: 'CONNECT_TIMEOUT' }) },
      },
      'provider-outage',
      2,
      'cloudflare',
      'tcp',
      'provider-wide',
      /2 of 3 Cloudflare canaries down, 1 up/,
    );
    assert.ok(v.reasons.some((r) => r.includes('regional')));
  });

  it('Cloudflare 2025: an edge flapping 200 ↔ 500 is degraded (4 with --strict), flagging the Cloudflare canaries that fail', () => {
    const fp = fingerprint({ cdn: 'cloudflare' });
    const scene: Scene = {
      host: 'chatgpt.test',
      dns: dnsOk('chatgpt.test', { addresses: CLOUDFLARE }),
      probes: [probeHttp(CLOUDFLARE[0]!, 500, { errorSource: edgeError('cloudflare') }), probeHttp(CLOUDFLARE[1]!, 200)],
      fp,
      decide: { canaries: canaries('cloudflare', 3, 2, { code: 'HTTP_500' }), strict: true },
    };
    expectVerdict(scene, 'degraded', 4, 'cloudflare', 'http', /1 of 2 edge addresses failed/, /2 of 3 Cloudflare canaries down: the provider may be failing intermittently/);
  });

  it('Cloudflare 2025: caught on a bad swing, 500s everywhere with canaries failing too, it is a Cloudflare outage', () => {
    const fp = fingerprint({ cdn: 'cloudflare' });
    const probes = CLOUDFLARE.map((a) => probeHttp(a, 500, { errorSource: edgeError('cloudflare') }));
    expectVerdict(
      { host: 'chatgpt.test', dns: dnsOk('chatgpt.test', { addresses: CLOUDFLARE }), probes, fp, decide: { canaries: canaries('cloudflare', 3, 2, { code: 'HTTP_500' }) } },
      'provider-outage',
      2,
      'cloudflare',
      'http',
      'provider-wide',
      /2 of 3 Cloudflare canaries down, 1 up/,
    );
  });

  it('Cloudflare public resolver 2025, explicit resolvers: one of two resolvers timing out is degraded, naming it', () => {
    const dns = dnsOk('paytm.test', { addresses: [AKAMAI] });
    const twoResolvers = { ...dns, byResolver: [outcome('127.0.0.2:53', [], failure('paytm.test', 'TIMEOUT', '127.0.0.2:53')), outcome('127.0.0.1:53', [AKAMAI])] };
    expectVerdict(
      { host: 'paytm.test', dns: twoResolvers, probes: [probeHttp(AKAMAI, 200)], fp: akamaiFp, decide: { resolverMode: 'explicit' } },
      'degraded',
      0,
      'akamai',
      'dns',
      /1 of 2 resolvers failed: 127\.0\.0\.2:53 TIMEOUT/,
    );
  });

  it('Cloudflare public resolver 2025, system resolver: everything times out but a fallback answers — blame the resolver', () => {
    const dns = dnsFail('paytm.test', { code: 'TIMEOUT', resolver: '127.0.0.53:53' });
    expectVerdict(
      { host: 'paytm.test', dns, probes: [], fp: NO_FINGERPRINT, decide: { controls: controls(4, 4), fallback: [outcome('127.0.0.1:53', [AKAMAI])] } },
      'local-network',
      3,
      null,
      'dns',
      /^Your resolver 127\.0\.0\.53 is failing \(TIMEOUT for paytm\.test\); 127\.0\.0\.1 answers/,
    );
  });

  it('AWS 2025: CloudFront reporting an origin 502 while other CloudFront sites are fine is the site’s origin', () => {
    const fp = fingerprint({ cdn: 'cloudfront', cnameSuffix: 'cloudfront.net' });
    const dns = dnsOk('www.snap.test', { cnames: ['d111.cloudfront.net'], addresses: ['127.60.0.1'] });
    expectVerdict(
      { host: 'www.snap.test', dns, probes: [probeHttp('127.60.0.1', 502, { errorSource: edgeError('cloudfront', 'origin') })], fp, decide: { canaries: canaries('cloudfront', 3, 0) } },
      'site-outage',
      1,
      null,
      'http',
      /^CloudFront says the origin failed \(HTTP 502\); 3\/3 CloudFront canaries up — the problem is the site's origin$/,
    );
  });

  it('AWS 2025: CloudFront reporting origin 502s for the CloudFront canaries too is still each site’s origin, pointing at a shared cause upstream', () => {
    const fp = fingerprint({ cdn: 'cloudfront', cnameSuffix: 'cloudfront.net' });
    const originDown = (h: string, address: string) => ({ dns: dnsOk(h, { cnames: [`${h.split('.')[1]}.cloudfront.net`], addresses: [address] }), probes: [probeHttp(address, 502, { errorSource: edgeError('cloudfront', 'origin') })] });
    const fleet = ['www.roblox.test', 'venmo.test'].map((h) => {
      const { dns, probes } = originDown(h, '127.60.0.2');
      return canaryFrom(h, 'cloudfront', 'cdn', fp, dns, probes);
    });
    const v = expectVerdict(
      { host: 'www.snap.test', ...originDown('www.snap.test', '127.60.0.1'), fp, decide: { canaries: fleet } },
      'site-outage',
      1,
      null,
      'http',
      /2\/2 CloudFront canaries fail the same way: a cause shared upstream/,
      /the problem is the site's origin$/,
    );
    assert.equal(v.extent, null);
  });

  it('Azure Front Door 2025: connection timeouts at AFD edges, AFD canaries failing at TCP or DNS, is an AFD outage', () => {
    const fp = fingerprint({ cdn: 'azure-frontdoor', cnameSuffix: 'azurefd.net' });
    const dns = dnsOk('www.alaska.test', { cnames: ['alaska-x.z01.azurefd.net'], addresses: ['127.70.0.1', '127.70.0.2'] });
    const fleet = [...canaries('azure-frontdoor', 2, 2, { layer: 'tcp' }), canary('azure-frontdoor', 'down', { layer: 'dns', code: 'SERVFAIL', host: 'portal.test' })];
    expectVerdict(
      { host: 'www.alaska.test', dns, probes: [probeTcpFail('127.70.0.1'), probeTcpFail('127.70.0.2')], fp, decide: { canaries: fleet } },
      'provider-outage',
      2,
      'azure-frontdoor',
      'tcp',
      'provider-wide',
      /^Azure Front Door — TCP connect CONNECT_TIMEOUT at all 2 Azure Front Door edge addresses; 3\/3 Azure Front Door canaries down; 4\/4 controls up — /,
    );
  });

  it('Azure Front Door 2025: the azurefd.net hop timing out, named by the suffix table, is an AFD outage at DNS', () => {
    const dns = dnsFail('www.alaska.test', { cnames: ['alaska-x.z01.azurefd.net'], code: 'TIMEOUT' });
    expectVerdict(
      {
        host: 'www.alaska.test',
        dns,
        probes: [],
        fp: NO_FINGERPRINT,
        zoneOwner: (n) => (underZone(n, 'azurefd.net') ? 'azure-frontdoor' : null),
        decide: { canaries: canaries('azure-frontdoor', 3, 3, { layer: 'dns', code: 'SERVFAIL' }), names: () => 'Azure Front Door' },
      },
      'provider-outage',
      2,
      'azure-frontdoor',
      'dns',
      'provider-wide',
      /edge DNS TIMEOUT at alaska-x\.z01\.azurefd\.net/,
    );
  });

  it('Dyn 2016: the site’s own zone SERVFAIL with other Dyn-hosted zones failing is a Dyn outage, not the CDN', () => {
    const fp = fingerprint({ cdn: 'fastly', dns: 'dyn', nameservers: ['ns1.p34.dynect.net'] });
    const dns = dnsFail('twitter.test', { code: 'SERVFAIL', nameservers: ['ns1.p34.dynect.net'] });
    const fleet = [...canaries('dyn', 3, 3, { role: 'dns', layer: 'dns', code: 'SERVFAIL' }), ...canaries('fastly', 3, 0)];
    expectVerdict({ host: 'twitter.test', dns, probes: [], fp, decide: { canaries: fleet } }, 'provider-outage', 2, 'dyn', 'dns', 'provider-wide', /^Dyn — DNS SERVFAIL at twitter\.test/, /3\/3 Dyn canaries down/);
  });

  it('Dyn 2016, counterfactual: the same failure with Dyn serving other zones fine is the site’s zone', () => {
    const fp = fingerprint({ dns: 'dyn' });
    const dns = dnsFail('twitter.test', { code: 'SERVFAIL', nameservers: ['ns1.p34.dynect.net'] });
    expectVerdict({ host: 'twitter.test', dns, probes: [], fp, decide: { canaries: canaries('dyn', 3, 0, { role: 'dns' }) } }, 'site-outage', 1, null, 'dns', /own DNS zone/);
  });

  it('Dyn 2016 from a cold cache: the zone and its NS lookup both SERVFAIL, so the DNS host is unknown: inconclusive, never the site’s fault', () => {
    const dns = { ...dnsFail('twitter.test', { code: 'SERVFAIL' }), nsError: failure('twitter.test', 'SERVFAIL', '127.0.0.1:53', 'NS') };
    const v = expectVerdict({ host: 'twitter.test', dns, probes: [], fp: NO_FINGERPRINT }, 'inconclusive', 5, null, 'dns', /DNS host is unknown/, /cannot place the blame/);
    assert.doesNotMatch(v.summary, /the problem is the site/);
  });

  it('a name gone from its zone (NXDOMAIN) with the DNS host unknown and controls up is still the site’s own zone', () => {
    const dns = dnsFail('shop.test', { code: 'NXDOMAIN' });
    expectVerdict({ host: 'shop.test', dns, probes: [], fp: NO_FINGERPRINT }, 'site-outage', 1, null, 'dns', /own DNS zone$/);
  });

  it('Facebook 2021: self-hosted DNS failing, no CDN, controls up: the organisation’s own infrastructure', () => {
    const dns = dnsFail('facebook.test', { code: 'SERVFAIL', nameservers: ['a.ns.facebook.test', 'd.ns.facebook.test'] });
    expectVerdict(
      { host: 'facebook.test', dns, probes: [], fp: NO_FINGERPRINT },
      'site-outage',
      1,
      null,
      'dns',
      /self-hosted/,
      /no CDN or DNS provider on the failing path; 4\/4 controls up — the problem is the site's own DNS zone$/,
    );
  });
});

// diagnosis.md §4's table, row by row: each failure from plain DNS traces and probes, through observe (its piece)
// and decide (its owner, then its extent) — a case that is the row, and one that looks close but is not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownerOfName } from '../../../src/fingerprint/match.ts';
import type { CanaryResult, ControlResult, DnsTrace, EdgeProbe, Extent, Fingerprint, Piece, Status } from '../../../src/types.ts';
import { PIECES, blameOf } from '../../../src/verdict/blame.ts';
import { decide } from '../../../src/verdict/decide.ts';
import { observe } from '../../../src/verdict/observe.ts';
import { canaries, controls, dnsFail, dnsOk, edgeError, fingerprint, probeHttp, probeTcpFail, probeTlsFail } from './fixtures.ts';

interface Case {
  dns: DnsTrace;
  probes?: EdgeProbe[];
  fp: Fingerprint;
  canaries?: CanaryResult[];
  controls?: ControlResult[];
}

const HOST = 'www.shop.test';
const EDGE = '127.20.0.1';

function judge(c: Case) {
  const observation = observe({ host: HOST, dns: c.dns, probes: c.probes ?? [], fingerprint: c.fp, zoneOwner: ownerOfName });
  const verdict = decide({
    host: HOST,
    observation,
    fingerprint: c.fp,
    canaries: c.canaries ?? [],
    controls: c.controls ?? controls(4),
    peers: [],
    resolverMode: 'system',
    strict: false,
  });
  return { observation, verdict };
}

function expectRow(c: Case, piece: Piece | null, status: Status, provider: string | null, extent: Extent | null = null) {
  const { observation, verdict } = judge(c);
  assert.equal(observation.piece, piece, observation.detail);
  assert.equal(verdict.status, status, verdict.summary);
  assert.equal(verdict.provider, provider, verdict.summary);
  assert.equal(verdict.extent, extent, verdict.summary);
  return verdict;
}

const akamai: Fingerprint = { ...fingerprint({ cdn: 'akamai', cnameSuffix: 'edgekey.net', dns: 'route53' }), hopOwners: [null, 'akamai', 'akamai'] };
const akamaiChain = [`${HOST}.edgekey.net`, 'e4221.a.akamaiedge.net'];
const cloudfront = fingerprint({ cdn: 'cloudfront', cnameSuffix: 'cloudfront.net', dns: 'route53' });
const served = (fp: Fingerprint) => dnsOk(HOST, { addresses: [EDGE], nameservers: fp.dns?.nameservers ?? [] });
const akamaiUp = canaries('akamai', 2, 0);
const cloudfrontUp = canaries('cloudfront', 2, 0);

describe('§4: SERVFAIL, timeout or REFUSED for a name in a CDN’s zone is the CDN’s edge DNS', () => {
  for (const code of ['SERVFAIL', 'TIMEOUT', 'REFUSED']) {
    it(`${code} at e4221.a.akamaiedge.net with the Akamai canaries fine: Akamai's, this site only`, () => {
      const v = expectRow({ dns: dnsFail(HOST, { cnames: akamaiChain, code }), fp: akamai, canaries: akamaiUp }, 'edge-dns', 'provider-outage', 'akamai', 'this-site');
      assert.equal(v.exitCode, 2);
      assert.match(v.summary, /open a ticket with Akamai$/);
    });
  }
  it('named by the suffix table alone (a Netlify site, no canary): Netlify’s, extent unknown', () => {
    const v = expectRow({ dns: dnsFail(HOST, { cnames: ['shop.netlify.app'], code: 'SERVFAIL' }), fp: fingerprint() }, 'edge-dns', 'provider-outage', 'netlify', 'unknown');
    assert.match(v.summary, /how far it reaches is unknown$/);
  });
  it('not: SERVFAIL for the site’s own name, before any CDN hop, is not the CDN’s edge DNS', () => {
    const { observation } = judge({ dns: dnsFail(HOST, { code: 'SERVFAIL' }), fp: akamai, canaries: akamaiUp });
    assert.notEqual(observation.piece, 'edge-dns');
    assert.notEqual(observation.owner, 'akamai');
  });
});

describe('§4: NXDOMAIN or NODATA for a name in a CDN’s zone is the site’s setup at the CDN', () => {
  for (const code of ['NXDOMAIN', 'NODATA']) {
    it(`${code} at d111.cloudfront.net: the site's property is gone, whatever the canaries say`, () => {
      const dns = dnsFail(HOST, { cnames: ['d111.cloudfront.net'], code });
      const v = expectRow({ dns, fp: cloudfront, canaries: canaries('cloudfront', 2, 2, { layer: 'dns', code }) }, 'cdn-setup', 'site-outage', null);
      assert.equal(v.exitCode, 1);
      assert.match(v.summary, /the problem is the site's setup at CloudFront: the property there is gone or the name is mistyped$/);
    });
  }
  it('not: SERVFAIL at the same name is CloudFront’s edge DNS', () => {
    expectRow({ dns: dnsFail(HOST, { cnames: ['d111.cloudfront.net'], code: 'SERVFAIL' }), fp: cloudfront, canaries: cloudfrontUp }, 'edge-dns', 'provider-outage', 'cloudfront', 'this-site');
  });
});

describe('§4: the site’s own zone not answering at its DNS host H: H’s when its canaries fail too, else the site’s', () => {
  const zoneDown = (canaryList: CanaryResult[]) => ({ dns: dnsFail(HOST, { code: 'SERVFAIL', nameservers: ['ns-1.awsdns-01.org'] }), fp: cloudfront, canaries: canaryList });
  it('Route 53 canaries failing alike: Route 53’s', () => {
    const v = expectRow(zoneDown(canaries('route53', 3, 3, { role: 'dns', layer: 'dns', code: 'SERVFAIL' })), 'dns-host', 'provider-outage', 'route53', 'provider-wide');
    assert.match(v.summary, /3\/3 Amazon Route 53 canaries down/);
  });
  it('not: Route 53 canaries fine: the site’s own zone (its setup: DNSSEC, delegation)', () => {
    const v = expectRow(zoneDown(canaries('route53', 3, 0, { role: 'dns' })), 'dns-host', 'site-outage', null);
    assert.match(v.summary, /the problem is the site's own DNS zone$/);
  });
});

describe('§4: NXDOMAIN in the site’s own zone is the site’s zone', () => {
  it('even when the DNS host’s canaries fail the same way (then it says so)', () => {
    const dns = dnsFail(HOST, { code: 'NXDOMAIN', nameservers: ['ns-1.awsdns-01.org'] });
    const v = expectRow({ dns, fp: cloudfront, canaries: canaries('route53', 2, 2, { role: 'dns', layer: 'dns', code: 'NXDOMAIN' }) }, 'zone', 'site-outage', null);
    assert.match(v.summary, /2\/2 Amazon Route 53 canaries fail the same way: a cause shared upstream/);
  });
  it('not: SERVFAIL in the site’s own zone is left to its DNS host’s canaries', () => {
    const { observation } = judge({ dns: dnsFail(HOST, { code: 'SERVFAIL', nameservers: ['ns-1.awsdns-01.org'] }), fp: cloudfront });
    assert.equal(observation.piece, 'dns-host');
    assert.equal(blameOf(observation, cloudfront).kind, 'contested');
  });
});

describe('§4: TCP or TLS failing at an address the CDN serves is the CDN’s edge', () => {
  it('connections refused at Akamai’s edge with the Akamai canaries fine: Akamai’s, this site only', () => {
    expectRow({ dns: served(akamai), probes: [probeTcpFail(EDGE, 'ECONNREFUSED')], fp: akamai, canaries: akamaiUp }, 'edge', 'provider-outage', 'akamai', 'this-site');
  });
  it('a TLS handshake timing out at the edge: Akamai’s', () => {
    expectRow({ dns: served(akamai), probes: [probeTlsFail(EDGE, 'TLS_TIMEOUT')], fp: akamai, canaries: canaries('akamai', 2, 1, { layer: 'tls', code: 'TLS_TIMEOUT' }) }, 'edge', 'provider-outage', 'akamai', 'partial');
  });
  it('not: the same refusal with the controls failing too is your network', () => {
    expectRow({ dns: served(akamai), probes: [probeTcpFail(EDGE, 'ECONNREFUSED')], fp: akamai, canaries: akamaiUp, controls: controls(4, 3, 'tcp') }, 'edge', 'local-network', null);
  });
  it('not: with no CDN in front, the site’s own servers', () => {
    expectRow({ dns: served(fingerprint()), probes: [probeTcpFail(EDGE, 'ECONNREFUSED')], fp: fingerprint() }, 'servers', 'site-outage', null);
  });
});

describe('§4: an error page the edge generated is the CDN’s edge; one that reports the origin is the site’s origin', () => {
  it('a Fastly-generated 503 with the Fastly canaries fine: Fastly’s, this site only', () => {
    const fp = fingerprint({ cdn: 'fastly' });
    expectRow({ dns: served(fp), probes: [probeHttp(EDGE, 503, { errorSource: edgeError('fastly') })], fp, canaries: canaries('fastly', 3, 0) }, 'edge', 'provider-outage', 'fastly', 'this-site');
  });
  it('a Cloudflare 522 (origin unreachable) with the Cloudflare canaries failing alike: still the site’s origin, hinting at a shared cause', () => {
    const fp = fingerprint({ cdn: 'cloudflare' });
    const probes = [probeHttp(EDGE, 522, { errorSource: edgeError('cloudflare', 'origin') })];
    const v = expectRow({ dns: served(fp), probes, fp, canaries: canaries('cloudflare', 3, 3, { code: 'HTTP_522' }) }, 'origin', 'site-outage', null);
    assert.match(v.summary, /3\/3 Cloudflare canaries fail the same way/);
    assert.match(v.summary, /the problem is the site's origin$/);
  });
  it('not: the origin page is never the edge’s, nor the edge page the origin’s', () => {
    const fp = fingerprint({ cdn: 'cloudflare' });
    assert.equal(judge({ dns: served(fp), probes: [probeHttp(EDGE, 522, { errorSource: edgeError('cloudflare', 'origin') })], fp }).observation.piece, 'origin');
    assert.equal(judge({ dns: served(fp), probes: [probeHttp(EDGE, 502, { errorSource: edgeError('cloudflare') })], fp }).observation.piece, 'edge');
  });
});

describe('§4: the site’s own certificate expired or not matching its name is the site’s', () => {
  for (const code of ['CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
    it(`${code}: the site's certificate, with the CDN canaries fine`, () => {
      const v = expectRow({ dns: served(cloudfront), probes: [probeTlsFail(EDGE, code)], fp: cloudfront, canaries: cloudfrontUp }, 'certificate', 'site-outage', null);
      assert.match(v.summary, /the problem is the site's certificate$/);
    });
  }
  it('not: a handshake reset is the edge’s, not the certificate', () => {
    expectRow({ dns: served(cloudfront), probes: [probeTlsFail(EDGE, 'ECONNRESET')], fp: cloudfront, canaries: cloudfrontUp }, 'edge', 'provider-outage', 'cloudfront', 'this-site');
  });
});

describe('§4: a generic 5xx whose signature says neither is decided by the canaries', () => {
  const generic = (canaryList: CanaryResult[]) => ({ dns: served(akamai), probes: [probeHttp(EDGE, 500)], fp: akamai, canaries: canaryList });
  it('canaries failing the same way: the provider’s', () => {
    expectRow(generic(canaries('akamai', 2, 2, { code: 'HTTP_500' })), 'response', 'provider-outage', 'akamai', 'provider-wide');
  });
  it('canaries fine: the site’s origin', () => {
    expectRow(generic(akamaiUp), 'response', 'site-outage', null);
  });
  it('no canary: inconclusive', () => {
    expectRow(generic([]), 'response', 'inconclusive', 'akamai');
  });
});

describe('§4: the controls failing too, or a resolver that answers nothing, is your network or resolver', () => {
  it('most controls down too: local-network, even for a provider’s piece', () => {
    expectRow({ dns: dnsFail(HOST, { cnames: akamaiChain, code: 'SERVFAIL' }), fp: akamai, controls: controls(4, 4) }, 'edge-dns', 'local-network', null);
  });
  it('a resolver answering nothing at all with nothing else up: local-network', () => {
    const dns = dnsFail(HOST, { code: 'TIMEOUT' });
    const v = expectRow({ dns, fp: fingerprint(), controls: [] }, null, 'local-network', null);
    assert.match(v.summary, /answers nothing/);
  });
  it('not: half the controls up is not your network', () => {
    expectRow({ dns: dnsFail(HOST, { cnames: akamaiChain, code: 'SERVFAIL' }), fp: akamai, controls: controls(4, 2) }, 'edge-dns', 'provider-outage', 'akamai', 'unknown');
  });
});

describe('PIECES', () => {
  it('gives every piece an owner, and names a provider to compare with for every piece but the site’s own servers', () => {
    for (const [piece, rule] of Object.entries(PIECES)) {
      assert.ok(['provider', 'site', 'canaries'].includes(rule.owner), piece);
      assert.equal(rule.hint === null, piece === 'servers', piece);
    }
  });
});

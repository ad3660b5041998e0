import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Extent, Fingerprint, Layer, Observation, Piece, Status } from '../../../src/types.ts';
import { decide, extentOf } from '../../../src/verdict/decide.ts';
import type { DecideInput } from '../../../src/verdict/decide.ts';
import { NO_FINGERPRINT, canaries, canary, controls, fingerprint, outcome } from './fixtures.ts';

const HOST = 'www.site.test';
const akamai = fingerprint({ cdn: 'akamai', dns: 'route53' });

function obs(health: Observation['health'], over: Partial<Observation> = {}): Observation {
  const up = health === 'up';
  return { health, layer: up ? null : 'tcp', code: up ? null : 'CONNECT_TIMEOUT', owner: null, ownerRole: null, piece: null, detail: `${health} detail`, notes: [], ...over };
}

/**
 * The piece observe names for a failure at `layer` owned by `owner`: a provider's edge DNS or edge; the
 * site's zone not answering (contested), its origin or certificate; with no owner, an unrecognised zone (no
 * piece), the site's own servers (TCP/TLS) or an unclassified 5xx (contested).
 */
function pieceOf(layer: Layer | null, code: string, owner: string | null): Piece | null {
  if (layer === null) return null;
  if (owner === 'site') return layer === 'dns' ? 'dns-host' : layer === 'http' ? 'origin' : 'certificate';
  if (owner !== null) return layer === 'dns' ? 'edge-dns' : 'edge';
  return layer === 'dns' ? null : layer === 'http' && code.startsWith('HTTP_') ? 'response' : 'servers';
}

/** Down at `layer` with `code`, owned by `owner` (a provider id in the cdn role, 'site' or null). */
function down(layer: Layer | null, code: string, owner: string | null = 'akamai', over: Partial<Observation> = {}): Observation {
  const ownerRole = owner === null ? null : owner === 'site' ? 'site' : 'cdn';
  return obs('down', { layer, code, owner, ownerRole, piece: pieceOf(layer, code, owner), detail: `${layer} ${code}`, ...over });
}

function input(observation: Observation, over: Partial<DecideInput> = {}, fp: Fingerprint = akamai): DecideInput {
  return { host: HOST, observation, fingerprint: fp, canaries: [], controls: controls(4), peers: [], resolverMode: 'system', strict: false, ...over };
}

interface Row {
  name: string;
  input: DecideInput;
  status: Status;
  exit: number;
  provider?: string | null;
  layer?: Layer | null;
  extent?: Extent | null;
  summary?: RegExp;
  reason?: RegExp;
}

/** A failure in Akamai's piece (its edge addresses time out): the provider's whatever the canaries say. */
const tcpDown = down('tcp', 'CONNECT_TIMEOUT');
/** A 5xx whose signature says neither edge nor origin: the piece does not tell, the canaries decide. */
const unclassified = down('http', 'HTTP_503', null);

const rows: Row[] = [
  // row 1: up
  { name: 'an up target is up, exit 0, naming the serving CDN', input: input(obs('up')), status: 'up', exit: 0, provider: 'akamai', layer: null },
  { name: 'an up target stays 0 with --strict', input: input(obs('up'), { strict: true }), status: 'up', exit: 0 },
  // row 2: degraded
  { name: 'a degraded target exits 0', input: input(obs('degraded', { layer: 'dns', code: 'TIMEOUT', notes: ['1 of 2 resolvers failed: 127.0.0.2:53 TIMEOUT'] })), status: 'degraded', exit: 0, layer: 'dns', summary: /but 1 of 2 resolvers failed: 127\.0\.0\.2:53 TIMEOUT/ },
  { name: 'a degraded target exits 4 with --strict', input: input(obs('degraded', { notes: ['slow'] }), { strict: true }), status: 'degraded', exit: 4 },
  {
    name: 'a degraded target whose CDN canaries fail says the provider may be failing intermittently',
    input: input(obs('degraded', { notes: ['1 of 2 edge addresses failed'] }), { canaries: canaries('akamai', 3, 2) }),
    status: 'degraded',
    exit: 0,
    summary: /2 of 3 Akamai canaries down: the provider may be failing intermittently/,
  },
  // the run's deadline
  {
    name: 'a target whose deciding step the deadline cut is inconclusive, not the local network, even with every control cut too',
    input: input(down('http', 'DEADLINE'), { controls: controls(4, 4, 'http', 'DEADLINE') }),
    status: 'inconclusive',
    exit: 5,
    provider: null,
    layer: 'http',
    summary: /the run's deadline passed before www\.site\.test was decided; rerun with a longer --deadline$/,
  },
  {
    name: 'controls the deadline cut are not counted as down: Akamai edges refusing one site with its canaries up is Akamai’s, this site only',
    input: input(down('tcp', 'ECONNREFUSED'), { controls: controls(4, 3, 'tcp', 'DEADLINE'), canaries: canaries('akamai', 3, 0) }),
    status: 'provider-outage',
    exit: 2,
    extent: 'this-site',
    summary: /3\/3 Akamai canaries up; 1\/1 controls up — on Akamai's side, so far only for this site: open a ticket with Akamai$/,
  },
  // row 3: local network
  { name: 'most controls down too is the local network, exit 3', input: input(tcpDown, { controls: controls(4, 3) }), status: 'local-network', exit: 3, provider: null, summary: /3 of 4 controls down too — check your own network/ },
  { name: 'half the controls down is not the local network', input: input(tcpDown, { controls: controls(4, 2), canaries: canaries('akamai', 3, 0, { layer: 'tcp' }) }), status: 'provider-outage', exit: 2, extent: 'this-site' },
  {
    name: 'a resolver that answers nothing at all, with nothing else up, is the local network',
    input: input(down('dns', 'TIMEOUT', 'site', { noAnswer: true, failedResolver: '127.0.0.53:53' }), { controls: [] }),
    status: 'local-network',
    exit: 3,
    layer: 'dns',
    summary: /^Your resolver 127\.0\.0\.53 answers nothing \(TIMEOUT for every query\)/,
  },
  {
    name: 'a silent resolver is not blamed when a canary resolved through it',
    input: input(down('dns', 'TIMEOUT', 'site', { noAnswer: true }), { controls: [], canaries: [canary('route53', 'up', { role: 'dns' })] }),
    status: 'site-outage',
    exit: 1,
  },
  {
    name: 'system resolver failing while a fallback answers is the local network, blaming the resolver',
    input: input(down('dns', 'TIMEOUT', 'site', { failedResolver: '127.0.0.53:53', noAnswer: true }), {
      controls: controls(4, 4),
      fallback: [outcome('127.0.0.1:53', ['127.20.0.1'])],
      fallbackName: 'www.google.com',
    }),
    status: 'local-network',
    exit: 3,
    layer: 'dns',
    summary: /^Your resolver 127\.0\.0\.53 is failing \(TIMEOUT for www\.site\.test\); 127\.0\.0\.1 answers \(asked about www\.google\.com\)/,
    reason: /fallback resolver 127\.0\.0\.1:53 resolved www\.google\.com \(1 address\)/,
  },
  {
    name: 'a fallback that answers does not blame the resolver when the controls resolved through it',
    input: input(down('dns', 'SERVFAIL', 'site'), { fallback: [outcome('127.0.0.1:53', ['127.20.0.1'])], canaries: canaries('route53', 3, 0, { role: 'dns' }) }),
    status: 'site-outage',
    exit: 1,
  },
  {
    name: 'explicit resolvers are named as the ones you chose',
    input: input(down('dns', 'TIMEOUT', 'site', { failedResolver: '127.0.0.2:5353', noAnswer: true }), { resolverMode: 'explicit', controls: controls(2, 2) }),
    status: 'local-network',
    exit: 3,
    summary: /^The resolver you named \(127\.0\.0\.2:5353\) answers nothing \(TIMEOUT for every query\); 2\/2 controls down too/,
  },
  {
    name: 'an explicit resolver with a named fallback that answers is blamed as the one you named',
    input: input(down('dns', 'TIMEOUT', 'site', { failedResolver: '127.0.0.2:5353' }), { resolverMode: 'explicit', controls: [], fallback: [outcome('127.0.0.1:53', ['127.20.0.1'])] }),
    status: 'local-network',
    exit: 3,
    summary: /^The resolver you named \(127\.0\.0\.2:5353\) is failing/,
  },
  // row 4: provider outage
  {
    name: 'confirmed canaries down at the same layer make a provider outage, exit 2',
    input: input(tcpDown, { canaries: canaries('akamai', 3, 3, { layer: 'tcp', code: 'CONNECT_TIMEOUT' }) }),
    status: 'provider-outage',
    exit: 2,
    provider: 'akamai',
    layer: 'tcp',
    extent: 'provider-wide',
    summary: /^Akamai — tcp CONNECT_TIMEOUT; 3\/3 Akamai canaries down; 4\/4 controls up — on Akamai's side, for most of its sites/,
    reason: /second vantage/,
  },
  {
    name: 'one confirmed canary down of three is a partial provider outage, with counts',
    input: input(tcpDown, { canaries: canaries('akamai', 3, 1, { layer: 'tcp' }) }),
    status: 'provider-outage',
    exit: 2,
    provider: 'akamai',
    extent: 'partial',
    summary: /^Akamai \(partial outage\) — .*; 1 of 3 Akamai canaries down, 2 up;/,
  },
  { name: 'other targets on the provider down make a provider outage without canaries', input: input(unclassified, { peers: [{ provider: 'akamai', down: 2, total: 2 }] }), status: 'provider-outage', exit: 2, provider: 'akamai', extent: 'provider-wide', summary: /2\/2 other targets on Akamai down/ },
  { name: 'a minority of other targets down is no provider outage: the rest show it serves others', input: input(unclassified, { peers: [{ provider: 'akamai', down: 1, total: 4 }] }), status: 'site-outage', exit: 1, extent: null, summary: /3 of 4 other targets on Akamai up/ },
  { name: 'as many other targets up as down prove nothing either way', input: input(unclassified, { peers: [{ provider: 'akamai', down: 1, total: 2 }] }), status: 'inconclusive', exit: 5, extent: null, summary: /1 of 2 other targets on Akamai down — cannot tell/ },
  { name: 'peers on another provider say nothing about this one', input: input(unclassified, { peers: [{ provider: 'fastly', down: 3, total: 3 }] }), status: 'inconclusive', exit: 5 },
  { name: 'other targets count toward a provider piece’s extent: a minority of them down is partial', input: input(tcpDown, { peers: [{ provider: 'akamai', down: 1, total: 4 }] }), status: 'provider-outage', exit: 2, extent: 'partial', summary: /1 of 4 other targets on Akamai down/ },
  { name: 'other targets all up make a provider piece’s failure this site’s only', input: input(tcpDown, { peers: [{ provider: 'akamai', down: 0, total: 2 }] }), status: 'provider-outage', exit: 2, extent: 'this-site', summary: /2\/2 other targets on Akamai up/ },
  {
    name: 'canaries up outrank other targets down (they may share an origin)',
    input: input(down('http', 'HTTP_502', 'site'), { canaries: canaries('akamai', 2, 0), peers: [{ provider: 'akamai', down: 2, total: 2 }] }),
    status: 'site-outage',
    exit: 1,
    reason: /may share this site's origin/,
  },
  // row 5: site outage
  {
    name: 'confirmed canaries up make a site outage, exit 1, blaming no provider',
    input: input(down('http', 'HTTP_502', 'site'), { canaries: canaries('akamai', 3, 0) }),
    status: 'site-outage',
    exit: 1,
    provider: null,
    layer: 'http',
    summary: /3\/3 Akamai canaries up — the problem is the site's origin$/,
  },
  {
    name: 'a provider-owned failure with its canaries up is still the provider’s, this site only (issue 20: it was called the site’s own setup)',
    input: input(down('dns', 'SERVFAIL'), { canaries: canaries('akamai', 3, 0) }),
    status: 'provider-outage',
    exit: 2,
    provider: 'akamai',
    extent: 'this-site',
    summary: /^Akamai \(this site only\) — dns SERVFAIL; 3\/3 Akamai canaries up; 4\/4 controls up — on Akamai's side, so far only for this site: open a ticket with Akamai$/,
  },
  { name: 'no provider on the path and controls up is a site outage', input: input(down('tcp', 'ECONNREFUSED', null), {}, NO_FINGERPRINT), status: 'site-outage', exit: 1, summary: /no CDN or DNS provider on the failing path; 4\/4 controls up — the problem is the site's own servers or network$/ },
  { name: 'no provider on the path and no controls is inconclusive', input: input(down('tcp', 'ECONNREFUSED', null), { controls: [] }, NO_FINGERPRINT), status: 'inconclusive', exit: 5, provider: null },
  // row 6: inconclusive
  { name: 'a piece that does not tell, with no canary and no peer, is inconclusive, exit 5', input: input(unclassified), status: 'inconclusive', exit: 5, provider: 'akamai', extent: null, summary: /no confirmed Akamai canary and no other target on Akamai to compare — cannot tell the site from Akamai$/ },
  { name: 'a provider’s piece with no canary and no peer is the provider’s, extent unknown', input: input(tcpDown), status: 'provider-outage', exit: 2, provider: 'akamai', extent: 'unknown', summary: /nothing to compare with, so how far it reaches is unknown$/ },
  {
    name: 'unconfirmed canaries down never make a provider outage',
    input: input(unclassified, { canaries: canaries('akamai', 3, 3, { confirmed: false }) }),
    status: 'inconclusive',
    exit: 5,
    summary: /no confirmed Akamai canary \(3 unconfirmed\)/,
    reason: /unconfirmed: its fingerprint does not name it, ignored/,
  },
  { name: 'unconfirmed canaries up never make a site outage', input: input(unclassified, { canaries: canaries('akamai', 3, 0, { confirmed: false }) }), status: 'inconclusive', exit: 5 },
  { name: 'unconfirmed canaries never measure a provider piece’s extent', input: input(tcpDown, { canaries: canaries('akamai', 3, 0, { confirmed: false }) }), status: 'provider-outage', exit: 2, extent: 'unknown' },
  { name: 'canaries down at another layer do not count', input: input(unclassified, { canaries: canaries('akamai', 2, 2, { layer: 'dns', code: 'SERVFAIL' }) }), status: 'inconclusive', exit: 5, summary: /2 confirmed Akamai canaries fail at another layer/ },
  { name: 'canaries of the provider in another role do not count', input: input(unclassified, { canaries: canaries('akamai', 3, 3, { role: 'dns' }) }), status: 'inconclusive', exit: 5 },
  { name: 'canaries of another provider do not count', input: input(unclassified, { canaries: canaries('fastly', 3, 3) }), status: 'inconclusive', exit: 5 },
  { name: 'a DNS failure in a zone nobody recognises is inconclusive', input: input(down('dns', 'SERVFAIL', null), { canaries: canaries('akamai', 3, 0) }), status: 'inconclusive', exit: 5, provider: null, summary: /no provider cdn-check knows/ },
  { name: 'nothing probed is inconclusive', input: input(down(null, 'NO_PROBES', null)), status: 'inconclusive', exit: 5, summary: /nothing was probed/ },
  // certificates
  { name: 'a certificate fault with canaries up is the site’s certificate', input: input(down('tls', 'CERT_HAS_EXPIRED', 'site'), { canaries: canaries('akamai', 3, 0) }), status: 'site-outage', exit: 1, summary: /the problem is the site's certificate$/ },
  {
    name: 'a certificate fault shown by the canaries too stays the site’s certificate, hinting at a shared cause (issue 20: it was the provider’s)',
    input: input(down('tls', 'CERT_HAS_EXPIRED', 'site'), { canaries: canaries('akamai', 3, 3, { layer: 'tls', code: 'CERT_HAS_EXPIRED' }) }),
    status: 'site-outage',
    exit: 1,
    provider: null,
    layer: 'tls',
    summary: /3\/3 Akamai canaries fail the same way: a cause shared upstream .* — the problem is the site's certificate$/,
  },
  {
    name: 'a certificate fault is not matched by canaries timing out the handshake (no hint; issue 20: it was inconclusive)',
    input: input(down('tls', 'CERT_HAS_EXPIRED', 'site'), { canaries: canaries('akamai', 3, 3, { layer: 'tls', code: 'TLS_TIMEOUT' }) }),
    status: 'site-outage',
    exit: 1,
    summary: /^tls CERT_HAS_EXPIRED — the problem is the site's certificate$/,
  },
  // the site's zone and its DNS host
  {
    name: 'the site’s zone failing with its DNS host’s canaries failing is the DNS host’s outage',
    input: input(down('dns', 'SERVFAIL', 'site'), { canaries: canaries('route53', 3, 3, { role: 'dns', layer: 'dns', code: 'SERVFAIL' }) }),
    status: 'provider-outage',
    exit: 2,
    provider: 'route53',
    layer: 'dns',
    summary: /^Amazon Route 53 — /,
  },
  { name: 'the site’s zone failing with its DNS host’s canaries fine is the site’s zone', input: input(down('dns', 'SERVFAIL', 'site'), { canaries: canaries('route53', 3, 0, { role: 'dns' }) }), status: 'site-outage', exit: 1, summary: /the problem is the site's own DNS zone$/ },
  { name: 'the site’s zone failing is not judged by CDN canaries', input: input(down('dns', 'SERVFAIL', 'site'), { canaries: canaries('akamai', 3, 0) }), status: 'inconclusive', exit: 5, provider: 'route53' },
];

describe('decide: the decision table', () => {
  for (const row of rows) {
    it(row.name, () => {
      const v = decide(row.input);
      assert.equal(v.status, row.status, v.summary);
      assert.equal(v.exitCode, row.exit);
      if (row.provider !== undefined) assert.equal(v.provider, row.provider);
      if (row.layer !== undefined) assert.equal(v.layer, row.layer);
      if (row.extent !== undefined) assert.equal(v.extent, row.extent);
      if (v.status !== 'provider-outage') assert.equal(v.extent, null, 'extent is null unless a provider outage');
      else assert.notEqual(v.extent, null, 'a provider outage has an extent');
      if (row.summary) assert.match(v.summary, row.summary);
      if (row.reason) assert.ok(v.reasons.some((r) => row.reason!.test(r)), `reasons: ${v.reasons.join(' | ')}`);
    });
  }

  it('uses the injected names for providers the fingerprint does not name', () => {
    const v = decide(input(down('http', 'HTTP_503', 'fastly'), { names: (id) => `${id.toUpperCase()}-NAME`, canaries: canaries('fastly', 2, 2) }, NO_FINGERPRINT));
    assert.equal(v.status, 'provider-outage');
    assert.match(v.summary, /^FASTLY-NAME — /);
  });

  it('lists every canary and control as its own reason line', () => {
    const v = decide(input(tcpDown, { canaries: canaries('akamai', 2, 1, { layer: 'tcp', code: 'ECONNREFUSED' }), controls: controls(3, 1) }));
    assert.equal(v.reasons.filter((r) => r.startsWith('canary ')).length, 2);
    assert.equal(v.reasons.filter((r) => r.startsWith('control ')).length, 3);
    assert.ok(v.reasons.includes('canary c0.akamai-canary.test (Akamai cdn, confirmed): down at TCP connect (ECONNREFUSED)'));
  });
});

describe('extentOf', () => {
  const none = { up: 0, down: 0, total: 0 };
  const cases: [string, Parameters<typeof extentOf>[0], Extent][] = [
    ['nothing to compare with is unknown', { confirmed: [], sameWay: [], otherWay: [], peers: none }, 'unknown'],
    ['every compared host fine is this site only', { confirmed: canaries('akamai', 2, 0), sameWay: [], otherWay: [], peers: { up: 1, down: 0, total: 1 } }, 'this-site'],
    ['exactly half failing is partial, not most', { confirmed: canaries('akamai', 2, 1), sameWay: canaries('akamai', 1, 1), otherWay: [], peers: none }, 'partial'],
    ['more than half failing is provider-wide', { confirmed: canaries('akamai', 3, 2), sameWay: canaries('akamai', 2, 2), otherWay: [], peers: none }, 'provider-wide'],
    ['other targets count: 1 canary down of 2 and 2 of 2 targets down is most', { confirmed: canaries('akamai', 2, 1), sameWay: canaries('akamai', 1, 1), otherWay: [], peers: { up: 0, down: 2, total: 2 } }, 'provider-wide'],
    ['canaries down at another layer count as failing', { confirmed: canaries('akamai', 1, 1), sameWay: [], otherWay: canaries('akamai', 1, 1), peers: none }, 'provider-wide'],
  ];
  for (const [name, evidence, extent] of cases) it(name, () => assert.equal(extentOf(evidence), extent));
});

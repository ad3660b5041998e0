// The audit's rules as tables: each finding with a case that raises it and a close case that must not,
// the NS grouping (private / third-party / both), the concentration table and --fail-on parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditTarget, concentration, groupNameservers, matchingFindings, parseFailOn } from '../../../src/audit/analyze.ts';
import type { AuditFacts, AuditCode, NsCheck } from '../../../src/audit/analyze.ts';

const answering = (name: string): NsCheck => ({ name, at: '127.0.0.1:53', answering: true, authoritative: true, error: null });
const lame = (name: string): NsCheck => ({ name, at: '127.0.0.2:53', answering: true, authoritative: false, error: null });
const silent = (name: string): NsCheck => ({ name, at: '127.0.0.2:53', answering: false, authoritative: null, error: { code: 'TIMEOUT', message: `dns: TIMEOUT from ${name}` } });

function facts(over: Partial<AuditFacts>): AuditFacts {
  // tls: null unless given (no handshake), so the DNS and CDN rows are read alone.
  const nameservers = over.nameservers ?? ['ns1.shop.test'];
  return { host: 'www.shop.test', zone: 'shop.test', nameservers, nsError: null, nsChecks: nameservers.map(answering), cdnByResolver: [], tls: null, ...over };
}

const codes = (f: AuditFacts): AuditCode[] => auditTarget(f).findings.map((x) => x.code).sort();

describe('groupNameservers', () => {
  it('puts NS in the zone itself in one private group and names known providers from the fingerprint data', () => {
    const groups = groupNameservers('shop.test', ['ns2.shop.test', 'ada.ns.cloudflare.com', 'ns1.shop.test', 'bob.ns.cloudflare.com']);
    assert.deepEqual(groups.map((g) => [g.provider, g.ownership, g.nameservers]), [
      ['shop.test', 'private', ['ns1.shop.test', 'ns2.shop.test']],
      ['cloudflare', 'third-party', ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com']],
    ]);
  });
  it('groups NS of an unknown provider by their registrable domain', () => {
    const groups = groupNameservers('shop.test', ['a.dns-host.example', 'b.dns-host.example', 'ns.other.example']);
    assert.deepEqual(groups.map((g) => [g.provider, g.ownership, g.nameservers.length]), [['dns-host.example', 'third-party', 2], ['other.example', 'third-party', 1]]);
  });
  it('treats a sibling domain as third-party: only the zone itself is private', () => {
    assert.equal(groupNameservers('shop.test', ['ns1.shop-dns.test'])[0]?.ownership, 'third-party');
  });
});

describe('auditTarget findings', () => {
  const table: { name: string; facts: AuditFacts; codes: AuditCode[]; ownership?: string | null; redundant?: boolean }[] = [
    { name: 'one third-party DNS provider is CRITICAL_DNS', facts: facts({ nameservers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'] }), codes: ['CRITICAL_DNS'], ownership: 'third-party', redundant: false },
    { name: 'two third-party DNS providers are redundant', facts: facts({ nameservers: ['ada.ns.cloudflare.com', 'a1-1.akam.net'] }), codes: [], ownership: 'third-party', redundant: true },
    { name: 'private + third-party NS are redundant', facts: facts({ nameservers: ['ns1.shop.test', 'ada.ns.cloudflare.com'] }), codes: [], ownership: 'both', redundant: true },
    { name: 'private NS only are not critical (nobody else to fail)', facts: facts({ nameservers: ['ns1.shop.test', 'ns2.shop.test'] }), codes: [], ownership: 'private', redundant: false },
    { name: 'a listed NS that does not answer is NS_NOT_ANSWERING', facts: facts({ nameservers: ['ns1.shop.test', 'a1-1.akam.net'], nsChecks: [answering('ns1.shop.test'), silent('a1-1.akam.net')] }), codes: ['NS_NOT_ANSWERING'] },
    { name: 'a listed NS that answers without the AA bit is NS_LAME_DELEGATION', facts: facts({ nameservers: ['ns1.shop.test', 'a1-1.akam.net'], nsChecks: [answering('ns1.shop.test'), lame('a1-1.akam.net')] }), codes: ['NS_LAME_DELEGATION'] },
    { name: 'an answer whose transport does not report the AA bit is no lame delegation', facts: facts({ nameservers: ['ns1.shop.test'], nsChecks: [{ ...answering('ns1.shop.test'), authoritative: null }] }), codes: [] },
    { name: 'every listed NS answering raises nothing', facts: facts({ nameservers: ['ns1.shop.test', 'a1-1.akam.net'] }), codes: [] },
    { name: 'an NS set that could not be read is NS_LOOKUP_FAILED', facts: facts({ nameservers: [], nsError: { code: 'SERVFAIL', message: 'dns: SERVFAIL for shop.test (NS)' } }), codes: ['NS_LOOKUP_FAILED'], ownership: null },
    { name: 'one CDN through every resolver is CRITICAL_CDN', facts: facts({ nameservers: ['ns1.shop.test'], cdnByResolver: ['akamai', 'akamai'] }), codes: ['CRITICAL_CDN'] },
    { name: 'two CDNs steered by resolver are redundant', facts: facts({ nameservers: ['ns1.shop.test'], cdnByResolver: ['akamai', 'fastly'] }), codes: [] },
    { name: 'a third-party CA with no OCSP stapling is CRITICAL_CA', facts: facts({ tls: { ok: true, at: '127.0.0.1:443', issuer: 'Lab Issuing CA', subjectAltNames: ['www.shop.test'], stapled: false } }), codes: ['CRITICAL_CA'] },
    { name: 'a third-party CA whose response the edge staples is not critical', facts: facts({ tls: { ok: true, at: '127.0.0.1:443', issuer: 'Lab Issuing CA', subjectAltNames: ['www.shop.test'], stapled: true } }), codes: [] },
    { name: 'a CA that carries the site\'s own name is private, stapled or not', facts: facts({ tls: { ok: true, at: '127.0.0.1:443', issuer: 'Shop Trust Services CA 1', subjectAltNames: [], stapled: false } }), codes: [] },
    { name: 'a failed handshake is no CA finding', facts: facts({ tls: { ok: false, at: '127.0.0.1:443', error: { code: 'ECONNREFUSED', message: 'tcp: ECONNREFUSED' } } }), codes: [] },
    { name: 'an NS whose domain the certificate names is private: not CRITICAL_DNS', facts: facts({ nameservers: ['ns1.shop-dns.test'], tls: { ok: true, at: '127.0.0.1:443', issuer: 'X', subjectAltNames: ['*.shop-dns.test'], stapled: true } }), codes: [], ownership: 'private' },
    { name: 'the same NS without the certificate naming it is CRITICAL_DNS', facts: facts({ nameservers: ['ns1.shop-dns.test'], tls: { ok: true, at: '127.0.0.1:443', issuer: 'X', subjectAltNames: ['www.shop.test'], stapled: true } }), codes: ['CRITICAL_DNS'], ownership: 'third-party' },
    { name: 'one CDN whose names one third-party DNS provider serves is CRITICAL_INDIRECT_DNS', facts: facts({ cdnByResolver: ['fastly'], cdnDomains: [{ domain: 'fastly.net', nameservers: ['dns1.p01.nsone.net', 'dns2.p01.nsone.net'], error: null }] }), codes: ['CRITICAL_CDN', 'CRITICAL_INDIRECT_DNS'] },
    { name: 'a CDN whose names are on its own DNS is no indirect finding', facts: facts({ cdnByResolver: ['akamai'], cdnDomains: [{ domain: 'akamaiedge.net', nameservers: ['a1-1.akam.net'], error: null }] }), codes: ['CRITICAL_CDN'] },
    { name: 'a CDN whose names two DNS providers serve is no indirect finding', facts: facts({ cdnByResolver: ['fastly'], cdnDomains: [{ domain: 'fastly.net', nameservers: ['dns1.p01.nsone.net', 'ada.ns.cloudflare.com'], error: null }] }), codes: ['CRITICAL_CDN'] },
    { name: 'a third-party DNS behind the names of one of two CDNs is no indirect finding (the other CDN carries on)', facts: facts({ cdnByResolver: ['fastly', 'akamai'], cdnDomains: [{ domain: 'fastly.net', nameservers: ['dns1.p01.nsone.net'], error: null }] }), codes: [] },
    { name: 'no CDN named is no CDN finding', facts: facts({ nameservers: ['ns1.shop.test'], cdnByResolver: [null, null] }), codes: [] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const audit = auditTarget(row.facts);
      assert.deepEqual(codes(row.facts), row.codes);
      if (row.ownership !== undefined) assert.equal(audit.dns.ownership, row.ownership);
      if (row.redundant !== undefined) assert.equal(audit.dns.redundant, row.redundant);
    });
  }
  it('a multi-CDN target lists both providers and is not critical', () => {
    const cdn = auditTarget(facts({ cdnByResolver: ['akamai', null, 'fastly'] })).cdn;
    assert.deepEqual(cdn.providers.map((p) => p.provider), ['akamai', 'fastly']);
    assert.equal(cdn.critical, false);
    assert.equal(cdn.redundant, true);
  });
  it('CRITICAL_DNS carries the NS names as evidence', () => {
    const finding = auditTarget(facts({ nameservers: ['ada.ns.cloudflare.com'] })).findings[0];
    assert.deepEqual(finding?.evidence, ['ada.ns.cloudflare.com']);
  });
});

describe('the page\'s third parties', () => {
  const page = (resources: [string, 'script' | 'stylesheet' | 'image', boolean][], cdns: Record<string, string | null>) => ({
    url: 'https://www.shop.test/',
    status: 200,
    truncated: false,
    error: null,
    resources: resources.map(([host, kind, renderBlocking]) => ({ url: `https://${host}/x`, host, kind, renderBlocking })),
    hosts: Object.entries(cdns).map(([host, cdn]) => ({ host, cdn })),
  });
  const facts3 = page(
    [['a.test', 'stylesheet', true], ['b.test', 'image', false], ['c.test', 'script', false], ['a.test', 'image', false], ['d.test', 'image', false]],
    { 'a.test': 'fastly', 'b.test': 'fastly', 'c.test': 'akamai', 'd.test': null },
  );
  it('groups the hosts by CDN, most hosts first, and marks the render-blocking ones', () => {
    const audit = auditTarget(facts({ cdnByResolver: ['akamai'], page: facts3 }));
    assert.deepEqual(audit.page?.providers.map((g) => [g.provider, g.hosts, g.renderBlocking, g.resources]), [
      ['fastly', ['a.test', 'b.test'], ['a.test'], 3],
      ['akamai', ['c.test'], [], 1],
      [null, ['d.test'], [], 1],
    ]);
    assert.equal(audit.page?.hosts, 4);
    assert.deepEqual(audit.page?.renderBlocking, [{ url: 'https://a.test/x', host: 'a.test', kind: 'stylesheet' }]);
  });
  it('a render-blocking host on another CDN than the site\'s is SINGLE_CDN_PAGE_DEPENDENCY', () => {
    assert.deepEqual(codes(facts({ cdnByResolver: ['akamai', 'akamai'], page: facts3 })), ['CRITICAL_CDN', 'SINGLE_CDN_PAGE_DEPENDENCY']);
  });
  it('a render-blocking host on the site\'s own CDN is not (CRITICAL_CDN says it already)', () => {
    assert.deepEqual(codes(facts({ cdnByResolver: ['fastly'], page: facts3 })), ['CRITICAL_CDN']);
  });
  it('hosts on no CDN, and resources that do not block, raise nothing', () => {
    const calm = page([['d.test', 'script', true], ['b.test', 'image', false]], { 'd.test': null, 'b.test': 'fastly' });
    assert.deepEqual(codes(facts({ page: calm })), []);
  });
  it('a page that could not be read is reported with its error and no finding', () => {
    const audit = auditTarget(facts({ page: { ...page([], {}), status: 301, error: { code: 'REDIRECT_OFF_SITE', message: 'http: 301 to https://elsewhere.example/' } } }));
    assert.equal(audit.page?.error?.code, 'REDIRECT_OFF_SITE');
    assert.deepEqual(audit.findings, []);
  });
});

describe('concentration', () => {
  it('counts dependents and critical dependents per provider, with the share of all targets', () => {
    const audits = [
      auditTarget(facts({ host: 'a.test', zone: 'a.test', nameservers: ['ada.ns.cloudflare.com'], cdnByResolver: ['akamai'] })),
      auditTarget(facts({ host: 'b.test', zone: 'b.test', nameservers: ['bob.ns.cloudflare.com', 'a1-1.akam.net'], cdnByResolver: ['akamai', 'fastly'] })),
      auditTarget(facts({ host: 'c.test', zone: 'c.test', nameservers: ['ns1.c.test'] })),
      auditTarget(facts({ host: 'd.test', zone: 'd.test', nameservers: ['ada.ns.cloudflare.com'] })),
    ];
    const rows = concentration(audits).map((r) => [r.role, r.provider, r.targets, r.critical, r.share]);
    assert.deepEqual(rows, [
      ['cdn', 'akamai', 2, 1, 0.25],
      ['cdn', 'fastly', 1, 0, 0],
      ['dns', 'cloudflare', 3, 2, 0.5],
      ['dns', 'akamai', 1, 0, 0],
    ]);
  });
  it('counts the one DNS provider behind a critical CDN\'s names as an indirect dependency, once per target', () => {
    const fastly = { domain: 'fastly.net', nameservers: ['dns1.p01.nsone.net'], error: null };
    const akamai = [{ domain: 'edgekey.net', nameservers: ['a1-1.akam.net'], error: null }, { domain: 'akamaiedge.net', nameservers: ['a1-1.akam.net'], error: null }];
    const audits = [
      auditTarget(facts({ host: 'a.test', zone: 'a.test', nameservers: ['ns1.a.test'], cdnByResolver: ['fastly'], cdnDomains: [fastly] })),
      auditTarget(facts({ host: 'b.test', zone: 'b.test', nameservers: ['ns1.b.test'], cdnByResolver: ['akamai'], cdnDomains: akamai })),
      auditTarget(facts({ host: 'c.test', zone: 'c.test', nameservers: ['a1-1.akam.net'], cdnByResolver: ['akamai'], cdnDomains: akamai })),
      auditTarget(facts({ host: 'd.test', zone: 'd.test', nameservers: ['ns1.d.test'], cdnByResolver: ['fastly', 'akamai'], cdnDomains: [fastly] })),
    ];
    const dns = concentration(audits).filter((r) => r.role === 'dns').map((r) => [r.provider, r.targets, r.critical, r.indirect, r.shareWithIndirect]);
    // c.test is on Akamai's DNS directly (critical): not counted again as indirect; d.test has two CDNs.
    assert.deepEqual(dns, [['akamai', 1, 1, 1, 0.5], ['ns1', 0, 0, 1, 0.25]]);
  });
  it('is empty for no targets and never counts private NS', () => {
    assert.deepEqual(concentration([]), []);
    assert.deepEqual(concentration([auditTarget(facts({ nameservers: ['ns1.shop.test'] }))]), []);
  });
});

describe('--fail-on', () => {
  it('takes kebab and snake case, any letter case, and returns unknown names apart', () => {
    assert.deepEqual(parseFailOn('critical-dns, NS_NOT_ANSWERING,critical-dns,nope'), { codes: ['CRITICAL_DNS', 'NS_NOT_ANSWERING'], unknown: ['nope'] });
  });
  it('matches only the findings named', () => {
    const audits = [auditTarget(facts({ nameservers: ['ada.ns.cloudflare.com'], cdnByResolver: ['akamai'] }))];
    assert.deepEqual(matchingFindings(audits, ['CRITICAL_CDN']).map((f) => f.code), ['CRITICAL_CDN']);
    assert.deepEqual(matchingFindings(audits, ['NS_NOT_ANSWERING']), []);
  });
});

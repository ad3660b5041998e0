// `cdn-check providers`: the catalog is read off the same data the diagnosis uses, and its text fits the screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { providerCatalog } from '../../../src/commands/providers.ts';
import { PROVIDERS } from '../../../src/fingerprint/providers.ts';
import { renderProviderCatalog, type ProviderEntry } from '../../../src/render/providers.ts';
import { BUILTIN_CANARIES, NO_CANARIES } from '../../../src/verdict/canary-hosts.ts';
import { assertGolden } from '../../golden/golden.ts';

const catalog = providerCatalog();
const byId = new Map(catalog.map((p) => [p.id, p]));

test('every provider id in the data is listed once, with its name and roles', () => {
  assert.equal(catalog.length, PROVIDERS.length);
  assert.equal(byId.size, PROVIDERS.length, 'ids are unique');
  for (const p of PROVIDERS) {
    const entry = byId.get(p.id);
    assert.ok(entry, p.id);
    assert.equal(entry.name, p.name);
    assert.deepEqual(entry.roles, [...p.kinds]);
  }
});

test('every built-in canary host is listed under its provider and role, and every reason for having none', () => {
  for (const set of BUILTIN_CANARIES) for (const host of set.hosts) assert.ok(byId.get(set.provider)?.canaries[set.role]?.includes(host), `${set.provider} ${set.role} ${host}`);
  for (const [id, roles] of Object.entries(NO_CANARIES)) for (const [role, why] of Object.entries(roles)) assert.equal(byId.get(id)?.noCanaries[role as 'cdn' | 'dns'], why, `${id} ${role}`);
});

test('evidence kinds follow the rules: a CNAME suffix names by host, cname, ptr and tls; NS suffixes by ns; ranges by ip', () => {
  const cases: [id: string, has: string[], hasNot: string[]][] = [
    ['akamai', ['host', 'cname', 'steering', 'ns', 'ptr', 'header', 'tls', 'error-page'], ['ip']],
    ['cloudflare', ['ns', 'header', 'ip', 'error-page'], ['steering']],
    ['route53', ['ns'], ['header', 'error-page', 'cname']],
  ];
  for (const [id, has, hasNot] of cases) {
    const evidence = byId.get(id)?.evidence ?? [];
    for (const kind of has) assert.ok(evidence.includes(kind as never), `${id} is named by ${kind}`);
    for (const kind of hasNot) assert.ok(!evidence.includes(kind as never), `${id} is not named by ${kind}`);
  }
  for (const p of PROVIDERS) assert.ok((byId.get(p.id)?.evidence.length ?? 0) > 0, `${p.id} can be named by something`);
});

const SAMPLE: ProviderEntry[] = [
  {
    id: 'akamai', name: 'Akamai', dnsName: 'Akamai Edge DNS', roles: ['cdn', 'waf', 'dns'], evidence: ['host', 'cname', 'steering', 'ns', 'ptr', 'header', 'tls', 'error-page'],
    canaries: { cdn: ['www.akamai.com', 'www.apple.com', 'www.microsoft.com', 'www.fedex.com'], dns: ['akamai.com', 'ibm.com'] }, noCanaries: {}, statusPage: 'https://www.akamaistatus.com/',
  },
  { id: 'cdn77', name: 'CDN77', dnsName: null, roles: ['cdn'], evidence: ['host', 'cname', 'ptr', 'tls', 'header'], canaries: {}, noCanaries: { cdn: 'no public site could be tied to it; use --canary' }, statusPage: null },
  { id: 'azure-traffic-manager', name: 'Azure Traffic Manager', dnsName: null, roles: ['steering'], evidence: ['steering'], canaries: {}, noCanaries: {}, statusPage: null },
];

for (const width of [50, 80, 120]) {
  test(`the providers list at ${width} columns: blocks per id, texts wrapping under their label, no line past the edge`, () => {
    const text = renderProviderCatalog(SAMPLE, width);
    assertGolden(`render/providers.${width}.txt`, text);
    for (const line of text.split('\n')) assert.ok(line.length <= width, `${line.length} > ${width}: ${line}`);
  });
}

test('the real catalog at 80 columns: every id heads a block, no line is wider than the screen', () => {
  const text = renderProviderCatalog(catalog, 80);
  for (const p of catalog) assert.match(text, new RegExp(`^${p.id}  `, 'm'));
  for (const line of text.split('\n')) assert.ok(line.length <= 80, line);
  // Said only while no provider has a status page in the data.
  assert.equal(/No status pages are in the provider data yet/.test(text.replace(/\s+/g, ' ')), catalog.every((p) => p.statusPage === null));
});

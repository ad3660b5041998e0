// The lab world built from a scenario: chains from the profiles, one record per fact, faults where the data says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scenario } from '../../../src/lab/scenario.ts';
import { buildWorld } from '../../../src/lab/world.ts';

const base: Omit<Scenario, 'sites'> = { name: 't', date: null, provider: null, title: 't', story: 't', targets: [], canaries: [], controls: [], expected: { exitCode: 0, targets: {} } };

test('sites that share their chain’s last name get its address records once, not once per site', () => {
  const world = buildWorld({ ...base, sites: [{ host: 'a.example.com', cdn: 'vercel', dns: 'route53' }, { host: 'b.example.org', cdn: 'vercel', dns: 'route53' }] });
  const keys = world.zone.records.map((r) => `${r.name} ${r.type} ${r.data}`);
  assert.equal(keys.length, new Set(keys).size, 'no duplicate record');
  assert.equal(world.zone.records.filter((r) => r.name === 'cname.vercel-dns.com' && r.type === 'A').length, 2, 'one A per Vercel edge');
});

test('an Akamai site gets the edgekey → akamaiedge chain and a leaf fault pinned to its own slot', () => {
  const world = buildWorld({ ...base, sites: [{ host: 'paytm.com', cdn: 'akamai', dns: 'akamai', slot: 7071, dnsFault: { at: 'leaf', fault: 'servfail' } }] });
  const chain = world.zone.records.filter((r) => r.type === 'CNAME').map((r) => `${r.name}>${r.data}`);
  assert.deepEqual(chain, ['paytm.com>paytm.com.edgekey.net', 'paytm.com.edgekey.net>e7071.a.akamaiedge.net']);
  assert.deepEqual(world.zone.faults, [{ name: 'e7071.a.akamaiedge.net', fault: 'servfail' }]);
  assert.ok(world.zone.records.some((r) => r.name === 'paytm.com' && r.type === 'NS' && r.data.endsWith('akam.net')));
});

test('a zone fault covers the site’s registrable domain and everything under it', () => {
  const world = buildWorld({ ...base, sites: [{ host: 'www.twitter.com', cdn: null, dns: 'dyn', dnsFault: { at: 'zone', fault: 'servfail', types: ['A'] } }] });
  assert.deepEqual(world.zone.faults, [{ name: '*.twitter.com', fault: 'servfail', types: ['A'] }]);
});

test('a site with its own certificate fault gets its own edge address', () => {
  const world = buildWorld({ ...base, sites: [{ host: 'x.example.com', cdn: 'fastly', dns: 'ns1', cert: 'expired' }, { host: 'y.example.com', cdn: 'fastly', dns: 'ns1' }] });
  const expired = world.edges.filter((e) => e.cert === 'expired');
  assert.equal(expired.length, 1);
  assert.ok(!world.addressesByProvider.fastly?.includes(expired[0]!.address));
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fingerprint, Observation, Role, Verdict } from '../../../src/types.ts';
import { Correlation, correlationItems } from '../../../src/verdict/correlate.ts';
import type { CorrelationItem } from '../../../src/verdict/correlate.ts';
import { decide } from '../../../src/verdict/decide.ts';
import { controls, fingerprint } from './fixtures.ts';

const up: Observation = { health: 'up', layer: null, code: null, owner: null, ownerRole: null, piece: null, detail: 'up', notes: [] };
const edgeDown: Observation = { health: 'down', layer: 'tcp', code: 'CONNECT_TIMEOUT', owner: 'akamai', ownerRole: 'cdn', piece: 'edge', detail: 'down', notes: [] };
const zoneDown: Observation = { ...edgeDown, layer: 'dns', code: 'SERVFAIL', owner: 'site', ownerRole: 'site', piece: 'dns-host' };
const originDown: Observation = { ...edgeDown, layer: 'http', code: 'HTTP_522', owner: 'site', ownerRole: 'site', piece: 'origin' };
const edgeDnsDown: Observation = { ...edgeDown, layer: 'dns', code: 'SERVFAIL', piece: 'edge-dns' };

function item(provider: string, down: boolean, role: Role = 'cdn'): CorrelationItem {
  return { provider, role, down };
}

/** A run's correlation from each target's items, added in the order given. */
function counted(targets: readonly CorrelationItem[][]): Correlation {
  const correlation = new Correlation();
  for (const items of targets) correlation.add(items);
  return correlation;
}

describe('Correlation', () => {
  it('counts targets down and in total per provider, most down first', () => {
    const entries = counted([[item('akamai', true)], [item('akamai', true)], [item('akamai', true)], [item('cloudflare', false)], [item('cloudflare', false)]]).entries();
    assert.deepEqual(entries, [
      { provider: 'akamai', down: 3, total: 3 },
      { provider: 'cloudflare', down: 0, total: 2 },
    ]);
  });
  it('counts a target once per provider even when it uses it in both roles, down if either is down', () => {
    assert.deepEqual(counted([[item('akamai', false, 'dns'), item('akamai', true)]]).entries(), [{ provider: 'akamai', down: 1, total: 1 }]);
  });
  it('returns [] for nothing', () => {
    assert.deepEqual(counted([]).entries(), []);
  });
  it('orders ties by total, then provider id', () => {
    assert.deepEqual(counted([[item('fastly', false)], [item('akamai', false)], [item('cloudflare', false)], [item('cloudflare', false)]]).entries().map((e) => e.provider), ['cloudflare', 'akamai', 'fastly']);
  });
  it('one target down on Akamai’s CDN and one up with Akamai as its DNS host are 1 of 2 Akamai targets down, in either order (issue 13)', () => {
    const a = [item('akamai', true)];
    const b = [item('cloudflare', false), item('akamai', false, 'dns')];
    const expected = [
      { provider: 'akamai', down: 1, total: 2 },
      { provider: 'cloudflare', down: 0, total: 1 },
    ];
    assert.deepEqual(counted([a, b]).entries(), expected);
    assert.deepEqual(counted([b, a]).entries(), expected);
  });
});

describe('Correlation.peersExcluding', () => {
  it('leaves the target itself out of its own evidence', () => {
    const a = [item('akamai', true)];
    assert.deepEqual(counted([a, [item('akamai', true)], [item('akamai', false)]]).peersExcluding(a), [{ provider: 'akamai', down: 1, total: 2 }]);
  });
  it('gives no peers to a target alone on its provider', () => {
    const a = [item('akamai', true)];
    assert.deepEqual(counted([a]).peersExcluding(a), []);
  });
  it('leaves a target out once on a provider it uses in two roles', () => {
    const a = [item('akamai', true), item('akamai', false, 'dns')];
    assert.deepEqual(counted([a, [item('akamai', false)]]).peersExcluding(a), [{ provider: 'akamai', down: 0, total: 1 }]);
  });
});

describe('correlationItems', () => {
  const fp = fingerprint({ cdn: 'akamai', layers: ['cloudflare'], dns: 'route53' });
  it('an up target vouches for every provider it was served through', () => {
    assert.deepEqual(
      correlationItems(fp, up).map((i) => [i.provider, i.role, i.down]),
      [
        ['akamai', 'cdn', false],
        ['cloudflare', 'cdn', false],
        ['route53', 'dns', false],
      ],
    );
  });
  it('a down target counts only against the provider its failure is weighed against', () => {
    assert.deepEqual(correlationItems(fp, edgeDown), [{ provider: 'akamai', role: 'cdn', down: true }]);
    assert.deepEqual(correlationItems(fp, zoneDown), [{ provider: 'route53', role: 'dns', down: true }]);
    assert.deepEqual(correlationItems(fp, originDown), [{ provider: 'akamai', role: 'cdn', down: true }]);
  });
  it('a down target with no provider on its failing path says nothing', () => {
    assert.deepEqual(correlationItems(fingerprint(), { ...edgeDown, owner: null, ownerRole: null, piece: 'servers' }), []);
    assert.deepEqual(correlationItems(fingerprint(), { ...edgeDown, owner: null, ownerRole: null, piece: null }), []);
  });
});

/** Every ordering of `items` (n! of them). */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((first, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [first, ...rest]));
}

describe('the same targets in every order', () => {
  // Five targets sharing providers in different roles, up and down in different pieces.
  const targets: { host: string; fp: Fingerprint; obs: Observation }[] = [
    { host: 'a.test', fp: fingerprint({ cdn: 'akamai', dns: 'akamai' }), obs: edgeDnsDown },
    { host: 'b.test', fp: fingerprint({ cdn: 'cloudflare', dns: 'akamai' }), obs: up },
    { host: 'c.test', fp: fingerprint({ cdn: 'akamai', dns: 'route53' }), obs: edgeDown },
    { host: 'd.test', fp: fingerprint({ cdn: 'cloudflare', dns: 'route53' }), obs: { ...originDown, owner: 'site' } },
    { host: 'e.test', fp: fingerprint({ cdn: 'akamai', dns: 'route53' }), obs: { ...edgeDown, piece: 'response', owner: null, ownerRole: null, layer: 'http', code: 'HTTP_500' } },
  ];

  /** The run layer's steps: count every target, then decide each against the others. */
  function runInOrder(order: typeof targets): { correlation: unknown; verdicts: Record<string, Verdict> } {
    const correlation = new Correlation();
    for (const t of order) correlation.add(correlationItems(t.fp, t.obs));
    const verdicts: Record<string, Verdict> = {};
    for (const t of order) {
      const peers = correlation.peersExcluding(correlationItems(t.fp, t.obs));
      verdicts[t.host] = decide({ host: t.host, observation: t.obs, fingerprint: t.fp, canaries: [], controls: controls(4), peers, resolverMode: 'system', strict: false });
    }
    return { correlation: correlation.entries(), verdicts };
  }

  it('gives the same correlation and the same verdicts in all 120 orders', () => {
    const orders = permutations(targets);
    assert.equal(orders.length, 120);
    const first = runInOrder(orders[0]!);
    for (const order of orders) assert.deepEqual(runInOrder(order), first, order.map((t) => t.host).join(' '));
    // And the counts are the ones a person would make: each target once per provider.
    assert.deepEqual(first.correlation, [
      { provider: 'akamai', down: 3, total: 4 },
      { provider: 'cloudflare', down: 1, total: 2 },
    ]);
    assert.equal(first.verdicts['e.test']?.status, 'provider-outage', 'an unclassified 500 with most other Akamai targets down is Akamai');
  });
});

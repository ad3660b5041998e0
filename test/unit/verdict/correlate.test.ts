import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Observation } from '../../../src/types.ts';
import { correlate, correlationItems, peersExcluding } from '../../../src/verdict/correlate.ts';
import type { CorrelationItem } from '../../../src/verdict/correlate.ts';
import { fingerprint } from './fixtures.ts';

const up: Observation = { health: 'up', layer: null, code: null, owner: null, ownerRole: null, detail: 'up', notes: [] };
const edgeDown: Observation = { health: 'down', layer: 'tcp', code: 'CONNECT_TIMEOUT', owner: 'akamai', ownerRole: 'cdn', detail: 'down', notes: [] };
const zoneDown: Observation = { ...edgeDown, layer: 'dns', code: 'SERVFAIL', owner: 'site', ownerRole: 'site' };

function item(host: string, provider: string | null, down: boolean, role: 'cdn' | 'dns' = 'cdn'): CorrelationItem {
  return { host, provider, role, down };
}

describe('correlate', () => {
  it('counts targets down and in total per provider, most down first', () => {
    const entries = correlate([item('a', 'akamai', true), item('b', 'akamai', true), item('c', 'akamai', true), item('d', 'cloudflare', false), item('e', 'cloudflare', false)]);
    assert.deepEqual(entries, [
      { provider: 'akamai', down: 3, total: 3 },
      { provider: 'cloudflare', down: 0, total: 2 },
    ]);
  });
  it('counts a host once per provider even when it uses it in both roles, down if either is down', () => {
    assert.deepEqual(correlate([item('a', 'akamai', false, 'dns'), item('a', 'akamai', true)]), [{ provider: 'akamai', down: 1, total: 1 }]);
  });
  it('counts items without a host separately', () => {
    assert.deepEqual(correlate([{ provider: 'fastly', role: 'cdn', down: true }, { provider: 'fastly', role: 'cdn', down: false }]), [{ provider: 'fastly', down: 1, total: 2 }]);
  });
  it('skips items without a provider and returns [] for nothing', () => {
    assert.deepEqual(correlate([item('a', null, true)]), []);
    assert.deepEqual(correlate([]), []);
  });
  it('orders ties by provider id', () => {
    assert.deepEqual(correlate([item('a', 'fastly', false), item('b', 'akamai', false)]).map((e) => e.provider), ['akamai', 'fastly']);
  });
});

describe('peersExcluding', () => {
  it('leaves the target itself out of its own evidence', () => {
    const all = [item('a', 'akamai', true), item('b', 'akamai', true), item('c', 'akamai', false)];
    assert.deepEqual(peersExcluding(all, 'a'), [{ provider: 'akamai', down: 1, total: 2 }]);
  });
  it('gives no peers to a target alone on its provider', () => {
    assert.deepEqual(peersExcluding([item('a', 'akamai', true)], 'a'), []);
  });
});

describe('correlationItems', () => {
  const fp = fingerprint({ cdn: 'akamai', layers: ['cloudflare'], dns: 'route53' });
  it('an up target vouches for every provider it was served through', () => {
    assert.deepEqual(
      correlationItems('a', fp, up).map((i) => [i.provider, i.role, i.down]),
      [
        ['akamai', 'cdn', false],
        ['cloudflare', 'cdn', false],
        ['route53', 'dns', false],
      ],
    );
  });
  it('a down target counts only against the provider its failure points at', () => {
    assert.deepEqual(correlationItems('a', fp, edgeDown), [{ host: 'a', provider: 'akamai', role: 'cdn', down: true }]);
    assert.deepEqual(correlationItems('a', fp, zoneDown), [{ host: 'a', provider: 'route53', role: 'dns', down: true }]);
  });
  it('a down target with no provider on its failing path says nothing', () => {
    assert.deepEqual(correlationItems('a', fingerprint(), { ...edgeDown, owner: null, ownerRole: null }), []);
  });
});

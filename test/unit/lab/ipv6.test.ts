// The lab's IPv6 plans, as data: which AAAA records are published and which edges listen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipv6Twin, withIpv6 } from '../../../src/lab/ipv6.ts';
import { buildWorld } from '../../../src/lab/world.ts';
import { HEALTHY_PAYTM } from '../../helpers/netns.ts';

const world = buildWorld(HEALTHY_PAYTM);
const aRecords = world.zone.records.filter((r) => r.type === 'A');
const aaaa = (w: typeof world) => w.zone.records.filter((r) => r.type === 'AAAA');

describe('lab IPv6 plans', () => {
  it('a twin is a canonical ULA address in fd00:cdc::/32, one per edge address', () => {
    assert.equal(ipv6Twin('127.20.0.1'), 'fd00:cdc:20::1');
    assert.equal(ipv6Twin('127.90.1.3'), 'fd00:cdc:90:1::3');
    assert.throws(() => ipv6Twin('10.0.0.1'), /not a 127/);
    const twins = world.edges.map((e) => ipv6Twin(e.address));
    assert.equal(new Set(twins).size, twins.length);
  });

  it('none leaves the world as it was', () => {
    assert.equal(withIpv6(world, 'none'), world);
  });

  it('unreachable publishes an AAAA twin for every A record and serves no IPv6 edge', () => {
    const w = withIpv6(world, 'unreachable');
    assert.deepEqual(aaaa(w).map((r) => [r.name, r.data]), aRecords.map((r) => [r.name, ipv6Twin(r.data)]));
    assert.deepEqual(w.edges, world.edges);
  });

  it('dual serves both families', () => {
    const w = withIpv6(world, 'dual');
    assert.equal(w.edges.length, world.edges.length * 2);
    assert.equal(w.zone.records.filter((r) => r.type === 'A').length, aRecords.length);
    assert.equal(aaaa(w).length, aRecords.length);
  });

  it('only replaces every A record and edge by its twin', () => {
    const w = withIpv6(world, 'only');
    assert.equal(w.zone.records.filter((r) => r.type === 'A').length, 0);
    assert.equal(aaaa(w).length, aRecords.length);
    assert.ok(w.edges.every((e) => e.address.startsWith('fd00:cdc:')));
  });
});

// The lab resolver's answers from zone data: CNAME chasing, NXDOMAIN vs NODATA, wildcards and faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CHASE, indexZone } from '../../../src/lab/zones.ts';
import type { FaultRule, LabZoneData } from '../../../src/lab/zones.ts';

const edge = 'e1234.a.akamaiedge.net';
const records: LabZoneData['records'] = [
  { name: 'paytm.com', type: 'CNAME', data: 'paytm.com.edgekey.net.', ttl: 300 },
  { name: 'paytm.com.edgekey.net', type: 'CNAME', data: edge, ttl: 60 },
  { name: edge, type: 'A', data: '127.20.0.1', ttl: 20 },
  { name: edge, type: 'AAAA', data: '::1' },
  { name: 'zomato.com', type: 'NS', data: 'A1-64.AKAM.NET' },
  { name: '*.wild.test', type: 'A', data: '127.0.0.7' },
  { name: '1.0.20.127.in-addr.arpa', type: 'PTR', data: 'edge.akamai.test' },
];

const zone = (faults: FaultRule[] = [], more: LabZoneData['records'] = []) => indexZone({ records: [...records, ...more], faults, defaultTtl: 120 });

test('an A query follows the CNAME chain and returns every hop and the final records', () => {
  const answer = zone().answer('PayTM.com.', 'A');
  assert.equal(answer.rcode, 'NOERROR');
  assert.deepEqual(answer.answers.map((r) => [r.name, r.type, r.data, r.ttl]), [
    ['paytm.com', 'CNAME', 'paytm.com.edgekey.net', 300],
    ['paytm.com.edgekey.net', 'CNAME', edge, 60],
    [edge, 'A', '127.20.0.1', 20],
  ]);
});

test('records without a TTL take the zone default', () => {
  assert.equal(zone().answer(edge, 'AAAA').answers[0]?.ttl, 120);
});

test('a CNAME query returns only that name’s own CNAME, without chasing', () => {
  assert.deepEqual(zone().answer('paytm.com', 'CNAME').answers.map((r) => r.data), ['paytm.com.edgekey.net']);
  assert.deepEqual(zone().answer(edge, 'CNAME'), { rcode: 'NOERROR', answers: [], fault: null, delayMs: 0 });
});

test('an unknown name is NXDOMAIN, a known name without the type is NOERROR and empty', () => {
  assert.equal(zone().answer('nope.paytm.com', 'A').rcode, 'NXDOMAIN');
  const nodata = zone().answer('zomato.com', 'A');
  assert.deepEqual([nodata.rcode, nodata.answers.length], ['NOERROR', 0]);
});

test('a parent of existing names (an empty non-terminal) is NOERROR, not NXDOMAIN', () => {
  assert.equal(zone().answer('a.akamaiedge.net', 'A').rcode, 'NOERROR');
});

test('NS and PTR queries return their records with names normalised', () => {
  assert.deepEqual(zone().answer('zomato.com', 'NS').answers.map((r) => r.data), ['a1-64.akam.net']);
  assert.deepEqual(zone().answer('1.0.20.127.in-addr.arpa', 'PTR').answers.map((r) => r.data), ['edge.akamai.test']);
});

test('a wildcard answers for names under it with the asked name as owner, but not for the suffix itself', () => {
  assert.deepEqual(zone().answer('x.y.wild.test', 'A').answers.map((r) => [r.name, r.data]), [['x.y.wild.test', '127.0.0.7']]);
  assert.equal(zone().answer('wild.test', 'A').answers.length, 0);
});

test('a fault on any name along the chain fails the A query, while the first hop’s CNAME query still succeeds', () => {
  const broken = zone([{ name: edge, fault: 'servfail' }]);
  assert.deepEqual(broken.answer('paytm.com', 'A'), { rcode: 'SERVFAIL', answers: [], fault: null, delayMs: 0 });
  assert.equal(broken.answer('paytm.com', 'CNAME').rcode, 'NOERROR');
  assert.equal(broken.answer(edge, 'CNAME').rcode, 'SERVFAIL');
});

test('a "*.suffix" fault covers the suffix and names under it on a dot boundary only', () => {
  const broken = zone([{ name: '*.akamaiedge.net', fault: 'refused' }]);
  assert.equal(broken.answer(edge, 'A').rcode, 'REFUSED');
  assert.equal(broken.answer('akamaiedge.net', 'A').rcode, 'REFUSED');
  assert.equal(zone([{ name: '*.edge.net', fault: 'refused' }]).answer(edge, 'A').rcode, 'NOERROR');
});

test('a fault limited to some types leaves the other types alone', () => {
  const broken = zone([{ name: edge, types: ['AAAA'], fault: 'nxdomain' }]);
  assert.equal(broken.answer('paytm.com', 'AAAA').rcode, 'NXDOMAIN');
  assert.equal(broken.answer('paytm.com', 'A').rcode, 'NOERROR');
});

test('transport faults ride on the normal answer and delays add up along the chain', () => {
  const answer = zone([
    { name: 'paytm.com', delayMs: 30 },
    { name: edge, fault: 'truncate', delayMs: 20 },
  ]).answer('paytm.com', 'A');
  assert.equal(answer.rcode, 'NOERROR');
  assert.equal(answer.fault, 'truncate');
  assert.equal(answer.delayMs, 50);
  assert.equal(answer.answers.length, 3);
});

test('a CNAME loop or a chain longer than the chase limit reads SERVFAIL for address queries', () => {
  const loop = zone([], [
    { name: 'a.loop.test', type: 'CNAME', data: 'b.loop.test' },
    { name: 'b.loop.test', type: 'CNAME', data: 'a.loop.test' },
  ]);
  assert.equal(loop.answer('a.loop.test', 'A').rcode, 'SERVFAIL');
  assert.equal(loop.answer('a.loop.test', 'CNAME').rcode, 'NOERROR');
  const chain = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `h${i}.test`, type: 'CNAME' as const, data: `h${i + 1}.test` }));
  const tooLong = zone([], [...chain(MAX_CHASE + 1), { name: `h${MAX_CHASE + 1}.test`, type: 'A', data: '127.0.0.1' }]);
  assert.equal(tooLong.answer('h0.test', 'A').rcode, 'SERVFAIL');
  const justRight = zone([], [...chain(MAX_CHASE), { name: `h${MAX_CHASE}.test`, type: 'A', data: '127.0.0.1' }]);
  assert.equal(justRight.answer('h0.test', 'A').rcode, 'NOERROR');
});

test('a "*" fault applies to every name, as a dead resolver would', () => {
  const dead = zone([{ name: '*', fault: 'servfail' }]);
  for (const name of ['paytm.com', 'zomato.com', 'anything.example']) assert.equal(dead.answer(name, 'A').rcode, 'SERVFAIL', name);
  assert.equal(zone([{ name: '*.com', fault: 'servfail' }]).answer('paytm.com.edgekey.net', 'CNAME').rcode, 'NOERROR');
});

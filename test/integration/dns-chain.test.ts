// The DNS stage against the lab resolver over real UDP/TCP on 127.0.0.1: chains, pinned failures, NS, PTR.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveChain } from '../../src/dns/chain.ts';
import { lookupPtr, traceDns } from '../../src/dns/trace.ts';
import { startDnsServer } from '../../src/lab/dns-server.ts';
import type { LabDnsServer } from '../../src/lab/dns-server.ts';
import type { FaultRule, LabZoneData } from '../../src/lab/zones.ts';

const edge = 'e1234.a.akamaiedge.net';
const timeoutMs = 1000;

function paytm(faults: FaultRule[] = []): LabZoneData {
  return {
    records: [
      { name: 'paytm.com', type: 'CNAME', data: 'paytm.com.edgekey.net', ttl: 300 },
      { name: 'paytm.com.edgekey.net', type: 'CNAME', data: edge, ttl: 21600 },
      { name: edge, type: 'A', data: '127.20.0.1', ttl: 20 },
      { name: edge, type: 'A', data: '127.20.0.2', ttl: 20 },
      { name: edge, type: 'AAAA', data: '::1', ttl: 20 },
      { name: 'paytm.com', type: 'NS', data: 'a9-67.akam.net' },
      { name: 'paytm.com', type: 'NS', data: 'A1-64.akam.net.' },
      { name: 'www.paytm.com', type: 'A', data: '127.20.0.3' },
      { name: 'loop-a.test', type: 'CNAME', data: 'loop-b.test' },
      { name: 'loop-b.test', type: 'CNAME', data: 'loop-a.test' },
      { name: '1.0.20.127.in-addr.arpa', type: 'PTR', data: 'a127-20-0-1.deploy.static.akamaitechnologies.com.' },
    ],
    faults,
  };
}

describe('the DNS chain against the lab resolver', () => {
  let lab: LabDnsServer;
  before(async () => {
    lab = await startDnsServer(paytm());
  });
  after(() => lab.close());

  test('a healthy three-hop chain yields every hop with its TTL, then A and AAAA', async () => {
    lab.setData(paytm());
    const trace = await traceDns('paytm.com', [lab.resolver], { timeoutMs });
    assert.equal(trace.error, null);
    assert.deepEqual(trace.addresses, ['127.20.0.1', '127.20.0.2', '::1']);
    assert.deepEqual(
      trace.chain.map((h) => [h.name, h.type, h.data, h.ttl, h.rcode, h.resolver]),
      [
        ['paytm.com', 'CNAME', 'paytm.com.edgekey.net', 300, 'NOERROR', lab.resolver.label],
        ['paytm.com.edgekey.net', 'CNAME', edge, 21600, 'NOERROR', lab.resolver.label],
        [edge, 'A', '127.20.0.1', 20, 'NOERROR', lab.resolver.label],
        [edge, 'A', '127.20.0.2', 20, 'NOERROR', lab.resolver.label],
        [edge, 'AAAA', '::1', 20, 'NOERROR', lab.resolver.label],
      ],
    );
    assert.ok(trace.chain.every((h) => h.ms > 0 && h.ms < timeoutMs && h.tcp === undefined));
    assert.deepEqual(trace.byResolver, [{ resolver: lab.resolver.label, ok: true, addresses: trace.addresses, error: null }]);
  });

  test('walking hop by hop gives the same chain from explicit CNAME queries', async () => {
    lab.setData(paytm());
    const before = lab.queryCount();
    const walked = await resolveChain('paytm.com', lab.resolver, { timeoutMs, walk: 'always' });
    assert.equal(lab.queryCount() - before, 5);
    assert.deepEqual(walked.chain.map((h) => [h.name, h.type, h.data]), [
      ['paytm.com', 'CNAME', 'paytm.com.edgekey.net'],
      ['paytm.com.edgekey.net', 'CNAME', edge],
      [edge, 'A', '127.20.0.1'],
      [edge, 'A', '127.20.0.2'],
      [edge, 'AAAA', '::1'],
    ]);
  });

  test('SERVFAIL at the edge name is pinned to e1234.a.akamaiedge.net while the first hops still resolve', async () => {
    lab.setData(paytm([{ name: edge, fault: 'servfail' }]));
    const trace = await traceDns('paytm.com', [lab.resolver], { timeoutMs });
    assert.equal(trace.error?.code, 'SERVFAIL');
    assert.equal(trace.error?.name, edge);
    assert.equal(trace.error?.message, `dns: SERVFAIL from ${lab.resolver.label} for ${edge} (CNAME)`);
    assert.deepEqual(trace.chain.map((h) => [h.name, h.rcode]), [
      ['paytm.com', 'NOERROR'],
      ['paytm.com.edgekey.net', 'NOERROR'],
      [edge, 'SERVFAIL'],
    ]);
    assert.deepEqual(trace.addresses, []);
  });

  test('NXDOMAIN for the site’s own name is pinned to the first hop', async () => {
    lab.setData(paytm([{ name: 'paytm.com', fault: 'nxdomain' }]));
    const trace = await traceDns('paytm.com', [lab.resolver], { timeoutMs });
    assert.deepEqual([trace.error?.code, trace.error?.name], ['NXDOMAIN', 'paytm.com']);
    assert.equal(trace.chain.length, 1);
  });

  test('a truncated UDP answer is asked again over TCP and the hops say so', async () => {
    lab.setData(paytm([{ name: '*.akamaiedge.net', fault: 'truncate' }]));
    const trace = await traceDns('paytm.com', [lab.resolver], { timeoutMs });
    assert.equal(trace.error, null);
    assert.deepEqual(trace.addresses, ['127.20.0.1', '127.20.0.2', '::1']);
    assert.ok(trace.chain.every((h) => h.tcp === true));
  });

  test('a CNAME loop is CNAME_LOOP, found by walking after the resolver’s SERVFAIL', async () => {
    lab.setData(paytm());
    const trace = await traceDns('loop-a.test', [lab.resolver], { timeoutMs });
    assert.equal(trace.error?.code, 'CNAME_LOOP');
    assert.equal(trace.error?.name, 'loop-b.test');
    assert.deepEqual(trace.chain.map((h) => h.data), ['loop-b.test', 'loop-a.test']);
  });

  test('NS is asked for the registrable domain of www.paytm.com, in parallel with the chain', async () => {
    lab.setData(paytm());
    const trace = await traceDns('www.paytm.com', [lab.resolver], { timeoutMs });
    assert.equal(trace.zone, 'paytm.com');
    assert.deepEqual(trace.nameservers, ['a1-64.akam.net', 'a9-67.akam.net']);
    assert.equal(trace.nsError, null);
    assert.deepEqual(trace.addresses, ['127.20.0.3']);
  });

  test('the PTR name of an edge address is found, and an address without one gives null', async () => {
    lab.setData(paytm());
    assert.equal(await lookupPtr('127.20.0.1', lab.resolver, { timeoutMs }), 'a127-20-0-1.deploy.static.akamaitechnologies.com');
    assert.equal(await lookupPtr('127.20.0.9', lab.resolver, { timeoutMs }), null);
  });
});

describe('two lab resolvers that disagree', () => {
  let good: LabDnsServer;
  let twin: LabDnsServer;
  let broken: LabDnsServer;
  before(async () => {
    [good, twin, broken] = await Promise.all([startDnsServer(paytm()), startDnsServer(paytm()), startDnsServer(paytm([{ name: edge, fault: 'servfail' }]))]);
  });
  after(() => Promise.all([good.close(), twin.close(), broken.close()]));

  test('every resolver is asked, the healthy one is primary, and the failing hop is a disagreement', async () => {
    const trace = await traceDns('paytm.com', [broken.resolver, good.resolver], { timeoutMs });
    assert.deepEqual(trace.resolvers, [broken.resolver.label, good.resolver.label]);
    assert.equal(trace.error, null);
    assert.ok(trace.chain.every((h) => h.resolver === good.resolver.label));
    assert.deepEqual(trace.byResolver.map((o) => [o.resolver, o.ok, o.error?.code ?? null, o.error?.name ?? null]), [
      [broken.resolver.label, false, 'SERVFAIL', edge],
      [good.resolver.label, true, null, null],
    ]);
    assert.deepEqual(trace.disagreements, [
      {
        name: edge,
        type: 'CNAME',
        answers: [
          { resolver: broken.resolver.label, rcode: 'SERVFAIL', data: [] },
          { resolver: good.resolver.label, rcode: 'NOERROR', data: [] },
        ],
      },
    ]);
  });

  test('resolvers with the same data do not disagree', async () => {
    const trace = await traceDns('paytm.com', [good.resolver, twin.resolver], { timeoutMs });
    assert.deepEqual(trace.byResolver.map((o) => o.ok), [true, true]);
    assert.deepEqual(trace.disagreements, []);
  });
});

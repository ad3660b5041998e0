// The DNS stage over a fake querier: primary resolver choice, NS of the registrable domain, disagreements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDisagreements, lookupPtr, registrableDomain, traceDns } from '../../../src/dns/trace.ts';
import type { Answer, Querier, QueryResult } from '../../../src/dns/query.ts';
import type { Hop, RecordType, ResolverAddress } from '../../../src/types.ts';

const r1: ResolverAddress = { host: '127.0.0.1', port: 53, label: '127.0.0.1:53' };
const r2: ResolverAddress = { host: '127.0.0.2', port: 53, label: '127.0.0.2:53' };

function ok(answers: Answer[], rcode = 'NOERROR'): QueryResult {
  return { ok: true, rcode, answers, authorities: [], ms: 1, tcp: false };
}

/** One table per resolver label; missing keys are NXDOMAIN. */
function fake(tables: Record<string, Record<string, QueryResult>>, asked: string[] = []): Querier {
  return async (resolver: ResolverAddress, name: string, type: RecordType) => {
    asked.push(`${resolver.label} ${name} ${type}`);
    return tables[resolver.label]?.[`${name} ${type}`] ?? ok([], 'NXDOMAIN');
  };
}

const healthy = {
  'www.paytm.com A': ok([{ name: 'www.paytm.com', type: 'A', data: '127.20.0.1', ttl: 20 }]),
  'www.paytm.com AAAA': ok([]),
  'paytm.com NS': ok([
    { name: 'paytm.com', type: 'NS', data: 'a9-67.akam.net', ttl: 3600 },
    { name: 'paytm.com', type: 'NS', data: 'a1-64.akam.net', ttl: 3600 },
    { name: 'paytm.com', type: 'NS', data: 'a1-64.akam.net', ttl: 3600 },
  ]),
};

test('the chain comes from the first resolver that resolved the name, and every resolver has an outcome', async () => {
  const trace = await traceDns('www.paytm.com', [r1, r2], { timeoutMs: 100, query: fake({ [r2.label]: healthy }) });
  assert.deepEqual(trace.resolvers, ['127.0.0.1:53', '127.0.0.2:53']);
  assert.equal(trace.error, null);
  assert.deepEqual(trace.addresses, ['127.20.0.1']);
  assert.ok(trace.chain.every((h) => h.resolver === '127.0.0.2:53'));
  assert.deepEqual(trace.byResolver.map((o) => [o.resolver, o.ok, o.error?.code ?? null]), [
    ['127.0.0.1:53', false, 'NXDOMAIN'],
    ['127.0.0.2:53', true, null],
  ]);
  assert.deepEqual(trace.disagreements.map((d) => [d.name, d.type]), [['www.paytm.com', 'CNAME']]);
});

test('when every resolver fails the first one is the primary', async () => {
  const trace = await traceDns('www.paytm.com', [r1, r2], { timeoutMs: 100, query: fake({}) });
  assert.equal(trace.error?.resolver, '127.0.0.1:53');
  assert.equal(trace.byResolver.every((o) => !o.ok), true);
  assert.deepEqual(trace.disagreements, []);
});

test('NS is asked for the registrable domain and listed lower case, de-duplicated and sorted', async () => {
  const asked: string[] = [];
  const trace = await traceDns('www.paytm.com', [r1], { timeoutMs: 100, query: fake({ [r1.label]: healthy }, asked) });
  assert.ok(asked.includes('127.0.0.1:53 paytm.com NS'));
  assert.equal(trace.zone, 'paytm.com');
  assert.deepEqual(trace.nameservers, ['a1-64.akam.net', 'a9-67.akam.net']);
  assert.equal(trace.nsError, null);
});

test('a failed NS lookup is an nsError pinned to the zone, and an empty one is NODATA', async () => {
  const failed = await traceDns('www.paytm.com', [r1], { timeoutMs: 100, query: fake({ [r1.label]: { ...healthy, 'paytm.com NS': ok([], 'SERVFAIL') } }) });
  assert.deepEqual([failed.nsError?.code, failed.nsError?.name, failed.nsError?.type], ['SERVFAIL', 'paytm.com', 'NS']);
  const empty = await traceDns('www.paytm.com', [r1], { timeoutMs: 100, query: fake({ [r1.label]: { ...healthy, 'paytm.com NS': ok([]) } }) });
  assert.equal(empty.nsError?.code, 'NODATA');
  assert.deepEqual(empty.nameservers, []);
});

test('NS is not asked when disabled', async () => {
  const asked: string[] = [];
  const trace = await traceDns('www.paytm.com', [r1], { timeoutMs: 100, nameservers: false, query: fake({ [r1.label]: healthy }, asked) });
  assert.equal(trace.zone, null);
  assert.ok(!asked.some((q) => q.endsWith(' NS')));
});

const domains: [host: string, zone: string | null][] = [
  ['www.paytm.com', 'paytm.com'],
  ['paytm.com', 'paytm.com'],
  ['e1234.a.akamaiedge.net', 'akamaiedge.net'],
  ['www.example.co.uk', 'example.co.uk'],
  ['co.uk', null],
  ['com', null],
  ['192.0.2.1', null],
  // The PSL's private section (CDN and hosting names) is not used: the NS asked are those of the zone the
  // provider registered (cloudfront.net), not of a customer's label under it.
  ['d111111abcdef8.cloudfront.net', 'cloudfront.net'],
  ['site.github.io', 'github.io'],
  ['app.herokuapp.com', 'herokuapp.com'],
];

for (const [host, zone] of domains) {
  test(`the registrable domain of ${host} is ${zone ?? 'none'}`, () => {
    assert.equal(registrableDomain(host), zone);
  });
}

const hop = (resolver: string, name: string, type: RecordType, data: string | null, rcode = 'NOERROR', ttl = 60): Hop => ({ name, type, data, ttl, rcode, resolver, ms: 1 });

test('resolvers that agree on every name (TTLs aside, order aside) do not disagree', () => {
  const one = [hop('r1', 'x.example', 'A', '127.0.0.1', 'NOERROR', 60), hop('r1', 'x.example', 'A', '127.0.0.2')];
  const two = [hop('r2', 'x.example', 'A', '127.0.0.2', 'NOERROR', 5), hop('r2', 'x.example', 'A', '127.0.0.1', 'NOERROR', 5)];
  assert.deepEqual(findDisagreements([{ resolver: 'r1', chain: one }, { resolver: 'r2', chain: two }]), []);
});

test('another address set at the same name is a disagreement listing each resolver’s answer', () => {
  const out = findDisagreements([
    { resolver: 'r1', chain: [hop('r1', 'x.example', 'A', '127.0.0.1')] },
    { resolver: 'r2', chain: [hop('r2', 'x.example', 'A', '127.0.0.9')] },
  ]);
  assert.deepEqual(out, [{ name: 'x.example', type: 'A', answers: [{ resolver: 'r1', rcode: 'NOERROR', data: ['127.0.0.1'] }, { resolver: 'r2', rcode: 'NOERROR', data: ['127.0.0.9'] }] }]);
});

test('a CNAME query one resolver fails is a disagreement with a resolver that answered that name’s addresses', () => {
  const out = findDisagreements([
    { resolver: 'r1', chain: [hop('r1', 'e.example', 'A', '127.0.0.1')] },
    { resolver: 'r2', chain: [hop('r2', 'e.example', 'CNAME', null, 'SERVFAIL')] },
  ]);
  assert.deepEqual(out.map((d) => [d.name, d.type, d.answers.map((a) => a.rcode)]), [['e.example', 'CNAME', ['NOERROR', 'SERVFAIL']]]);
});

test('names only one resolver reached are not compared', () => {
  const out = findDisagreements([
    { resolver: 'r1', chain: [hop('r1', 'only-here.example', 'A', '127.0.0.1')] },
    { resolver: 'r2', chain: [hop('r2', 'elsewhere.example', 'A', '127.0.0.1')] },
  ]);
  assert.deepEqual(out, []);
});

test('the PTR name of an address is looked up under in-addr.arpa, and non-addresses or failures give null', async () => {
  const asked: string[] = [];
  const query = fake({ [r1.label]: { '1.0.20.127.in-addr.arpa PTR': ok([{ name: '1.0.20.127.in-addr.arpa', type: 'PTR', data: 'a23-1-2-3.deploy.static.akamaitechnologies.com', ttl: 60 }]) } }, asked);
  assert.equal(await lookupPtr('127.20.0.1', r1, { timeoutMs: 100, query }), 'a23-1-2-3.deploy.static.akamaitechnologies.com');
  assert.equal(await lookupPtr('127.20.0.2', r1, { timeoutMs: 100, query }), null);
  assert.equal(await lookupPtr('not-an-ip', r1, { timeoutMs: 100, query }), null);
  assert.deepEqual(asked, ['127.0.0.1:53 1.0.20.127.in-addr.arpa PTR', '127.0.0.1:53 2.0.20.127.in-addr.arpa PTR']);
});

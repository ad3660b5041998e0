// Chain walking over a fake querier: hops in order, failures pinned to the hop, loops and long chains caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CNAME_HOPS, linkAnswer, resolveChain } from '../../../src/dns/chain.ts';
import type { Answer, Querier, QueryResult } from '../../../src/dns/query.ts';
import type { RecordType, ResolverAddress } from '../../../src/types.ts';

const resolver: ResolverAddress = { host: '127.0.0.1', port: 5353, label: '127.0.0.1:5353' };
const opts = { timeoutMs: 1000 };

type Table = Record<string, QueryResult>;

/** Answers from a table keyed "name TYPE"; anything missing is NXDOMAIN. Records every question asked. */
function fake(table: Table): Querier & { asked: string[] } {
  const asked: string[] = [];
  const querier = async (_r: ResolverAddress, name: string, type: RecordType): Promise<QueryResult> => {
    asked.push(`${name} ${type}`);
    return table[`${name} ${type}`] ?? noerror([], 'NXDOMAIN');
  };
  return Object.assign(querier, { asked });
}

function noerror(answers: Answer[], rcode = 'NOERROR', ms = 5): QueryResult {
  return { ok: true, rcode, answers, authorities: [], ms, tcp: false };
}

const cname = (name: string, data: string, ttl = 300): Answer => ({ name, type: 'CNAME', data, ttl });
const a = (name: string, data: string, ttl = 20): Answer => ({ name, type: 'A', data, ttl });
const aaaa = (name: string, data: string, ttl = 20): Answer => ({ name, type: 'AAAA', data, ttl });

const hop1 = cname('paytm.com', 'paytm.com.edgekey.net', 300);
const hop2 = cname('paytm.com.edgekey.net', 'e1234.a.akamaiedge.net', 60);
const edge = 'e1234.a.akamaiedge.net';

/** A resolver that answers the paytm chain both ways: whole chains for A/AAAA, one hop per CNAME query. */
function paytm(overrides: Table = {}): Table {
  return {
    'paytm.com A': noerror([hop1, hop2, a(edge, '127.20.0.1'), a(edge, '127.20.0.2')], 'NOERROR', 7),
    'paytm.com AAAA': noerror([hop1, hop2, aaaa(edge, '::1')], 'NOERROR', 8),
    'paytm.com CNAME': noerror([hop1], 'NOERROR', 3),
    'paytm.com.edgekey.net CNAME': noerror([hop2], 'NOERROR', 4),
    [`${edge} CNAME`]: noerror([]),
    [`${edge} A`]: noerror([a(edge, '127.20.0.1'), a(edge, '127.20.0.2')], 'NOERROR', 2),
    [`${edge} AAAA`]: noerror([aaaa(edge, '::1')], 'NOERROR', 2),
    ...overrides,
  };
}

test('a complete answer to A and AAAA is used as is: hops in order with TTLs and each query’s ms', async () => {
  const query = fake(paytm());
  const result = await resolveChain('PayTM.com.', resolver, { ...opts, query });
  // The host's CNAME goes out alongside, in case the fast path fails (see the walk tests below).
  assert.deepEqual(query.asked.sort(), ['paytm.com A', 'paytm.com AAAA', 'paytm.com CNAME']);
  assert.equal(result.error, null);
  assert.deepEqual(result.addresses, ['127.20.0.1', '127.20.0.2', '::1']);
  assert.deepEqual(
    result.chain.map((h) => [h.name, h.type, h.data, h.ttl, h.rcode, h.ms]),
    [
      ['paytm.com', 'CNAME', 'paytm.com.edgekey.net', 300, 'NOERROR', 7],
      ['paytm.com.edgekey.net', 'CNAME', edge, 60, 'NOERROR', 7],
      [edge, 'A', '127.20.0.1', 20, 'NOERROR', 7],
      [edge, 'A', '127.20.0.2', 20, 'NOERROR', 7],
      [edge, 'AAAA', '::1', 20, 'NOERROR', 8],
    ],
  );
  assert.ok(result.chain.every((h) => h.resolver === '127.0.0.1:5353'));
});

test('walk "always" asks hop by hop with explicit CNAME queries and gives the same chain with per-query ms', async () => {
  const query = fake(paytm());
  const result = await resolveChain('paytm.com', resolver, { ...opts, query, walk: 'always' });
  assert.deepEqual(query.asked, ['paytm.com CNAME', 'paytm.com.edgekey.net CNAME', `${edge} CNAME`, `${edge} A`, `${edge} AAAA`]);
  assert.equal(result.error, null);
  assert.deepEqual(result.chain.map((h) => [h.name, h.type, h.data, h.ms]), [
    ['paytm.com', 'CNAME', 'paytm.com.edgekey.net', 3],
    ['paytm.com.edgekey.net', 'CNAME', edge, 4],
    [edge, 'A', '127.20.0.1', 2],
    [edge, 'A', '127.20.0.2', 2],
    [edge, 'AAAA', '::1', 2],
  ]);
});

test('a SERVFAIL behind cached first hops is pinned to the third hop, not reported as "lookup failed"', async () => {
  const servfail = noerror([], 'SERVFAIL');
  const query = fake(paytm({ 'paytm.com A': servfail, 'paytm.com AAAA': servfail, [`${edge} CNAME`]: servfail }));
  const result = await resolveChain('paytm.com', resolver, { ...opts, query });
  assert.deepEqual(result.addresses, []);
  assert.deepEqual(result.error, {
    code: 'SERVFAIL',
    rcode: 'SERVFAIL',
    name: edge,
    type: 'CNAME',
    resolver: '127.0.0.1:5353',
    message: 'dns: SERVFAIL from 127.0.0.1:5353 for e1234.a.akamaiedge.net (CNAME)',
  });
  assert.deepEqual(result.chain.map((h) => [h.name, h.rcode, h.data]), [
    ['paytm.com', 'NOERROR', 'paytm.com.edgekey.net'],
    ['paytm.com.edgekey.net', 'NOERROR', edge],
    [edge, 'SERVFAIL', null],
  ]);
});

test('a failure of the final A query alone is pinned to that name and type', async () => {
  const servfail = noerror([], 'SERVFAIL');
  const query = fake(paytm({ 'paytm.com A': servfail, 'paytm.com AAAA': noerror([hop1, hop2]), [`${edge} A`]: servfail, [`${edge} AAAA`]: noerror([]) }));
  const result = await resolveChain('paytm.com', resolver, { ...opts, query });
  assert.equal(result.error?.code, 'SERVFAIL');
  assert.equal(result.error?.name, edge);
  assert.equal(result.error?.type, 'A');
});

test('an address for one family is enough: a failing AAAA leaves the hop visible but no error', async () => {
  const query = fake(paytm({ 'paytm.com AAAA': noerror([], 'SERVFAIL'), [`${edge} AAAA`]: noerror([], 'SERVFAIL') }));
  const result = await resolveChain('paytm.com', resolver, { ...opts, query });
  assert.equal(result.error, null);
  assert.deepEqual(result.addresses, ['127.20.0.1', '127.20.0.2']);
  assert.equal(result.chain.at(-1)?.rcode, 'SERVFAIL');
});

test('NXDOMAIN for the target itself is pinned to the first hop', async () => {
  const query = fake({});
  const result = await resolveChain('paytm.com', resolver, { ...opts, query });
  assert.equal(result.error?.code, 'NXDOMAIN');
  assert.equal(result.error?.name, 'paytm.com');
  assert.equal(result.chain.length, 1);
});

test('a timeout at the second hop reads TIMEOUT at that hop with the querier’s message', async () => {
  const timeout: QueryResult = { ok: false, rcode: 'TIMEOUT', error: { code: 'TIMEOUT', message: 'dns: TIMEOUT from 127.0.0.1:5353 for paytm.com.edgekey.net (CNAME): no answer' }, ms: 1000, tcp: false };
  const query = fake(paytm({ 'paytm.com A': timeout, 'paytm.com.edgekey.net CNAME': timeout }));
  const result = await resolveChain('paytm.com', resolver, { ...opts, query });
  assert.equal(result.error?.code, 'TIMEOUT');
  assert.equal(result.error?.name, 'paytm.com.edgekey.net');
  assert.match(result.error?.message ?? '', /TIMEOUT from 127\.0\.0\.1:5353 for paytm\.com\.edgekey\.net/);
  assert.deepEqual(result.chain.at(-1), { name: 'paytm.com.edgekey.net', type: 'CNAME', data: null, ttl: null, rcode: 'TIMEOUT', resolver: '127.0.0.1:5353', ms: 1000 });
});

test('a chain whose addresses belong to a name it never reaches is not trusted: the walk decides', async () => {
  const query = fake(paytm({ 'paytm.com A': noerror([hop1, a('elsewhere.example', '127.9.9.9')]) }));
  const result = await resolveChain('paytm.com', resolver, { ...opts, query });
  assert.ok(query.asked.includes('paytm.com CNAME'));
  assert.deepEqual(result.addresses, ['127.20.0.1', '127.20.0.2', '::1']);
});

test('A and AAAA answers with different chains are not trusted either', async () => {
  const query = fake(paytm({ 'paytm.com AAAA': noerror([cname('paytm.com', 'other.example'), aaaa('other.example', '::2')]) }));
  await resolveChain('paytm.com', resolver, { ...opts, query });
  assert.ok(query.asked.includes('paytm.com CNAME'));
});

test('a CNAME loop is CNAME_LOOP at the name that points back', async () => {
  const query = fake({ 'a.example CNAME': noerror([cname('a.example', 'b.example')]), 'b.example CNAME': noerror([cname('b.example', 'a.example')]), 'a.example A': noerror([], 'SERVFAIL') });
  const result = await resolveChain('a.example', resolver, { ...opts, query });
  assert.equal(result.error?.code, 'CNAME_LOOP');
  assert.equal(result.error?.rcode, 'NOERROR');
  assert.equal(result.error?.name, 'b.example');
  assert.match(result.error?.message ?? '', /^dns: CNAME_LOOP from 127\.0\.0\.1:5353 for b\.example \(CNAME\): a\.example is already on the chain$/);
  assert.equal(result.chain.length, 2);
});

function longChain(cnames: number): Table {
  const table: Table = {};
  for (let i = 0; i < cnames; i++) table[`h${i}.example CNAME`] = noerror([cname(`h${i}.example`, `h${i + 1}.example`)]);
  table[`h${cnames}.example CNAME`] = noerror([]);
  table[`h${cnames}.example A`] = noerror([a(`h${cnames}.example`, '127.0.0.9')]);
  table[`h${cnames}.example AAAA`] = noerror([]);
  return table;
}

test('a chain of 17 CNAME hops is CHAIN_TOO_LONG', async () => {
  const result = await resolveChain('h0.example', resolver, { ...opts, query: fake(longChain(MAX_CNAME_HOPS + 1)), walk: 'always' });
  assert.equal(result.error?.code, 'CHAIN_TOO_LONG');
  assert.equal(result.chain.length, MAX_CNAME_HOPS + 1);
});

test('a chain of exactly 16 CNAME hops still resolves', async () => {
  const result = await resolveChain('h0.example', resolver, { ...opts, query: fake(longChain(MAX_CNAME_HOPS)), walk: 'always' });
  assert.equal(result.error, null);
  assert.deepEqual(result.addresses, ['127.0.0.9']);
});

test('a query the run’s deadline cut short keeps rcode TIMEOUT but reads code DEADLINE: the resolver was not given its time', async () => {
  const cut: QueryResult = { ok: false, rcode: 'TIMEOUT', error: { code: 'DEADLINE', message: 'dns: TIMEOUT (DEADLINE) from 127.0.0.1:5353 for paytm.com.edgekey.net (CNAME): deadline reached before an answer' }, ms: 40, tcp: false };
  const result = await resolveChain('paytm.com', resolver, { ...opts, query: fake(paytm({ 'paytm.com A': cut, 'paytm.com.edgekey.net CNAME': cut })) });
  assert.equal(result.error?.code, 'DEADLINE');
  assert.equal(result.error?.rcode, 'TIMEOUT');
  assert.equal(result.chain.at(-1)?.rcode, 'TIMEOUT');
});

test('no address of either family for the final name is NODATA there, with empty A and AAAA hops', async () => {
  const query = fake(paytm({ 'paytm.com A': noerror([hop1, hop2]), 'paytm.com AAAA': noerror([hop1, hop2]), [`${edge} A`]: noerror([]), [`${edge} AAAA`]: noerror([]) }));
  const result = await resolveChain('paytm.com', resolver, { ...opts, query });
  assert.equal(result.error?.code, 'NODATA');
  assert.equal(result.error?.rcode, 'NOERROR');
  assert.equal(result.error?.name, edge);
  assert.deepEqual(result.chain.slice(-2).map((h) => [h.type, h.data]), [['A', null], ['AAAA', null]]);
});

test('linking an answer section follows owners in order and reports a loop inside one answer', () => {
  assert.deepEqual(linkAnswer([hop2, hop1, a(edge, '127.0.0.1')], 'paytm.com'), { ok: true, cnames: [hop1, hop2], final: edge });
  const looped = linkAnswer([cname('x.example', 'y.example'), cname('y.example', 'x.example')], 'x.example');
  assert.equal(looped.ok, false);
  assert.deepEqual(linkAnswer([a('x.example', '127.0.0.1')], 'x.example'), { ok: true, cnames: [], final: 'x.example' });
});

test('without speculation a complete answer costs exactly two queries (bulk sweeps)', async () => {
  const query = fake(paytm());
  await resolveChain('paytm.com', resolver, { ...opts, query, speculate: false });
  assert.deepEqual(query.asked.sort(), ['paytm.com A', 'paytm.com AAAA']);
});

test('when the fast path fails the walk reuses the CNAME answer it already has: no second query for the first hop', async () => {
  const query = fake(paytm({ 'paytm.com A': { ok: true, rcode: 'SERVFAIL', answers: [], authorities: [], ms: 5, tcp: false }, [`${edge} CNAME`]: { ok: true, rcode: 'SERVFAIL', answers: [], authorities: [], ms: 5, tcp: false } }));
  const result = await resolveChain('paytm.com', resolver, { ...opts, query });
  assert.equal(query.asked.filter((q) => q === 'paytm.com CNAME').length, 1);
  assert.equal(result.error?.name, edge);
  assert.equal(result.error?.code, 'SERVFAIL');
});

test('each CNAME hop is reported as soon as it is known, the first before the walk ends', async () => {
  const seen: string[] = [];
  const query = fake(paytm({ 'paytm.com A': { ok: true, rcode: 'SERVFAIL', answers: [], authorities: [], ms: 5, tcp: false }, [`${edge} CNAME`]: { ok: true, rcode: 'SERVFAIL', answers: [], authorities: [], ms: 5, tcp: false } }));
  await resolveChain('paytm.com', resolver, { ...opts, query, emit: (e) => e.type === 'hop' && seen.push(`${e.hop.name} → ${e.hop.data}`) });
  assert.deepEqual([...new Set(seen)], ['paytm.com → paytm.com.edgekey.net', `paytm.com.edgekey.net → ${edge}`]);
});

const servfail: QueryResult = { ok: true, rcode: 'SERVFAIL', answers: [], authorities: [], ms: 5, tcp: false };
const timedOut: QueryResult = { ok: false, rcode: 'TIMEOUT', error: { code: 'TIMEOUT', message: 'no answer within 1000 ms' }, ms: 1000, tcp: false };

test('trouble is told as soon as the first answers fail, before the walk that pins the failed hop', async () => {
  const events: string[] = [];
  const table = fake(paytm({ 'paytm.com A': servfail, [`${edge} CNAME`]: servfail }));
  const query: Querier = async (r, name, type, o) => {
    events.push(`ask ${name} ${type}`);
    return table(r, name, type, o);
  };
  await resolveChain('paytm.com', resolver, { ...opts, query, emit: (e) => e.type === 'trouble' && events.push('trouble') });
  const trouble = events.indexOf('trouble');
  assert.ok(trouble > 0, 'trouble was told');
  assert.equal(events.filter((e) => e === 'trouble').length, 1);
  assert.ok(trouble < events.indexOf('ask paytm.com.edgekey.net CNAME'), 'before the walk asks the second hop');
});

for (const [label, overrides] of [
  ['A answered NXDOMAIN', { 'paytm.com A': noerror([], 'NXDOMAIN') }],
  ['AAAA timed out', { 'paytm.com AAAA': timedOut }],
] as [string, Table][]) {
  test(`trouble is told when ${label}`, async () => {
    let told = 0;
    await resolveChain('paytm.com', resolver, { ...opts, query: fake(paytm(overrides)), emit: (e) => e.type === 'trouble' && told++ });
    assert.equal(told, 1);
  });
}

for (const [label, overrides] of [
  ['the answer is complete', {}],
  ['AAAA has no record (NODATA is an answer)', { 'paytm.com AAAA': noerror([hop1, hop2]) }],
  ['A and AAAA name different chains (the walk reads it, nothing failed)', { 'paytm.com AAAA': noerror([cname('paytm.com', 'other.example.net'), aaaa('other.example.net', '::1')]) }],
] as [string, Table][]) {
  test(`no trouble is told when ${label}`, async () => {
    let told = 0;
    await resolveChain('paytm.com', resolver, { ...opts, query: fake(paytm(overrides)), emit: (e) => e.type === 'trouble' && told++ });
    assert.equal(told, 0);
  });
}

test('-4 asks only A for the addresses, on the fast path and on the walk, and the chain holds no AAAA hop', async () => {
  for (const walk of ['auto', 'always'] as const) {
    const query = fake(paytm());
    const result = await resolveChain('paytm.com', resolver, { ...opts, query, walk, family: 4 });
    assert.ok(!query.asked.some((q) => q.endsWith(' AAAA')), `${walk}: ${query.asked.join(', ')}`);
    assert.deepEqual(result.addresses, ['127.20.0.1', '127.20.0.2'], walk);
    assert.ok(result.chain.every((h) => h.type !== 'AAAA'), walk);
    assert.deepEqual(result.chain.filter((h) => h.type === 'CNAME').map((h) => h.data), ['paytm.com.edgekey.net', edge], walk);
  }
});

test('-6 asks only AAAA, and a name with only A records is NODATA for AAAA', async () => {
  const query = fake(paytm());
  const six = await resolveChain('paytm.com', resolver, { ...opts, query, family: 6 });
  assert.ok(!query.asked.some((q) => q.endsWith(' A')), query.asked.join(', '));
  assert.deepEqual(six.addresses, ['::1']);
  const v4only = fake(paytm({ 'paytm.com AAAA': noerror([hop1, hop2]), [`${edge} AAAA`]: noerror([]) }));
  const none = await resolveChain('paytm.com', resolver, { ...opts, query: v4only, family: 6 });
  assert.equal(none.error?.code, 'NODATA');
  assert.equal(none.error?.type, 'AAAA');
  assert.match(none.error?.message ?? '', /AAAA/);
  assert.doesNotMatch(none.error?.message ?? '', /A\/AAAA/);
});

test('-4 still pins a failure of the one family asked to its hop', async () => {
  const query = fake(paytm({ 'paytm.com A': servfailResult(), [`${edge} A`]: servfailResult() }));
  const result = await resolveChain('paytm.com', resolver, { ...opts, query, family: 4 });
  assert.equal(result.error?.code, 'SERVFAIL');
  assert.equal(result.error?.name, edge);
  assert.equal(result.error?.type, 'A');
});

function servfailResult(): QueryResult {
  return { ok: true, rcode: 'SERVFAIL', answers: [], authorities: [], ms: 5, tcp: false };
}

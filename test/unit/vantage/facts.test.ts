import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readCreated, readMeasurement, type ApiMeasurement } from '../../../src/vantage/api.ts';
import { countryTally, probeHealth, vantageProbes } from '../../../src/vantage/facts.ts';
import type { VantageDns, VantageHttp } from '../../../src/vantage/types.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/globalping/${name}`, import.meta.url), 'utf8'));

function measurement(name: string): ApiMeasurement {
  const m = readMeasurement(fixture(name));
  assert.ok(m, `${name} reads as a measurement`);
  return m;
}

const probe = { continent: 'AS', region: 'Southern Asia', country: 'IN', state: null, city: 'Mumbai', asn: 9498, network: 'Bharti Airtel Ltd.', tags: [], resolvers: ['private'], latitude: 0, longitude: 0 };
const api = (type: string, results: Record<string, unknown>[], status = 'finished'): ApiMeasurement => {
  const m = readMeasurement({ id: 'abc123', type, status, results: results.map((result) => ({ probe, result })) });
  assert.ok(m);
  return m;
};

describe('Globalping results → vantage facts, from the API documentation\'s own examples', () => {
  test('the documented create response reads as an id and a probe count', () => {
    assert.deepEqual(readCreated(fixture('create.json')), { id: 'PY5fMsREMmIq45VR', probesCount: 1 });
  });
  test('the documented DNS example: NOERROR, the CNAME chain then four addresses, the Sydney probe up', () => {
    const [p] = vantageProbes(measurement('dns-simple.json'), null);
    assert.ok(p);
    assert.deepEqual([p.country, p.city, p.asn, p.health], ['AU', 'Sydney', 202422, 'up']);
    assert.equal(p.dns?.rcode, 'NOERROR');
    assert.deepEqual(p.dns?.answers.map((a) => a.type), ['CNAME', 'A', 'A', 'A', 'A']);
    assert.equal(p.dns?.answers[0]?.value, 'jsdelivr.map.fastly.net.');
    assert.equal(p.dns?.totalMs, 99);
  });
  test('the documented HTTP example: 200 with timings and a verified certificate, the Seoul probe up', () => {
    const [p] = vantageProbes(null, measurement('http.json'));
    assert.ok(p);
    assert.deepEqual([p.country, p.health, p.http?.statusCode, p.http?.resolvedAddress, p.http?.tlsAuthorized], ['KR', 'up', 200, '104.16.88.20', true]);
    assert.deepEqual(p.http?.timings, { total: 325, dns: 37, tcp: 32, tls: 36, firstByte: 219 });
  });
  test('DNS and HTTP results pair up probe by probe (the HTTP measurement reuses the DNS one\'s probes)', () => {
    const dns = api('dns', [{ status: 'finished', statusCodeName: 'NOERROR', answers: [{ name: 'a.', type: 'A', value: '192.0.2.1' }] }, { status: 'finished', statusCodeName: 'SERVFAIL', answers: [] }]);
    const http = api('http', [{ status: 'finished', statusCode: 200 }, { status: 'failed', failureSource: 'resolver', rawOutput: 'getaddrinfo EAI_AGAIN a' }]);
    assert.deepEqual(vantageProbes(dns, http).map((p) => [p.health, p.detail]), [['up', null], ['down', 'DNS SERVFAIL']]);
  });
});

describe('one probe\'s health', () => {
  const dns = (over: Partial<VantageDns> = {}): VantageDns => ({ status: 'finished', rcode: 'NOERROR', answers: [{ name: 'x.', type: 'A', value: '192.0.2.1' }], resolver: null, totalMs: 5, failureSource: null, ...over });
  const http = (over: Partial<VantageHttp> = {}): VantageHttp => ({ status: 'finished', statusCode: 200, resolvedAddress: null, timings: { total: 1, dns: 1, tcp: 1, tls: 1, firstByte: 1 }, tlsAuthorized: true, failureSource: null, message: null, ...over });
  const table: [string, VantageDns | null, VantageHttp | null, string, string | null][] = [
    ['200 is up', dns(), http(), 'up', null],
    ['a redirect is up: the site answered (probes never follow it)', dns(), http({ statusCode: 301 }), 'up', null],
    ['404 is up: the site answered', dns(), http({ statusCode: 404 }), 'up', null],
    ['503 is down', dns(), http({ statusCode: 503 }), 'down', 'HTTP 503'],
    ['SERVFAIL is down whatever HTTP says', dns({ rcode: 'SERVFAIL', answers: [] }), http({ status: 'failed', failureSource: 'resolver' }), 'down', 'DNS SERVFAIL'],
    ['NOERROR without an address is down', dns({ answers: [{ name: 'x.', type: 'CNAME', value: 'y.' }] }), null, 'down', 'DNS: no address'],
    ['a failed DNS test is down', dns({ status: 'failed', rcode: null, failureSource: 'resolver' }), null, 'down', 'DNS failed (resolver)'],
    ['HTTP failed at the target is down, with the probe\'s words', dns(), http({ status: 'failed', statusCode: null, failureSource: 'target', message: 'ECONNREFUSED' }), 'down', 'HTTP failed at the target: ECONNREFUSED'],
    ['an offline probe is unknown, never down', dns({ status: 'offline' }), http({ status: 'offline' }), 'unknown', 'probe offline'],
    ['an unfinished test is unknown', dns(), http({ status: 'in-progress', statusCode: null }), 'unknown', 'no result before the deadline'],
    ['an internal probe failure is unknown', dns({ status: 'failed', failureSource: 'internal' }), null, 'unknown', 'the probe failed (internal)'],
    ['an invalid certificate still answered: up (the probe reports it, never stops at it)', dns(), http({ tlsAuthorized: false }), 'up', null],
  ];
  for (const [name, d, h, health, detail] of table) {
    test(name, () => assert.deepEqual(probeHealth(d, h), { health, detail }));
  }
});

describe('what the API says is untrusted', () => {
  test('escape sequences and over-long strings from the API are sanitised and bounded', () => {
    const m = readMeasurement({
      id: 'x1',
      type: 'http',
      status: 'finished',
      results: [{ probe: { ...probe, city: '\u001b[2JEvil\u0007', network: 'n'.repeat(5000) }, result: { status: 'failed', failureSource: 'target', rawOutput: '\u001b]0;title\u0007boom\nsecond line' } }],
    });
    assert.ok(m);
    const [p] = vantageProbes(null, m);
    assert.ok(p);
    for (const s of [p.city ?? '', p.network ?? '', p.detail ?? '']) assert.ok(![...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f), JSON.stringify(s));
    assert.ok((p.network ?? '').length <= 80);
  });
  test('wrong types and missing parts are dropped, not trusted', () => {
    assert.equal(readMeasurement({ id: 5, status: 'finished', results: [] }), null);
    assert.equal(readMeasurement('nope'), null);
    assert.equal(readCreated({ id: '../../etc', probesCount: 1 }), null);
    const m = readMeasurement({ id: 'a', type: 'dns', status: 'finished', results: [{ probe: 'x', result: {} }, { probe, result: { status: 'finished', statusCodeName: 7, answers: 'no' } }] });
    assert.equal(m?.results.length, 1);
    const [p] = vantageProbes(m, null);
    assert.deepEqual(p?.dns?.answers, []);
    assert.equal(p?.dns?.rcode, null);
  });
});

describe('per-country tally', () => {
  test('counts up, down and unknown per country, sorted by country code whatever order the probes came in', () => {
    const dns = api('dns', [
      { status: 'finished', statusCodeName: 'SERVFAIL', answers: [] },
      { status: 'finished', statusCodeName: 'NOERROR', answers: [{ name: 'a.', type: 'A', value: '192.0.2.1' }] },
      { status: 'offline' },
    ]);
    const probes = vantageProbes(dns, null).map((p, i) => ({ ...p, country: ['IN', 'DE', 'IN'][i]! }));
    const expected = [
      { country: 'DE', up: 1, down: 0, unknown: 0 },
      { country: 'IN', up: 0, down: 1, unknown: 1 },
    ];
    assert.deepEqual(countryTally(probes), expected);
    assert.deepEqual(countryTally([...probes].reverse()), expected);
  });
});

// A recording turned into a lab scenario (pure): what the lab serves for each recorded exchange.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioFromRecording } from '../../../src/lab/from-recording.ts';
import { buildWorld } from '../../../src/lab/world.ts';
import type { Recording } from '../../../src/record/recording.ts';
import type { EdgeProbe } from '../../../src/types.ts';

const ok = { ok: true, ms: 1, error: null };
function probe(address: string, status: number | null, extra: Partial<EdgeProbe> = {}): EdgeProbe {
  return {
    address, family: 4, port: 443, tcp: ok, tls: null, totalMs: 3,
    http: status === null ? null : { ...ok, status, reason: 'Whatever', headers: { server: 'edge', 'content-length': '999', 'set-cookie': ['a=[redacted]'] }, location: null, body: 'hi', bodyTruncated: false, firstByteMs: 1 },
    ...extra,
  };
}

const recording: Recording = {
  recordingVersion: 1,
  tool: { name: 'cdn-check', version: '0.1.0' },
  recordedAt: '2026-11-30T10:00:00.000Z',
  options: {
    targets: ['www.example.com'], port: null, insecure: false, timeoutMs: 3000, deadlineMs: 10000, canaries: [], builtinCanaries: true,
    controls: [], builtinControls: true, strict: false, concurrency: 64, fingerprintOnly: false, noproxy: null, vantage: null,
  },
  resolvers: { mode: 'explicit', resolvers: ['10.0.0.53:53', '10.0.0.54:53'], fallbacks: [] },
  deadlineReached: false,
  dns: [
    { resolver: '10.0.0.53:53', name: 'www.example.com', type: 'A', result: { ok: true, rcode: 'NOERROR', ms: 5, tcp: false, authorities: [], answers: [
      { name: 'www.example.com', type: 'CNAME', data: 'edge.cdn.example', ttl: 60 },
      { name: 'edge.cdn.example', type: 'A', data: '203.0.113.7', ttl: 20 },
      { name: 'edge.cdn.example', type: 'A', data: '127.5.0.1', ttl: 20 },
    ] } },
    { resolver: '10.0.0.53:53', name: 'www.example.com', type: 'AAAA', result: { ok: true, rcode: 'NOERROR', ms: 5, tcp: false, authorities: [], answers: [{ name: 'edge.cdn.example', type: 'AAAA', data: '2001:db8::7', ttl: 20 }] } },
    { resolver: '10.0.0.54:53', name: 'www.example.com', type: 'A', result: { ok: false, rcode: 'TIMEOUT', error: { code: 'TIMEOUT', message: 'x' }, ms: 3000, tcp: false } },
    { resolver: '10.0.0.53:53', name: 'gone.example', type: 'A', result: { ok: true, rcode: 'NXDOMAIN', ms: 5, tcp: false, authorities: [], answers: [] } },
    // Asked again later with another answer: the first one is what the run went on with.
    { resolver: '10.0.0.53:53', name: 'gone.example', type: 'A', result: { ok: true, rcode: 'SERVFAIL', ms: 5, tcp: false, authorities: [], answers: [] } },
  ],
  probes: [
    { address: '203.0.113.7', port: 443, host: 'www.example.com', scheme: 'https', path: '/', result: probe('203.0.113.7', 503) },
    { address: '203.0.113.7', port: 443, host: 'www.example.com', scheme: 'https', path: '/', result: probe('203.0.113.7', 200) },
    { address: '127.5.0.1', port: 443, host: 'www.example.com', scheme: 'https', path: '/', result: probe('127.5.0.1', null, { tcp: { ok: false, ms: 1, error: { code: 'ECONNREFUSED', message: 'x' } } }) },
    { address: '2001:db8::7', port: 443, host: 'www.example.com', scheme: 'https', path: '/', result: probe('2001:db8::7', 200) },
  ],
  vantage: [],
  exitCode: 2,
  report: null,
};

describe('scenarioFromRecording', () => {
  const scenario = scenarioFromRecording(recording, 'incident');

  test('moves addresses off loopback onto 127/8, keeps loopback ones, and leaves IPv6 out', () => {
    assert.deepEqual(scenario.records, [
      { name: 'www.example.com', type: 'CNAME', data: 'edge.cdn.example', ttl: 60 },
      { name: 'edge.cdn.example', type: 'A', data: '127.150.0.1', ttl: 20 },
      { name: 'edge.cdn.example', type: 'A', data: '127.5.0.1', ttl: 20 },
    ]);
    assert.deepEqual(scenario.edges?.map((e) => e.address), ['127.150.0.1', '127.5.0.1']);
  });

  test('gives each recorded resolver its own faults: an rcode as that rcode, silence as a drop, the first answer only', () => {
    assert.deepEqual(scenario.resolvers, [
      { faults: [{ name: 'gone.example', types: ['A'], fault: 'nxdomain' }] },
      { faults: [{ name: 'www.example.com', types: ['A'], fault: 'drop' }] },
    ]);
  });

  test('plays a host probed twice as a sequence of raw responses, framing headers its own; a refused address listens nowhere', () => {
    const [edge, refused] = scenario.edges ?? [];
    const steps = edge?.hosts?.['www.example.com'];
    assert.equal(steps?.kind, 'sequence');
    const responses = steps?.kind === 'sequence' ? steps.steps.map((s) => (s.kind === 'raw' ? s.response : s.kind)) : [];
    assert.equal(responses[0], 'HTTP/1.1 503 Whatever\r\nserver: edge\r\nset-cookie: a=[redacted]\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi');
    assert.match(responses[1] ?? '', /^HTTP\/1\.1 200 Whatever\r\n/);
    assert.deepEqual(refused?.behaviour, { kind: 'refuse' });
  });

  test('is a world the lab can build, with the recorded limits and exit code', () => {
    const world = buildWorld(scenario);
    assert.equal(world.edges.length, 2);
    assert.deepEqual(scenario.limits, { timeoutMs: 3000, deadlineMs: 10000 });
    assert.equal(scenario.expected.exitCode, 2);
    assert.deepEqual(scenario.targets, ['www.example.com']);
  });
});

// The Globalping client against the lab's mock API (loopback only), and the mock against the API's own
// documented examples: create, poll with ETag/304, in-progress → finished, 429 with its limits, no probes,
// offline probes, an unreachable API and the deadline — every one a value, none a hang.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { findScenario } from '../../src/lab/scenarios/index.ts';
import { startGlobalpingMock } from '../../src/lab/globalping-mock.ts';
import { DEFAULT_FLEET } from '../../src/lab/globalping-probes.ts';
import { startLab, type LabInstance } from '../../src/lab/start.ts';
import { buildOptions, type RawFlags } from '../../src/options.ts';
import { run } from '../../src/run/run.ts';
import type { Report } from '../../src/types.ts';
import { awaitMeasurement, createMeasurement, type ClientConfig } from '../../src/vantage/client.ts';
import { measureTarget, TestBudget } from '../../src/vantage/measure.ts';
import { parseTarget } from '../../src/target.ts';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../fixtures/globalping/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

function config(apiUrl: string, deadlineMs = 8000, token: string | null = null): ClientConfig {
  return { apiUrl, token, userAgent: 'cdn-check/test', now: () => performance.now(), deadlineAt: performance.now() + deadlineMs, signal: new AbortController().signal };
}

function target(input: string) {
  const parsed = parseTarget(input);
  assert.ok(parsed.ok);
  return parsed.target;
}

const plan = (locations: string[], probes = 1) => ({ locations, probes, maxTests: 1000, port: null });

/** Keys of an object, recursively one level into `results[0].probe` and `results[0].result`. */
function shape(m: Record<string, unknown>): { top: string[]; probe: string[]; result: string[] } {
  const first = (m.results as Record<string, Record<string, unknown>>[])[0]!;
  return { top: Object.keys(m).sort(), probe: Object.keys(first.probe!).sort(), result: Object.keys(first.result!).sort() };
}

describe('Globalping client ↔ the lab mock', () => {
  let lab: LabInstance;
  before(async () => {
    const healthy = findScenario('healthy');
    assert.ok(healthy);
    lab = await startLab({ ...healthy, vantage: { offline: ['Delhi'] } }, { globalping: true });
  });
  after(() => lab.close());
  const mock = () => lab.globalping!.mock;
  const site = () => lab.scenario.targets[0]!;

  it('creates a DNS measurement (202, id, probe count) and polls it to finished; the answers carry the CNAME chain', async () => {
    const cfg = config(mock().url);
    const created = await createMeasurement(cfg, { type: 'dns', target: site(), locations: [{ magic: 'US', limit: 2 }], measurementOptions: { query: { type: 'A' } } });
    assert.ok(created.ok, JSON.stringify(created));
    assert.equal(created.probesCount, 2);
    assert.deepEqual([created.rateLimit?.limit, created.rateLimit?.remaining !== null], [250, true]);
    const polled = await awaitMeasurement(cfg, created.id);
    assert.equal(polled.error, null);
    assert.equal(polled.measurement?.status, 'finished');
    const answers = polled.measurement?.results[0]?.result.answers as { type: string }[];
    assert.ok(answers.some((a) => a.type === 'A'), JSON.stringify(answers));
    assert.equal(mock().posted.at(-1)?.userAgent, 'cdn-check/test');
  });

  it('polls with If-None-Match: an unchanged measurement costs a 304, and the client keeps the last body', async () => {
    const slow = await startGlobalpingMock({ probes: DEFAULT_FLEET.slice(0, 1), views: { world: { resolver: lab.resolvers[0]!.resolver, edgePort: lab.edges.port, caPem: '' } }, pollsToFinish: 4 });
    try {
      const cfg = config(slow.url);
      const created = await createMeasurement(cfg, { type: 'dns', target: site(), locations: [{ magic: 'world', limit: 1 }] });
      assert.ok(created.ok);
      const polled = await awaitMeasurement(cfg, created.id);
      assert.equal(polled.measurement?.status, 'finished');
      const gets = slow.log.filter((l) => l.startsWith('GET'));
      assert.ok(gets.some((l) => l.endsWith(' 304')), gets.join('\n'));
      assert.ok(gets.some((l) => l.endsWith('in-progress')), 'in-progress before finished');
    } finally {
      await slow.close();
    }
  });

  it('serves the shapes of the API documentation\'s own examples (DNS and HTTP), not shapes of its own', async () => {
    const cfg = config(mock().url);
    const dnsDoc = fixture('dns-simple.json');
    const httpDoc = fixture('http.json');
    for (const [doc, body] of [
      [dnsDoc, { type: 'dns', target: site(), locations: [{ magic: 'DE', limit: 1 }] }],
      [httpDoc, { type: 'http', target: site(), locations: [{ magic: 'DE', limit: 1 }], measurementOptions: { request: { method: 'GET', path: '/' }, port: lab.edges.port } }],
    ] as const) {
      const created = await createMeasurement(cfg, body);
      assert.ok(created.ok);
      await awaitMeasurement(cfg, created.id);
      const res = await fetch(`${mock().url}/v1/measurements/${created.id}`);
      const ours = shape((await res.json()) as Record<string, unknown>);
      const theirs = shape(doc);
      for (const part of ['top', 'probe', 'result'] as const) {
        const missing = theirs[part].filter((k) => !ours[part].includes(k));
        assert.deepEqual(missing, [], `${String(body.type)} ${part}: keys of the documented example the mock lacks`);
      }
    }
  });

  it('measures a target from elsewhere: DNS and HTTP on the same probes, per-country tally, an offline probe unknown', async () => {
    const report = await measureTarget(target(site()), { ...plan(['IN', 'US'], 3), port: lab.edges.port }, config(mock().url), new TestBudget(100));
    assert.equal(report.error, null);
    assert.deepEqual(report.measurements.map((m) => [m.type, m.status]), [['dns', 'finished'], ['http', 'finished']]);
    assert.deepEqual(report.countries, [{ country: 'IN', up: 2, down: 0, unknown: 1 }, { country: 'US', up: 3, down: 0, unknown: 0 }]);
    assert.equal(report.probes.find((p) => p.city === 'Delhi')?.detail, 'probe offline');
    const http = mock().posted.at(-1)?.body as { locations: unknown };
    assert.equal(http.locations, report.measurements[0]?.id, 'the HTTP measurement reuses the DNS one\'s probes');
  });

  it('a location no probe matches is a value: no_probes_found', async () => {
    const report = await measureTarget(target(site()), plan(['Atlantis']), config(mock().url), new TestBudget(100));
    assert.equal(report.error?.code, 'VANTAGE_NO_PROBES');
    assert.match(report.error?.message ?? '', /No matching IPv4 probes available/);
  });

  it('the run\'s own cap stops spending before the API is asked', async () => {
    const before = mock().posted.length;
    const report = await measureTarget(target(site()), plan(['US'], 3), config(mock().url), new TestBudget(5));
    assert.equal(report.error?.code, 'VANTAGE_CAP');
    assert.equal(mock().posted.length, before);
  });

  it('429 rate_limit_exceeded is a value with the remaining limit; a token is sent as Bearer and raises the limit', async () => {
    const tight = await startGlobalpingMock({ probes: DEFAULT_FLEET, views: {}, hourlyLimit: { anonymous: 2, authenticated: 6 } });
    try {
      const created = await createMeasurement(config(tight.url), { type: 'dns', target: site(), locations: [{ magic: 'US', limit: 3 }] });
      assert.equal(created.ok, false);
      assert.ok(!created.ok && created.error.code === 'VANTAGE_RATE_LIMITED');
      assert.match(!created.ok ? created.error.message : '', /exceeds the remaining hourly rate limit.*2 tests left this hour, resets in 3600 s/);
      const withToken = await createMeasurement(config(tight.url, 8000, 'tok-123'), { type: 'dns', target: site(), locations: [{ magic: 'US', limit: 3 }] });
      assert.ok(withToken.ok);
      assert.equal(tight.posted.at(-1)?.authorization, 'Bearer tok-123');
    } finally {
      await tight.close();
    }
  });

  it('when the hourly limit runs out between the DNS and the HTTP measurement, the DNS results count and the 429 is said', async () => {
    const tight = await startGlobalpingMock({ probes: DEFAULT_FLEET, views: { world: { resolver: lab.resolvers[0]!.resolver, edgePort: lab.edges.port, caPem: '' } }, hourlyLimit: { anonymous: 3, authenticated: 500 } });
    try {
      const report = await measureTarget(target(site()), plan(['US'], 3), config(tight.url), new TestBudget(100));
      assert.equal(report.error?.code, 'VANTAGE_RATE_LIMITED');
      assert.deepEqual(report.measurements.map((m) => m.type), ['dns']);
      assert.deepEqual(report.countries, [{ country: 'US', up: 3, down: 0, unknown: 0 }]);
      assert.equal(report.rateLimit?.remaining, 0);
    } finally {
      await tight.close();
    }
  });

  it('a GET 429 with Retry-After longer than the time left ends at the deadline, with what was seen', async () => {
    const strict = await startGlobalpingMock({ probes: DEFAULT_FLEET.slice(0, 1), views: {}, getsPer2s: 1, pollsToFinish: 10 });
    try {
      const cfg = config(strict.url, 1500);
      const created = await createMeasurement(cfg, { type: 'dns', target: site(), locations: [{ magic: 'world', limit: 1 }] });
      assert.ok(created.ok);
      const t0 = performance.now();
      const polled = await awaitMeasurement(cfg, created.id);
      assert.ok(performance.now() - t0 < 1600, 'no wait past the deadline');
      assert.equal(polled.error?.code, 'VANTAGE_DEADLINE');
      assert.ok(strict.log.some((l) => l.endsWith(' 429')), strict.log.join('\n'));
    } finally {
      await strict.close();
    }
  });

  it('a measurement that never finishes is cut at the deadline; the probes that answered still count', async () => {
    const stuck = await startGlobalpingMock({ probes: DEFAULT_FLEET.slice(0, 2), views: { world: { resolver: lab.resolvers[0]!.resolver, edgePort: lab.edges.port, caPem: '' } }, pollsToFinish: 1_000_000 });
    try {
      const t0 = performance.now();
      const report = await measureTarget(target(site()), { ...plan(['world'], 2), port: lab.edges.port }, config(stuck.url, 1500), new TestBudget(100));
      assert.ok(performance.now() - t0 < 1700, `returned after ${Math.round(performance.now() - t0)} ms`);
      assert.deepEqual(report.measurements.map((m) => m.status), ['in-progress', 'in-progress']);
      assert.equal(report.error, null);
      assert.deepEqual(report.probes.map((p) => p.health), ['up', 'up']);
    } finally {
      await stuck.close();
    }
  });

  it('probes that never answer before the deadline are unknown, and the remote part says so (VANTAGE_DEADLINE)', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const resolver = { host: '127.0.0.1', port: silent.address().port, label: `127.0.0.1:${silent.address().port}` };
    const stuck = await startGlobalpingMock({ probes: DEFAULT_FLEET.slice(0, 2), views: { world: { resolver, edgePort: lab.edges.port, caPem: '' } } });
    try {
      const t0 = performance.now();
      const report = await measureTarget(target(site()), plan(['world'], 2), config(stuck.url, 1200), new TestBudget(100));
      assert.ok(performance.now() - t0 < 1400, `returned after ${Math.round(performance.now() - t0)} ms`);
      assert.equal(report.error?.code, 'VANTAGE_DEADLINE');
      assert.deepEqual(report.probes.map((p) => p.detail), ['no result before the deadline', 'no result before the deadline']);
    } finally {
      await stuck.close();
      silent.close();
    }
  });

  it('an API nobody answers on is a value (VANTAGE_UNREACHABLE), quickly', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const report = await measureTarget(target(site()), plan(['US']), config(`http://127.0.0.1:${port}`), new TestBudget(100));
    assert.equal(report.error?.code, 'VANTAGE_UNREACHABLE');
  });
});

describe('run() with --from, in-process against the lab and its Globalping', () => {
  let lab: LabInstance;
  before(async () => {
    const isp = findScenario('isp-path');
    assert.ok(isp);
    lab = await startLab(isp, { globalping: true });
    // run() loads the remote part (all of undici) only with --from: loaded here once, so the ordering checked
    // below is the run's, not the one-time cost of loading a module (bench/process.ts measures that).
    await import('../../src/vantage/remote.ts');
  });
  after(() => lab.close());

  function capture(): Writable & { text: string } {
    const out = new Writable({ write: (chunk, _e, cb) => ((out.text += String(chunk)), cb()) }) as Writable & { text: string };
    out.text = '';
    return out;
  }
  const flags = (extra: Partial<RawFlags>): RawFlags => ({
    json: true,
    resolver: lab.setup.resolvers,
    fallbackResolver: [],
    port: String(lab.setup.port),
    caFile: lab.setup.caFile,
    timeout: '2000',
    deadline: '8000',
    canary: lab.setup.canaries,
    builtinCanaries: false,
    control: lab.setup.controls,
    builtinControls: false,
    concurrency: '16',
    color: false,
    ...extra,
  });
  async function runWith(extra: Partial<RawFlags>): Promise<{ code: number; report: Report; observedAt: number | null }> {
    const env = { GLOBALPING_API_URL: lab.globalping!.mock.url };
    const options = buildOptions(lab.scenario.targets, flags(extra), { stdout: {}, env }, { isProvider: () => true });
    const stdout = capture();
    // When the target's own diagnosis ended (its observation), on the clock the mock stamps requests with.
    let observedAt: number | null = null;
    const code = await run(options, {
      stdout,
      stderr: capture(),
      env,
      onEvent: (event) => {
        if (event.type === 'observed' && event.kind === 'target') observedAt ??= Date.now();
      },
    });
    return { code, report: JSON.parse(stdout.text) as Report, observedAt };
  }

  it('without --from nothing is sent to Globalping and the scope is null', async () => {
    const sent = lab.globalping!.mock.log.length;
    const { code, report } = await runWith({});
    assert.equal(lab.globalping!.mock.log.length, sent);
    assert.equal(code, 2);
    assert.equal(report.targets[0]?.verdict.scope, null);
    assert.equal(report.targets[0]?.vantage, undefined);
  });

  it('with --from the remote measurement starts before the local diagnosis is done, and turns "provider outage" into "only here"', async () => {
    const { code, report, observedAt } = await runWith({ from: 'IN,US,DE' });
    const t = report.targets[0]!;
    assert.equal(code, 3);
    assert.deepEqual([t.verdict.status, t.verdict.scope], ['local-network', 'local']);
    assert.equal(t.vantage?.probes.length, 9);
    const firstPost = lab.globalping!.mock.posted.at(-2)!;
    assert.ok(observedAt !== null, 'the target was observed');
    // Not after: the remote measurement was asked for while the local diagnosis was still running.
    assert.ok(firstPost.at <= observedAt, `POST ${firstPost.at - observedAt} ms after the local diagnosis ended`);
  });
});

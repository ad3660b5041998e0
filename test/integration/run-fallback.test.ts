// System-resolver mode, in-process against lab resolvers: the fallback resolver is asked only when the
// system resolver gave no usable answer, only about a public control host (never the target's own name,
// which may be internal), and then the verdict blames the resolver, not the site.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startDnsServer, type LabDnsServer } from '../../src/lab/dns-server.ts';
import type { LabZoneData } from '../../src/lab/zones.ts';
import { buildOptions, type RawFlags } from '../../src/options.ts';
import { run } from '../../src/run/run.ts';
import type { Report } from '../../src/types.ts';
import { BUILTIN_CONTROLS } from '../../src/verdict/canaries.ts';

const CONTROL = BUILTIN_CONTROLS[0]!.host;
const zone: LabZoneData = {
  records: [
    { name: 'www.example.com', type: 'A', data: '127.99.0.1' },
    { name: 'build.corp.example', type: 'A', data: '127.99.0.2' },
    { name: 'example.com', type: 'NS', data: 'ns1.example.net' },
    // Every built-in control resolves, so with controls on they are "up" as far as DNS tells.
    ...BUILTIN_CONTROLS.map((c, i) => ({ name: c.host, type: 'A' as const, data: `127.99.1.${i + 1}` })),
  ],
};

const flags = (fallback: string[], builtinControls = true): RawFlags => ({
  json: true,
  resolver: [],
  fallbackResolver: fallback,
  timeout: '400',
  deadline: '5000',
  canary: [],
  builtinCanaries: false,
  control: [],
  builtinControls,
  concurrency: '8',
  fingerprintOnly: true,
  color: false,
});
function capture(): Writable & { text: string } {
  const out = new Writable({ write: (chunk, _e, cb) => ((out.text += String(chunk)), cb()) }) as Writable & { text: string };
  out.text = '';
  return out;
}

describe('fallback resolvers in system mode', () => {
  let dead: LabDnsServer;
  let good: LabDnsServer;
  let healthy: LabDnsServer;
  before(async () => {
    healthy = await startDnsServer(zone);
    dead = await startDnsServer({ ...zone, faults: [{ name: '*', fault: 'drop' }] });
    good = await startDnsServer(zone);
  });
  after(async () => {
    await Promise.all([dead.close(), good.close(), healthy.close()]);
  });

  const diagnose = async (systemResolver: LabDnsServer, host: string, builtinControls = true) => {
    const options = buildOptions([host], flags([`127.0.0.1:${good.port}`], builtinControls), { stdout: {}, env: {} }, { isProvider: () => true });
    const stdout = capture();
    const stderr = capture();
    const code = await run(options, { stdout, stderr, env: {}, systemResolvers: [systemResolver.resolver] });
    return { code, report: JSON.parse(stdout.text) as Report, stderr: stderr.text };
  };

  it('a silent system resolver with a healthy fallback is your resolver, not the site', async () => {
    const { code, report } = await diagnose(dead, 'www.example.com');
    assert.equal(report.targets[0]?.verdict.status, 'local-network');
    assert.equal(code, 3);
    assert.match(report.targets[0]!.verdict.summary, /resolver/i);
    assert.match(report.targets[0]!.verdict.summary, new RegExp(`asked about ${CONTROL.replaceAll('.', '\\.')}`));
    assert.ok(good.askedNames().has(CONTROL), 'the fallback was asked about the public control host');
  });

  it('the target\'s own name never reaches a fallback resolver: an internal host stays on the system resolver', async () => {
    const { code, report } = await diagnose(dead, 'build.corp.example');
    assert.equal(code, 3);
    assert.equal(report.targets[0]?.verdict.status, 'local-network');
    assert.ok(dead.askedNames().has('build.corp.example'), 'the system resolver was asked');
    assert.ok(!good.askedNames().has('build.corp.example'), `the fallback saw: ${[...good.askedNames()].join(', ')}`);
    assert.ok(!good.askedNames().has('www.example.com'));
  });

  it('with --no-builtin-controls no public name is at hand, so no fallback resolver is asked anything', async () => {
    const before = good.queryCount();
    const { code } = await diagnose(dead, 'www.example.com', false);
    assert.equal(good.queryCount(), before);
    assert.equal(code, 3);
  });

  it('an NXDOMAIN from the system resolver is an answer: no fallback is asked', async () => {
    const before = good.queryCount();
    const { report } = await diagnose(healthy, 'missing.example.com');
    assert.equal(report.targets[0]?.dns?.error?.code, 'NXDOMAIN');
    assert.equal(good.queryCount(), before, 'the fallback resolver was not asked anything');
    assert.notEqual(report.targets[0]?.verdict.status, 'local-network');
  });
});

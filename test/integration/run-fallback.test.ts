// System-resolver mode, in-process against lab resolvers: the fallback resolver is asked only when the
// system resolver gave no usable answer, and then the verdict blames the resolver, not the site.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startDnsServer, type LabDnsServer } from '../../src/lab/dns-server.ts';
import type { LabZoneData } from '../../src/lab/zones.ts';
import { buildOptions, type RawFlags } from '../../src/options.ts';
import { run } from '../../src/run.ts';
import type { Report } from '../../src/types.ts';

const zone: LabZoneData = { records: [{ name: 'www.example.com', type: 'A', data: '127.99.0.1' }, { name: 'example.com', type: 'NS', data: 'ns1.example.net' }] };

const flags = (fallback: string[]): RawFlags => ({
  json: true,
  resolver: [],
  fallbackResolver: fallback,
  timeout: '400',
  deadline: '5000',
  canary: [],
  builtinCanaries: false,
  control: [],
  builtinControls: false,
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
  before(async () => {
    dead = await startDnsServer({ ...zone, faults: [{ name: '*', fault: 'drop' }] });
    good = await startDnsServer(zone);
  });
  after(async () => {
    await Promise.all([dead.close(), good.close()]);
  });

  const diagnose = async (systemResolver: LabDnsServer, host: string) => {
    const options = buildOptions([host], flags([`127.0.0.1:${good.port}`]), { stdout: {}, env: {} }, { isProvider: () => true });
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
  });

  it('an NXDOMAIN from the system resolver is an answer: no fallback is asked', async () => {
    const before = good.queryCount();
    const { report } = await diagnose(good, 'missing.example.com');
    const fallbackQueries = good.queryCount() - before;
    assert.equal(report.targets[0]?.dns?.error?.code, 'NXDOMAIN');
    // Every query good saw came from being the system resolver itself (chain + NS), none from a fallback round.
    assert.ok(fallbackQueries <= 4, `fallback asked: ${fallbackQueries} queries`);
    assert.notEqual(report.targets[0]?.verdict.status, 'local-network');
  });
});

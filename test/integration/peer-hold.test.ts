// Canaries and controls hold their probes until a target shows trouble: a healthy check costs the target's
// own handshakes only, while a failing one still gets its peers probed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { buildOptions } from '../../src/options.ts';
import { run } from '../../src/run/run.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { startLab } from '../../src/lab/start.ts';
import { labFlags } from '../helpers/lab.ts';
import type { Report } from '../../src/types.ts';

async function diagnose(scenarioName: string, target: string): Promise<{ report: Report; edgeRequests: number }> {
  const scenario = SCENARIOS.find((s) => s.name === scenarioName)!;
  const lab = await startLab(scenario);
  try {
    const options = buildOptions([target], labFlags(lab.setup), { stdout: {}, env: {} }, { isProvider: () => true });
    let out = '';
    const stdout = new Writable({ write: (chunk, _e, cb) => ((out += String(chunk)), cb()) });
    const stderr = new Writable({ write: (_chunk, _e, cb) => cb() });
    await run(options, { stdout, stderr, env: {} });
    return { report: JSON.parse(out) as Report, edgeRequests: lab.edges.requestCount() };
  } finally {
    await lab.close();
  }
}

test('a healthy target is probed alone: its controls resolve but never open a connection', async () => {
  const { report, edgeRequests } = await diagnose('healthy', 'www.akamai.com');
  assert.equal(report.targets[0]?.verdict.status, 'up');
  assert.equal(report.targets[0]?.probes.length, 2);
  assert.equal(edgeRequests, 2, 'only the target’s two edges were asked');
});

test('a failing target releases its peers: canaries and controls are probed and counted', async () => {
  const { report, edgeRequests } = await diagnose('origin-down', 'shop.example-store.com');
  const target = report.targets[0]!;
  assert.equal(target.verdict.status, 'site-outage');
  assert.ok(target.canaries.length === 3 && target.canaries.every((c) => c.status === 'up'));
  assert.ok(edgeRequests > 2, `peers were probed (${edgeRequests} requests)`);
});

// Results must not depend on the order targets are listed in (or finish in): the real binary runs the Akamai
// 2021 lab with the same targets in several orders, and the JSON reports agree on everything but the times.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { startLab, type LabInstance } from '../../src/lab/start.ts';
import type { Report } from '../../src/types.ts';
import { runAgainstLab } from '../helpers/lab.ts';

/** Keys that hold times (a Date header too): they differ between any two runs. */
const TIME_KEYS = /^(ms|.*Ms|timings|startedAt|validFrom|validTo|date|updatedAt)$/;

/** The report with every time removed ("in 371 ms" in a sentence too) and the targets in host order. */
function timeless(report: Report): unknown {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (typeof node === 'string') return node.replace(/\b\d+ ms\b/g, '… ms');
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).filter(([key]) => !TIME_KEYS.test(key)).map(([key, value]) => [key, strip(value)]));
  };
  return strip({ ...report, targets: [...report.targets].sort((a, b) => a.host.localeCompare(b.host)) });
}

describe('the same targets listed in different orders', () => {
  const scenario = SCENARIOS.find((s) => s.name === 'akamai-2021');
  assert.ok(scenario);
  let lab: LabInstance;
  before(async () => {
    // Akamai's status page held at its first state: its timeline moves one step per run (per read), which is the
    // page changing, not the order mattering. Within a run, every target sees the same read whatever the order.
    const page = Array.isArray(scenario.status?.akamai) ? scenario.status.akamai[0] : scenario.status?.akamai;
    lab = await startLab({ ...scenario, status: page ? { akamai: page } : {} });
  });
  after(async () => lab.close());

  // Two Akamai targets down at its edge DNS (one on Akamai DNS, one on Route 53), one up on Akamai in both
  // roles, one up on Cloudflare: the correlation counts each once per provider whatever the order.
  const targets = ['paytm.com', 'zomato.com', 'www.akamai.com', 'www.cloudflare.com'];
  const orders = [targets, [...targets].reverse(), [targets[2]!, targets[0]!, targets[3]!, targets[1]!], [targets[3]!, targets[1]!, targets[2]!, targets[0]!]];

  test('give the same JSON report, times aside, and the same exit code', async () => {
    const runs = [];
    for (const order of orders) runs.push(await runAgainstLab(lab, order, [], { killAfterMs: 60_000 }));
    const first = runs[0]!;
    assert.equal(first.stderr, '');
    assert.deepEqual(
      first.report.correlation.find((c) => c.provider === 'akamai'),
      { provider: 'akamai', down: 2, total: 3 },
      'Akamai: paytm.com and zomato.com down, www.akamai.com up, each counted once',
    );
    for (const [i, run] of runs.entries()) {
      assert.equal(run.code, first.code, `order ${orders[i]!.join(' ')}`);
      assert.deepEqual(timeless(run.report), timeless(first.report), `order ${orders[i]!.join(' ')}`);
    }
  });
});

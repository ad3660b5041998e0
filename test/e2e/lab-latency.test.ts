// `cdn-check lab --latency`: every DNS answer and every edge response of the lab comes that much later, so a
// replay shows the timings a real network would. Only lower bounds are checked: latency can never make a step faster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.ts';
import type { Report } from '../../src/types.ts';

const LATENCY_MS = 150;

test(`lab healthy --latency ${LATENCY_MS} delays each DNS answer and each edge response by at least that much`, async () => {
  const result = await runCli(['lab', 'healthy', '--latency', String(LATENCY_MS), '--json']);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as Report;
  const target = report.targets[0]!;
  assert.equal(target.verdict.status, 'up');
  assert.ok(target.dns && target.dns.chain.length > 0);
  for (const hop of target.dns.chain) assert.ok(hop.ms !== null && hop.ms >= LATENCY_MS, `hop answered in ${hop.ms} ms`);
  assert.ok(target.probes.length > 0);
  for (const probe of target.probes) {
    const firstByte = probe.http?.firstByteMs ?? null;
    assert.ok(firstByte !== null && firstByte >= LATENCY_MS, `first byte after ${firstByte} ms`);
  }
  assert.ok(report.durationMs >= 2 * LATENCY_MS, `whole run ${report.durationMs} ms: one DNS answer, then one edge response`);
});


// The run's deadline: when it fires, every probe in flight or queued resolves at once with DEADLINE
// in the step it had reached, and no socket or timer of the prober outlives the run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLabCa } from '../../src/lab/certs.ts';
import { startEdges, type EdgeSpec, type LabEdges } from '../../src/lab/edges.ts';
import { probeEdge, type ProbeOptions } from '../../src/probe/edge.ts';
import { createLimiter } from '../../src/probe/limit.ts';
import { probeAddresses } from '../../src/probe/probe-all.ts';
import type { EdgeProbe, StepResult } from '../../src/types.ts';

const STEP_TIMEOUT = 20_000; // far beyond the deadline: only the deadline can end these probes
const DEADLINE_AFTER = 200;
const hangTcp = Array.from({ length: 6 }, (_, i): EdgeSpec => ({ address: `127.63.0.${i + 1}`, behaviour: { kind: 'hang-tcp' } }));
const hangTls = Array.from({ length: 6 }, (_, i): EdgeSpec => ({ address: `127.63.1.${i + 1}`, behaviour: { kind: 'hang-tls' } }));

/** Counts of active resource types (handles and ref'd timers), for before/after comparisons. */
function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** Resource kinds of which there are more now than in `baseline`. */
function grown(baseline: Map<string, number>): string[] {
  return [...resources()].filter(([kind, n]) => n > (baseline.get(kind) ?? 0)).map(([kind, n]) => `${kind}: ${baseline.get(kind) ?? 0} → ${n}`);
}

/** Polls `check` until it holds or `ms` pass (handle closes complete a loop turn or two later). */
async function eventually(check: () => boolean, ms = 2_000): Promise<boolean> {
  const until = performance.now() + ms;
  while (!check()) {
    if (performance.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** The step that decided the probe: the last one that ran. */
function decidingStep(p: EdgeProbe): [name: string, step: StepResult] {
  if (p.http) return ['http', p.http];
  if (p.tls) return ['tls', p.tls];
  return ['tcp', p.tcp];
}

describe('the run deadline', () => {
  let lab: LabEdges;
  let ca = '';
  let baseline = new Map<string, number>();

  before(async () => {
    baseline = resources();
    const labCa = createLabCa();
    ca = labCa.caPem;
    lab = await startEdges([...hangTcp, ...hangTls], { ca: labCa });
  });
  after(async () => {
    await lab.close();
    assert.ok(await eventually(() => grown(baseline).length === 0), `left behind: ${grown(baseline).join(', ')}`);
  });

  const options = (signal: AbortSignal): ProbeOptions => ({ host: 'hang.lab.test', path: '/', scheme: 'https', port: lab.port, timeoutMs: STEP_TIMEOUT, signal, ca: [ca], insecure: false });

  it('ends every hung probe, in flight or queued, with DEADLINE in the step it had reached', async () => {
    const deadline = new AbortController();
    const limit = createLimiter(8); // 12 edges: 4 probes still queued when the deadline fires
    const all = [...hangTcp, ...hangTls].map((edge) => limit(() => probeEdge(edge.address, options(deadline.signal))));
    const started = performance.now();
    setTimeout(() => deadline.abort(), DEADLINE_AFTER);
    const probes = await Promise.all(all);
    const waited = performance.now() - started;

    assert.ok(waited < STEP_TIMEOUT / 2, `the probes waited ${waited} ms`);
    const byStep = new Map<string, number>();
    for (const p of probes) {
      const [name, step] = decidingStep(p);
      assert.equal(step.ok, false, p.address);
      assert.equal(step.error?.code, 'DEADLINE', `${p.address}: ${JSON.stringify(step.error)}`);
      byStep.set(name, (byStep.get(name) ?? 0) + 1);
      // In flight: the step ran until the deadline, not to its own timeout. Queued: it never started.
      if (step.ms !== null) assert.ok(step.ms < STEP_TIMEOUT / 2 && p.totalMs >= DEADLINE_AFTER * 0.9, `${p.address}: ${step.ms} ms, total ${p.totalMs}`);
      else assert.equal(name, 'tcp');
    }
    assert.equal(byStep.get('tls'), 6, 'hang-tcp edges stall in the handshake');
    assert.equal((byStep.get('http') ?? 0) + (byStep.get('tcp') ?? 0), 6);
    assert.ok((byStep.get('tcp') ?? 0) >= 4, 'the queued probes never started');
    assert.ok(await eventually(() => lab.openConnections() === 0), `${lab.openConnections()} connections left open by the prober`);
  });

  it('resolves at once, without a connection, when the deadline has already passed', async () => {
    const deadline = new AbortController();
    deadline.abort();
    const before = lab.openConnections();
    const { probes } = await probeAddresses(
      hangTls.map((e) => e.address),
      { ...options(deadline.signal), limit: createLimiter(2) },
    );
    assert.equal(probes.length, 4);
    for (const p of probes) {
      assert.equal(p.tcp.error?.code, 'DEADLINE');
      assert.equal(p.tcp.ms, null);
      assert.equal(p.tls, null);
    }
    assert.equal(lab.openConnections(), before);
  });
});

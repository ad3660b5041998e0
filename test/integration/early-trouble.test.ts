// A host's first sign of trouble is told at once (a `trouble` event on the run's stream), so the run can release the canaries
// and controls it holds back: a failed first DNS answer before the walk that pins the failed hop, a failed
// edge before the slowest edge ends. Ordered by events, not by clocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { startLab } from '../../src/lab/start.ts';
import { inspectHost, type PipelineContext } from '../../src/run/pipeline.ts';
import { query as realQuery, type Querier } from '../../src/dns/query.ts';
import { createLimiter, type Limiter } from '../../src/probe/limit.ts';
import { loadTrust } from '../../src/probe/trust.ts';
import { parseTarget } from '../../src/target.ts';

async function inspectIn(scenarioName: string, host: string): Promise<string[]> {
  const scenario = SCENARIOS.find((s) => s.name === scenarioName);
  assert.ok(scenario);
  const lab = await startLab(scenario);
  const controller = new AbortController();
  try {
    const trust = loadTrust({ caFile: lab.caFile });
    if ('code' in trust) throw new Error(trust.message);
    const events: string[] = [];
    const limiter = createLimiter(16);
    // Every probe runs through the limiter: its settling is the moment that edge's probe ended.
    const limit: Limiter = (task) => limiter(task).finally(() => events.push('probe ended'));
    const query: Querier = (resolver, name, type, opts) => {
      events.push(`ask ${name} ${type}`);
      return realQuery(resolver, name, type, opts);
    };
    const ctx: PipelineContext = {
      resolvers: [lab.resolvers[0]!.resolver],
      timeoutMs: 800,
      signal: controller.signal,
      limit,
      ca: trust.ca,
      insecure: false,
      port: lab.edges.port,
      fingerprintOnly: false,
      userAgent: 'cdn-check-test',
      query,
      now: () => performance.now(),
      emit: (event) => {
        if (event.type === 'trouble') events.push('trouble');
        if (event.type === 'probe-start') events.push('probes start');
      },
    };
    const parsed = parseTarget(host);
    assert.ok(parsed.ok);
    const facts = await inspectHost(parsed.target, ctx, 'target');
    events.push(`health ${facts.observation.health}`);
    return events;
  } finally {
    controller.abort();
    await lab.close();
  }
}

test('a failed first DNS answer is trouble at once, before the walk asks the next hop (Akamai 2021)', async () => {
  const events = await inspectIn('akamai-2021', 'paytm.com');
  assert.equal(events.at(-1), 'health down');
  const trouble = events.indexOf('trouble');
  assert.ok(trouble >= 0, events.join('\n'));
  assert.ok(trouble < events.indexOf('ask paytm.com.edgekey.net CNAME'), events.join('\n'));
});

test('a refused edge is trouble while another edge still hangs (Azure Front Door 2025)', async () => {
  const events = await inspectIn('azure-frontdoor-2025', 'www.xbox.com');
  assert.equal(events.at(-1), 'health down');
  const ended = events.flatMap((e, i) => (e === 'probe ended' ? [i] : []));
  assert.equal(ended.length, 2, events.join('\n'));
  const trouble = events.indexOf('trouble');
  assert.ok(trouble > ended[0]! && trouble < ended[1]!, `told between the refused edge and the hanging one:\n${events.join('\n')}`);
});

test('a healthy host tells no trouble, and says when its probes start (the run stops its warm-ups then)', async () => {
  const events = await inspectIn('healthy', 'www.akamai.com');
  assert.equal(events.at(-1), 'health up');
  assert.ok(!events.includes('trouble'), events.join('\n'));
  assert.equal(events.filter((e) => e === 'probes start').length, 1);
  assert.ok(events.indexOf('probes start') < events.indexOf('probe ended'), events.join('\n'));
});

// Every provider through the whole pipeline against the lab — real DNS answers from the lab resolver, real
// TLS and HTTP from lab edges speaking that provider's dialect — in two forms: CNAME-only (the edge answers
// with a generic `server: nginx`) and headers-only (apex A record, no CNAME). Each must be named right.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILES } from '../../src/lab/profiles.ts';
import type { Scenario, SiteSpec } from '../../src/lab/scenario.ts';
import { startLab, type LabInstance } from '../../src/lab/start.ts';
import { inspectHost, type PipelineContext } from '../../src/run/pipeline.ts';
import { createLimiter } from '../../src/probe/limit.ts';
import { loadTrust } from '../../src/probe/trust.ts';
import { parseTarget } from '../../src/target.ts';
import { CNAME_EXCEPTIONS, HEADER_EXCEPTIONS } from '../unit/fingerprint/exceptions.ts';

const ids = Object.keys(PROFILES).sort();
const cnameHost = (id: string) => `www.${id}-cname-customer.com`;
const headerHost = (id: string) => `www.${id}-header-customer.com`;
const generic = { kind: 'respond', status: 200, headers: { server: 'nginx', 'content-type': 'text/html' }, body: '<!doctype html><title>ok</title>' } as const;

const sites: SiteSpec[] = ids.flatMap((id): SiteSpec[] => [
  { host: cnameHost(id), cdn: id, dns: 'route53', behaviour: { ...generic, headers: { ...generic.headers } } },
  { host: headerHost(id), cdn: id, dns: 'route53', apex: true },
]);

const everyProvider: Scenario = {
  name: 'every-provider',
  date: null,
  provider: null,
  title: 'one CNAME-only and one headers-only site per provider',
  story: 'test world',
  sites,
  providers: Object.fromEntries(ids.map((id) => [id, { edges: 1 }])),
  targets: [],
  canaries: [],
  controls: [],
  expected: { exitCode: 0, targets: {} },
};

describe('every provider is named through the real pipeline against lab edges', () => {
  let lab: LabInstance;
  let ctx: PipelineContext;
  const controller = new AbortController();

  before(async () => {
    lab = await startLab(everyProvider);
    const trust = loadTrust({ caFile: lab.caFile });
    if ('code' in trust) throw new Error(trust.message);
    ctx = {
      resolvers: [lab.resolvers[0]!.resolver],
      timeoutMs: 3000,
      signal: controller.signal,
      limit: createLimiter(16),
      ca: trust.ca,
      insecure: false,
      port: lab.edges.port,
      fingerprintOnly: false,
      userAgent: 'cdn-check-test',
      emit: () => {},
      now: () => performance.now(),
    };
  });
  after(async () => {
    controller.abort();
    await lab.close();
  });

  const inspect = async (host: string) => {
    const parsed = parseTarget(host);
    assert.ok(parsed.ok);
    return inspectHost(parsed.target, ctx, 'target');
  };
  const named = (fp: Awaited<ReturnType<typeof inspect>>['fingerprint']) => [fp.cdn?.id ?? null, ...fp.layers.map((l) => l.id)];

  for (const id of ids) {
    const cnameExpect = CNAME_EXCEPTIONS[id]?.expect ?? [id];
    const headerExpect = HEADER_EXCEPTIONS[id]?.expect ?? [id];

    it(`${id}: named ${cnameExpect.join(' + ')} from its CNAME chain behind a generic server, and the site is up`, async () => {
      const facts = await inspect(cnameHost(id));
      assert.equal(facts.observation.health, 'up', facts.observation.detail);
      assert.deepEqual(named(facts.fingerprint), cnameExpect);
      assert.equal(facts.fingerprint.dns?.id, 'route53');
    });

    it(`${id}: named ${headerExpect.join(' + ')} from its headers alone (apex A record)`, async () => {
      const facts = await inspect(headerHost(id));
      assert.equal(facts.observation.health, 'up', facts.observation.detail);
      assert.equal(facts.dns?.chain.some((hop) => hop.type === 'CNAME'), false, 'no CNAME in the chain');
      assert.deepEqual(named(facts.fingerprint), headerExpect);
    });
  }
});

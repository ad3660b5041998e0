import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Status, Verdict } from '../../../src/types.ts';
import { applyScope, decideScope } from '../../../src/verdict/scope.ts';
import type { VantageCountry, VantageReport } from '../../../src/vantage/types.ts';

const c = (country: string, up: number, down: number, unknown = 0): VantageCountry => ({ country, up, down, unknown });

describe('the scope, as a table: from here × what remote probes saw', () => {
  const table: [string, boolean, VantageCountry[], 'global' | 'regional' | 'local' | null][] = [
    ['down here, every probe up → local', true, [c('DE', 3, 0), c('IN', 3, 0), c('US', 3, 0)], 'local'],
    ['down here, down in every country → global', true, [c('DE', 0, 3), c('IN', 0, 3), c('US', 0, 3)], 'global'],
    ['down here, most probes down in every country (one lucky probe) → global', true, [c('DE', 1, 2), c('US', 0, 3)], 'global'],
    ['down here, down in IN, up in US and DE → regional', true, [c('DE', 3, 0), c('IN', 0, 3), c('US', 3, 0)], 'regional'],
    ['down here, one probe down in a country that is mostly up → regional (named, never local)', true, [c('DE', 2, 1), c('US', 3, 0)], 'regional'],
    ['up here, up everywhere → null (nothing is down)', false, [c('DE', 3, 0), c('US', 3, 0)], null],
    ['up here, down in IN → regional', false, [c('IN', 0, 3), c('US', 3, 0)], 'regional'],
    ['only offline or unfinished probes → null', true, [c('DE', 0, 0, 3)], null],
    ['no probes → null', true, [], null],
  ];
  for (const [name, downHere, countries, scope] of table) {
    test(name, () => assert.equal(decideScope(downHere, countries).scope, scope));
  }
  test('the phrase names where it is down and where it is up, with probe counts', () => {
    assert.equal(decideScope(true, [c('DE', 5, 0), c('IN', 0, 5), c('US', 5, 0)]).phrase, 'down from IN (5/5 probes), up from DE, US (10/10 probes)');
    assert.equal(decideScope(true, [c('IN', 0, 1, 2)]).phrase, 'down from IN (1/1 probe)');
  });
});

describe('the verdict with its scope', () => {
  const verdict = (status: Status, exitCode: number): Verdict => ({ status, exitCode, provider: status === 'provider-outage' ? 'akamai' : null, layer: 'tcp', extent: status === 'provider-outage' ? 'provider-wide' : null, summary: 'local summary', reasons: ['r1'] });
  const vantage = (countries: VantageCountry[], error: VantageReport['error'] = null): VantageReport => ({ engine: 'globalping', locations: ['IN'], measurements: [], probes: [], countries, error, rateLimit: null });

  test('without --from the scope is null and nothing else changes', () => {
    const v = verdict('provider-outage', 2);
    assert.deepEqual(applyScope(v, null, false), { ...v, scope: null });
  });
  test('down from here, up from every probe: local-network, exit 3, saying what the local evidence was', () => {
    for (const status of ['provider-outage', 'site-outage', 'inconclusive'] as const) {
      const out = applyScope(verdict(status, 2), vantage([c('DE', 3, 0), c('IN', 3, 0)]), false);
      assert.equal(out.status, 'local-network');
      assert.equal(out.exitCode, 3);
      assert.equal(out.scope, 'local');
      assert.equal(out.provider, null);
      assert.equal(out.extent, null, 'no longer a provider outage, so no extent');
      assert.match(out.summary, /^Down only from here: up from DE, IN \(6\/6 probes\)/);
      assert.equal(out.reasons[0], `from here the verdict was ${status}: local summary`);
    }
  });
  test('a provider outage seen from every country stays a provider outage, scope global, the summary says everywhere', () => {
    const out = applyScope(verdict('provider-outage', 2), vantage([c('DE', 0, 3), c('US', 0, 3)]), false);
    assert.deepEqual([out.status, out.exitCode, out.scope], ['provider-outage', 2, 'global']);
    assert.match(out.summary, /everywhere: down from DE, US \(6\/6 probes\)$/);
  });
  test('local-network from here while remote probes fail too: the status stands, a reason says it is not only your network', () => {
    const out = applyScope(verdict('local-network', 3), vantage([c('US', 0, 3)]), false);
    assert.deepEqual([out.status, out.scope], ['local-network', 'global']);
    assert.ok(out.reasons.some((r) => /not only your network/.test(r)));
  });
  test('up from here but down in one country: still up, scope regional, named', () => {
    const out = applyScope(verdict('up', 0), vantage([c('IN', 0, 3), c('US', 3, 0)]), false);
    assert.deepEqual([out.status, out.exitCode, out.scope], ['up', 0, 'regional']);
    assert.match(out.summary, /regional: down from IN \(3\/3 probes\), up from US \(3\/3 probes\)/);
  });
  test('a failed remote part leaves the local verdict and exit code, with one line saying why', () => {
    const out = applyScope(verdict('provider-outage', 2), vantage([], { code: 'VANTAGE_RATE_LIMITED', message: 'Globalping rate limit' }), false);
    assert.deepEqual([out.status, out.exitCode, out.scope, out.summary], ['provider-outage', 2, null, 'local summary']);
    assert.equal(out.reasons.at(-1), 'remote vantage unavailable: Globalping rate limit');
  });
  test('a partly failed remote part (the HTTP measurement refused) still counts the probes that answered, and says so', () => {
    const out = applyScope(verdict('provider-outage', 2), vantage([c('DE', 0, 3), c('US', 0, 3)], { code: 'VANTAGE_REJECTED', message: 'Globalping answered 400' }), false);
    assert.deepEqual([out.status, out.scope], ['provider-outage', 'global']);
    assert.equal(out.reasons.at(-1), 'remote vantage incomplete: Globalping answered 400');
  });
  test('probes that all went offline leave the verdict alone too', () => {
    const out = applyScope(verdict('site-outage', 1), vantage([c('IN', 0, 0, 3)]), false);
    assert.deepEqual([out.status, out.scope], ['site-outage', null]);
    assert.equal(out.reasons.at(-1), 'remote vantage: no probe gave a usable result');
  });
});

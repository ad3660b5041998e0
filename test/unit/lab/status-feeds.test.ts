// The lab's status pages as data: each provider's page written in its real feed's format reads back through the
// parser the CLI uses (Statuspage JSON, Google Cloud incidents.json, RSS), and a timeline moves one step per read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabStatusPage } from '../../../src/lab/scenario.ts';
import { ALL_OPERATIONAL, feedBody } from '../../../src/lab/status-feeds.ts';
import { stepAt } from '../../../src/lab/status-server.ts';
import { parseStatusFeed } from '../../../src/status/parse.ts';

const NOW = Date.parse('2025-11-18T11:40:00Z');
const OUTAGE: LabStatusPage = {
  indicator: 'major',
  description: 'Partial System Outage',
  incidents: [
    { name: 'Global network issues', status: 'investigating', impact: 'major', minutesAgo: 8, update: 'Investigating.' },
    { name: 'Yesterday', status: 'resolved', impact: 'minor', minutesAgo: 60 * 20, update: 'Resolved.' },
  ],
  components: [{ name: 'London, United Kingdom - (LHR)', status: 'partial_outage' }],
};

function read(provider: string, page: LabStatusPage) {
  const parsed = parseStatusFeed(feedBody(provider, page, NOW).body, NOW);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
  return parsed.facts;
}

describe('lab status feeds read back through the parser', () => {
  it('Statuspage (Cloudflare): indicator, description, the open incident only, the POP component', () => {
    const f = read('cloudflare', OUTAGE);
    assert.deepEqual([f.format, f.indicator, f.description], ['statuspage', 'major', 'Partial System Outage']);
    assert.deepEqual(f.incidents.map((i) => [i.name, i.status, i.updatedAt]), [['Global network issues', 'investigating', '2025-11-18T11:32:00.000Z']]);
    assert.ok(f.components.some((c) => c.name === 'London, United Kingdom - (LHR)' && c.status === 'partial_outage'));
  });
  it('Google Cloud incidents.json: the open incident, severity high → major', () => {
    const f = read('google-cloud-cdn', OUTAGE);
    assert.deepEqual([f.format, f.indicator], ['google-incidents', 'major']);
    assert.deepEqual(f.incidents.map((i) => i.name), ['Global network issues']);
  });
  it('RSS (Fastly): recent items not resolved', () => {
    const f = read('fastly', OUTAGE);
    assert.deepEqual([f.format, f.indicator], ['rss', null]);
    assert.deepEqual(f.incidents.map((i) => i.name), ['Global network issues']);
  });
  it('a provider without a page the scenario names shows All Systems Operational', () => {
    const f = read('akamai', ALL_OPERATIONAL);
    assert.deepEqual([f.indicator, f.description, f.incidents.length], ['none', 'All Systems Operational', 0]);
  });
});

describe('stepAt: a status timeline', () => {
  it('one page: every read', () => {
    assert.equal(stepAt(OUTAGE, 5), OUTAGE);
  });
  it('a list: one step per read, the last repeating', () => {
    const steps = ['unreachable' as const, OUTAGE, ALL_OPERATIONAL];
    assert.deepEqual([0, 1, 2, 3, 9].map((n) => stepAt(steps, n)), ['unreachable', OUTAGE, ALL_OPERATIONAL, ALL_OPERATIONAL, ALL_OPERATIONAL]);
  });
  it('nothing given: All Systems Operational', () => {
    assert.equal(stepAt(undefined, 0), ALL_OPERATIONAL);
  });
});

// status/parse.ts from plain feed bodies: Statuspage v2 summary.json, Google Cloud incidents.json and RSS, the POP
// match of Cloudflare's per-data-centre components, and hostile or broken feeds (bounded, never thrown).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { affectedCount, componentsForPop, MAX_INCIDENTS, parseStatusFeed, RSS_RECENT_MS, type FeedFacts } from '../../../src/status/parse.ts';

const NOW = Date.parse('2021-07-22T16:30:00Z');

function facts(body: string, now = NOW): FeedFacts {
  const parsed = parseStatusFeed(body, now);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
  return parsed.facts;
}

// The shape of akamaistatus.com's summary.json during the 22 July 2021 incident (labels as the press quoted them).
const AKAMAI = JSON.stringify({
  page: { id: 'x', name: 'Akamai', url: 'https://www.akamaistatus.com', updated_at: '2021-07-22T16:09:51Z' },
  status: { indicator: 'minor', description: 'Minor Service Outage' },
  components: [
    { id: 'g', name: 'Content Delivery', status: 'partial_outage', group: true, components: ['c1'] },
    { id: 'c1', name: 'Edge DNS', status: 'partial_outage', group: false },
    { id: 'c2', name: 'Web Application Firewall', status: 'operational', group: false },
  ],
  incidents: [
    {
      name: 'Emerging Issue with Edge DNS',
      status: 'identified',
      impact: 'minor',
      updated_at: '2021-07-22T16:09:51Z',
      shortlink: 'https://stspg.io/x',
      incident_updates: [{ status: 'identified', body: 'We have identified the issue and are working on a fix.', created_at: '2021-07-22T16:09:51Z' }],
    },
    { name: 'Old maintenance', status: 'resolved', impact: 'none', updated_at: '2021-07-20T00:00:00Z', incident_updates: [] },
  ],
});

describe('Statuspage v2 summary.json', () => {
  it('reads the indicator, the description and only the unresolved incidents with their latest update', () => {
    const f = facts(AKAMAI);
    assert.equal(f.format, 'statuspage');
    assert.equal(f.indicator, 'minor');
    assert.equal(f.description, 'Minor Service Outage');
    assert.deepEqual(f.incidents.map((i) => [i.name, i.status, i.updatedAt]), [['Emerging Issue with Edge DNS', 'identified', '2021-07-22T16:09:51Z']]);
    assert.equal(f.incidents[0]?.update, 'We have identified the issue and are working on a fix.');
  });
  it('leaves group components out (their status repeats a child’s) and counts the affected ones', () => {
    const f = facts(AKAMAI);
    assert.deepEqual(f.components.map((c) => c.name), ['Edge DNS', 'Web Application Firewall']);
    assert.equal(affectedCount(f.components), 1);
  });
  it('an all-operational page has indicator none and no incident', () => {
    const f = facts(JSON.stringify({ page: {}, status: { indicator: 'none', description: 'All Systems Operational' }, components: [], incidents: [] }));
    assert.equal(f.indicator, 'none');
    assert.equal(f.incidents.length, 0);
  });
  it('keeps at most MAX_INCIDENTS, newest first', () => {
    const incidents = Array.from({ length: 25 }, (_, i) => ({ name: `i${i}`, status: 'investigating', updated_at: new Date(NOW - i * 60_000).toISOString() }));
    const f = facts(JSON.stringify({ status: { indicator: 'major' }, incidents: incidents.reverse() }));
    assert.equal(f.incidents.length, MAX_INCIDENTS);
    assert.equal(f.incidents[0]?.name, 'i0');
  });
});

describe('components for a POP', () => {
  const components = [
    { name: 'Mumbai, India - (BOM)', status: 'partial_outage' },
    { name: 'Bombay Sapphire Lounge', status: 'operational' },
    { name: 'Frankfurt, Germany - (FRA)', status: 'operational' },
  ];
  it('matches Cloudflare’s bracketed code, not a name that merely contains the letters', () => {
    assert.deepEqual(componentsForPop(components, 'BOM'), [components[0]]);
  });
  it('no POP, or a POP that is not a code, matches nothing', () => {
    assert.deepEqual(componentsForPop(components, null), []);
    assert.deepEqual(componentsForPop(components, 'B)|(F'), []);
  });
});

describe('Google Cloud incidents.json', () => {
  const body = JSON.stringify([
    { id: 'a', external_desc: 'Cloud CDN elevated errors', severity: 'high', modified: '2021-07-22T16:00:00Z', most_recent_update: { status: 'SERVICE_OUTAGE', text: 'Mitigation in progress' }, uri: 'incidents/a' },
    { id: 'b', external_desc: 'Old one', severity: 'low', begin: '2021-07-01T00:00:00Z', end: '2021-07-01T02:00:00Z' },
  ]);
  it('open incidents are those without an end; the worst severity sets the indicator', () => {
    const f = facts(body);
    assert.equal(f.format, 'google-incidents');
    assert.equal(f.indicator, 'major');
    assert.deepEqual(f.incidents.map((i) => [i.name, i.status, i.url]), [['Cloud CDN elevated errors', 'SERVICE_OUTAGE', 'https://status.cloud.google.com/incidents/a']]);
  });
  it('no open incident: indicator none', () => {
    assert.equal(facts('[]').indicator, 'none');
  });
});

describe('RSS', () => {
  const item = (title: string, at: number, description = '') => `<item><title><![CDATA[${title}]]></title><link>https://www.fastlystatus.com/incident/1</link><pubDate>${new Date(at).toUTCString()}</pubDate><description>${description}</description></item>`;
  const feed = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Fastly</title>${items}</channel></rss>`;
  it('recent items not marked resolved are the open incidents; RSS gives no indicator', () => {
    const f = facts(feed(item('Degraded performance in Europe', NOW - 3_600_000, '&lt;p&gt;Investigating &amp; monitoring&lt;/p&gt;') + item('Resolved: API latency', NOW - 600_000) + item('Last month', NOW - RSS_RECENT_MS - 1)));
    assert.equal(f.format, 'rss');
    assert.equal(f.indicator, null);
    assert.deepEqual(f.incidents.map((i) => i.name), ['Degraded performance in Europe']);
    assert.equal(f.incidents[0]?.update, 'Investigating & monitoring');
  });
});

describe('broken and hostile feeds', () => {
  for (const [what, body] of [
    ['an HTML page', '<html><body>Just a moment...</body></html>'],
    ['truncated JSON', AKAMAI.slice(0, 100)],
    ['JSON of another shape', '{"hello":"world"}'],
    ['nothing', ''],
  ] as const) {
    it(`${what} is FEED_UNREADABLE, not an exception`, () => {
      const parsed = parseStatusFeed(body, NOW);
      assert.equal(parsed.ok, false);
      assert.equal(parsed.ok ? '' : parsed.error.code, 'FEED_UNREADABLE');
    });
  }
  it('overlong names are cut; escape sequences are kept as data for the renderers to escape', () => {
    const f = facts(JSON.stringify({ status: { indicator: 'major', description: '\u001b[2J' }, incidents: [{ name: 'x'.repeat(5000), status: 'investigating' }] }));
    assert.ok((f.incidents[0]?.name.length ?? 0) <= 200);
    assert.equal(f.description, '\u001b[2J');
  });
  it('fields of the wrong type are ignored', () => {
    const f = facts(JSON.stringify({ status: { indicator: 42 }, incidents: [{ name: ['x'], status: {} }, 'junk'], components: 'no' }));
    assert.equal(f.indicator, null);
    assert.deepEqual(f.incidents.map((i) => i.name), ['(no name)']);
    assert.deepEqual(f.components, []);
  });
});

// 8 June 2021, 09:47–10:36 UTC, as a timeline: Fastly's edges answer 503 Varnish pages, then the fix goes out and
// they answer again (Fastly: 95% of the network back within 49 minutes). For `cdn-check watch --until up`: each
// check of a site takes the next step of its own timeline (one request per edge address: two per check), and the
// status page moves from investigating to resolved one read (one check) at a time.
import type { EdgeBehaviour } from '../edges.ts';
import type { Scenario, SiteSpec } from '../scenario.ts';
import { guruMeditation, scenario as fastly2021 } from './fastly-2021.ts';

const served: EdgeBehaviour = {
  kind: 'respond',
  status: 200,
  headers: { server: 'Varnish', via: '1.1 varnish', 'x-served-by': 'cache-lhr7350-LHR', 'x-cache': 'HIT', 'x-cache-hits': '1', 'content-type': 'text/html; charset=utf-8' },
  body: '<!doctype html><title>GOV.UK</title>',
};

/** Down for two checks (two edges each), then up for good: a fresh timeline per site (each counts its own requests). */
const recovering = (): EdgeBehaviour => ({ kind: 'sequence', steps: [guruMeditation, guruMeditation, guruMeditation, guruMeditation, served], hold: true });

const onFastly = (site: SiteSpec): SiteSpec => (site.cdn === 'fastly' ? { ...site, behaviour: recovering() } : site);

export const scenario: Scenario = {
  ...fastly2021,
  name: 'fastly-2021-recovery',
  title: 'Fastly 2021 as a timeline: 503 "Guru Meditation" for two checks, then the fix (for watch --until up)',
  story:
    'The Fastly outage of 8 June 2021 replayed over time: the first checks see the Varnish 503 pages everywhere, then the fix is deployed and the edges answer. Fastly\'s status feed (RSS) goes from investigating, to identified, to resolved. Run it under `cdn-check watch --until up` to wait for the recovery as a deploy would.',
  sites: fastly2021.sites.map(onFastly),
  providers: {},
  targets: ['www.gov.uk'],
  // Fastly's first and last posts that morning, as widely quoted.
  status: {
    fastly: [
      { indicator: 'major', description: 'Major outage', incidents: [{ name: 'Investigating potential impact to performance with our CDN services', status: 'investigating', impact: 'major', minutesAgo: 10, update: 'Fastly is currently investigating potential impact to performance with our CDN services.' }] },
      { indicator: 'major', description: 'Major outage', incidents: [{ name: 'Investigating potential impact to performance with our CDN services', status: 'identified', impact: 'major', minutesAgo: 2, update: 'The issue has been identified and a fix has been applied. Customers may experience increased origin load as global services return.' }] },
      { indicator: 'none', description: 'All Systems Operational', incidents: [{ name: 'Investigating potential impact to performance with our CDN services', status: 'resolved', impact: 'major', minutesAgo: 1, update: 'This incident has been resolved.' }] },
    ],
  },
  expected: {
    exitCode: 2,
    targets: { 'www.gov.uk': { status: 'provider-outage', provider: 'fastly', layer: 'http' } },
  },
};

// 22 July 2021, 15:46 UTC: Akamai's authoritative DNS for akamaiedge.net answered SERVFAIL for Enhanced TLS
// slots above 6145 after a bad load-balancing directive (Akamai's post-mortem). Sites whose chain ended on
// such a slot vanished; lower slots and non-Enhanced-TLS properties kept working.
import type { LabIncident, LabStatusPage, Scenario } from '../scenario.ts';

const servfailAtLeaf = { at: 'leaf', fault: 'servfail' } as const;

function akamaiPage(status: LabIncident['status'], minutesAgo: number, update: string): LabStatusPage {
  return {
    indicator: 'minor',
    description: 'Minor Service Outage',
    incidents: [{ name: 'Emerging Issue - Edge DNS', status, impact: 'minor', minutesAgo, update }],
    components: [{ name: 'Edge DNS', status: 'partial_outage' }],
  };
}

export const scenario: Scenario = {
  name: 'akamai-2021',
  date: '2021-07-22',
  provider: 'akamai',
  title: 'Akamai Edge DNS SERVFAIL at akamaiedge.net for Enhanced TLS slots above 6145',
  story:
    'A load-balancing directive with a formatting error left the akamaiedge.net authoritative servers without instructions for many Enhanced TLS slots; they answered SERVFAIL. Paytm, Zomato, Disney+ Hotstar and hundreds of others disappeared for up to an hour, while the customer zones and the edgekey.net hop still resolved.',
  sites: [
    { host: 'paytm.com', cdn: 'akamai', dns: 'akamai', slot: 7071, dnsFault: servfailAtLeaf },
    { host: 'zomato.com', cdn: 'akamai', dns: 'route53', slot: 9135, dnsFault: servfailAtLeaf },
    { host: 'hotstar.com', cdn: 'akamai', dns: 'akamai', slot: 6802, dnsFault: servfailAtLeaf },
    // Canaries: two on failing slots, one on a low slot that kept working (a partial outage).
    { host: 'www.sonyliv.com', cdn: 'akamai', dns: 'akamai', slot: 8123, dnsFault: servfailAtLeaf },
    { host: 'www.airtel.in', cdn: 'akamai', dns: 'akamai', slot: 12405, dnsFault: servfailAtLeaf },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    // Controls elsewhere.
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.fastly.com', cdn: 'fastly', dns: 'ns1' },
  ],
  // Akamai's status page that evening (Statuspage): the page label the press quoted, "Minor Service Outage", over
  // an Edge DNS incident that went from investigating to a fix about an hour later (Akamai's tweets, outages.md §1).
  // The incident's wording is Akamai's usual form, not a quotation. Each read of the feed (one per run) moves it on.
  status: {
    akamai: [
      akamaiPage('investigating', 10, 'We are investigating reports of sites on Akamai not resolving (DNS). We will provide updates as they become available.'),
      akamaiPage('identified', 5, 'The issue has been identified as a problem in the Edge DNS service; a fix is being implemented.'),
      akamaiPage('monitoring', 1, 'We have implemented a fix for this issue, and based on current observations, the service is resuming normal operations.'),
    ],
  },
  targets: ['paytm.com', 'zomato.com', 'hotstar.com'],
  canaries: [
    { provider: 'akamai', host: 'www.sonyliv.com' },
    { provider: 'akamai', host: 'www.airtel.in' },
    { provider: 'akamai', host: 'www.akamai.com' },
  ],
  controls: ['www.wikipedia.org', 'www.cloudflare.com', 'www.fastly.com'],
  expected: {
    exitCode: 2,
    targets: {
      'paytm.com': { status: 'provider-outage', provider: 'akamai', layer: 'dns', extent: 'provider-wide' },
      'zomato.com': { status: 'provider-outage', provider: 'akamai', layer: 'dns', extent: 'provider-wide' },
      'hotstar.com': { status: 'provider-outage', provider: 'akamai', layer: 'dns', extent: 'provider-wide' },
    },
  },
  // Probes everywhere saw the same SERVFAIL: they see this machine's world.
  vantage: {},
  fromExpected: {
    from: 'IN,US,DE',
    exitCode: 2,
    targets: {
      'paytm.com': { status: 'provider-outage', provider: 'akamai', scope: 'global' },
      'zomato.com': { status: 'provider-outage', provider: 'akamai', scope: 'global' },
      'hotstar.com': { status: 'provider-outage', provider: 'akamai', scope: 'global' },
    },
  },
};

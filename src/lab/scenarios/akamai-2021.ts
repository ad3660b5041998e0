// 22 July 2021, 15:46 UTC: Akamai's authoritative DNS for akamaiedge.net answered SERVFAIL for Enhanced TLS
// slots above 6145 after a bad load-balancing directive (Akamai's post-mortem). Sites whose chain ended on
// such a slot vanished; lower slots and non-Enhanced-TLS properties kept working.
import type { Scenario } from '../scenario.ts';

const servfailAtLeaf = { at: 'leaf', fault: 'servfail' } as const;

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

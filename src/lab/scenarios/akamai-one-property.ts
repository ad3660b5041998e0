// Akamai 22 July 2021 as one affected property sees it: its Enhanced TLS slot (above 6145) SERVFAILs in
// akamaiedge.net while the Akamai canaries it compares with sit on low, healthy slots. The failing name is in
// Akamai's zone, answered by Akamai's servers: Akamai's piece, so far only this site (issue 20).
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'akamai-one-property',
  date: '2021-07-22',
  provider: 'akamai',
  title: "One property's Akamai edge DNS slot SERVFAILs while other Akamai sites are fine: Akamai's side, this site only",
  story:
    "Akamai's failure hit only Enhanced TLS slots above 6145. Paytm's slot 7071 answers SERVFAIL at e7071.a.akamaiedge.net; the canaries it is compared with sit on slots 1699 and 2001 and answer. Nothing Paytm owns failed and Paytm cannot fix Akamai's DNS: the call is a ticket with Akamai, not a page to the site's team.",
  sites: [
    { host: 'paytm.com', cdn: 'akamai', dns: 'akamai', slot: 7071, dnsFault: { at: 'leaf', fault: 'servfail' } },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.apple.com', cdn: 'akamai', dns: 'akamai', slot: 2001 },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.fastly.com', cdn: 'fastly', dns: 'ns1' },
  ],
  targets: ['paytm.com'],
  canaries: [
    { provider: 'akamai', host: 'www.akamai.com' },
    { provider: 'akamai', host: 'www.apple.com' },
  ],
  controls: ['www.wikipedia.org', 'www.cloudflare.com', 'www.fastly.com'],
  expected: {
    exitCode: 2,
    targets: { 'paytm.com': { status: 'provider-outage', provider: 'akamai', layer: 'dns', extent: 'this-site' } },
  },
};

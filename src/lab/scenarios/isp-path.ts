// Synthetic: this machine's ISP cannot reach Akamai (a broken peering or route), while the rest of the
// internet can. From here every Akamai edge refuses the connection — Akamai's canaries too, so one vantage
// reads a provider outage. Remote probes, including those in this machine's country, reach it fine.
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'isp-path',
  date: null,
  provider: 'akamai',
  title: "Your ISP's path to Akamai is broken; Akamai is fine everywhere else",
  story:
    "Akamai's edges refuse connections from this network only: a route or peering between the ISP and Akamai is broken. Every Akamai site and canary fails from here, which from one vantage looks like an Akamai outage; Globalping's probes in every country, India included, get normal answers — it is your network's path.",
  sites: [
    { host: 'www.airtel.in', cdn: 'akamai', dns: 'akamai', slot: 1204 },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.sonyliv.com', cdn: 'akamai', dns: 'akamai', slot: 823 },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  providers: { akamai: { refuse: [0, 1] } },
  targets: ['www.airtel.in'],
  canaries: [
    { provider: 'akamai', host: 'www.akamai.com' },
    { provider: 'akamai', host: 'www.sonyliv.com' },
  ],
  controls: ['www.cloudflare.com', 'www.wikipedia.org'],
  expected: { exitCode: 2, targets: { 'www.airtel.in': { status: 'provider-outage', provider: 'akamai', layer: 'tcp' } } },
  vantage: { views: { world: { providers: {} } } },
  fromExpected: { from: 'IN,US,DE', exitCode: 3, targets: { 'www.airtel.in': { status: 'local-network', provider: null, scope: 'local' } } },
};

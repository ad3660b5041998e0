// Synthetic: a CDN's edges fail in one country only. From a machine in India every Fastly site answers
// Fastly's own 503; from the United States and Germany the same sites are fine. One vantage cannot tell
// "Fastly is down" from "Fastly is down in India"; Globalping's probes can (run it with --from IN,US,DE).
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'regional-edge',
  date: null,
  provider: 'fastly',
  title: 'Fastly edges in one country answer 503; elsewhere fine',
  story:
    "Fastly's points of presence serving India answer every request with Fastly's own 503 error page; its other regions serve normally. From here (in India) it is a provider outage; remote probes show it is regional: down from IN, up from US and DE.",
  sites: [
    { host: 'www.reddit.com', cdn: 'fastly', dns: 'route53' },
    { host: 'www.fastly.com', cdn: 'fastly', dns: 'ns1' },
    { host: 'www.github.com', cdn: 'fastly', dns: 'route53' },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  providers: { fastly: { behaviour: 'edge-error' } },
  targets: ['www.reddit.com'],
  canaries: [
    { provider: 'fastly', host: 'www.fastly.com' },
    { provider: 'fastly', host: 'www.github.com' },
  ],
  controls: ['www.akamai.com', 'www.wikipedia.org'],
  expected: { exitCode: 2, targets: { 'www.reddit.com': { status: 'provider-outage', provider: 'fastly', layer: 'http' } } },
  // Probes in India see this machine's world; every other probe a healthy Fastly.
  vantage: { views: { world: { providers: {} } }, countries: { IN: 'here' } },
  fromExpected: { from: 'IN,US,DE', exitCode: 2, targets: { 'www.reddit.com': { status: 'provider-outage', provider: 'fastly', scope: 'regional' } } },
};

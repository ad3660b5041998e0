// Synthetic: the Akamai edge addresses one site resolves to refuse its connections, while the same CDN serves
// its other sites fine. TCP refusals at addresses Akamai serves are Akamai's edge: a provider outage of
// extent this-site, not the site's own problem (issue 20).
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'akamai-edge-refused',
  date: null,
  provider: 'akamai',
  title: "Akamai's edge refuses one site's connections while other Akamai sites are fine: Akamai's side, this site only",
  story:
    "The bank's name resolves through edgekey.net to an Akamai edge address that refuses every connection; Akamai's other customers answer from their edges. The failing piece is Akamai's edge, which only Akamai can fix, however healthy the canaries look.",
  sites: [
    { host: 'www.example-bank.com', cdn: 'akamai', dns: 'route53', slot: 3100, behaviour: { kind: 'refuse' } },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.apple.com', cdn: 'akamai', dns: 'akamai', slot: 2001 },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
  ],
  // One property failing moves no status page: Akamai's still says so while this site is down. cdn-check shows the
  // page as it is and says that pages lag; the verdict stands on what was measured.
  status: { akamai: { indicator: 'none', description: 'All Systems Operational' } },
  targets: ['www.example-bank.com'],
  canaries: [
    { provider: 'akamai', host: 'www.akamai.com' },
    { provider: 'akamai', host: 'www.apple.com' },
  ],
  controls: ['www.wikipedia.org', 'www.cloudflare.com'],
  expected: {
    exitCode: 2,
    targets: { 'www.example-bank.com': { status: 'provider-outage', provider: 'akamai', layer: 'tcp', extent: 'this-site' } },
  },
};

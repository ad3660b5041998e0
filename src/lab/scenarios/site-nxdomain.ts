// A synthetic but common case: a record was deleted from the site's own zone (a bad deploy of DNS-as-code).
// The name is NXDOMAIN; the DNS host serves its other zones fine — the site's own problem.
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'site-nxdomain',
  date: null,
  provider: 'route53',
  title: 'The site\'s own record is gone (NXDOMAIN in its zone); Route 53 is fine (site-local)',
  story:
    'A DNS-as-code change removed the record for the shop\'s host name. Resolvers answer NXDOMAIN at the very first hop, inside the site\'s own zone, while other zones on the same DNS host resolve normally.',
  sites: [
    { host: 'www.example-store.com', cdn: 'cloudfront', dns: 'route53' },
    { host: 'www.amazon.com', cdn: 'cloudfront', dns: 'route53' },
    { host: 'www.netflix.com', cdn: 'cloudfront', dns: 'route53' },
    { host: 'www.airbnb.com', cdn: 'cloudfront', dns: 'route53' },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
  ],
  faults: [{ name: 'shop.example-store.com', fault: 'nxdomain' }],
  targets: ['shop.example-store.com'],
  canaries: [
    { provider: 'route53', host: 'www.amazon.com' },
    { provider: 'route53', host: 'www.netflix.com' },
    { provider: 'route53', host: 'www.airbnb.com' },
  ],
  controls: ['www.wikipedia.org', 'www.cloudflare.com'],
  expected: {
    exitCode: 1,
    targets: { 'shop.example-store.com': { status: 'site-outage', layer: 'dns' } },
  },
};

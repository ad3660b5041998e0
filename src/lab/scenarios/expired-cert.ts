// A synthetic but common case: the site's certificate expired (renewal failed); the CDN and its other
// customers are fine. Site-local, and the report says which certificate and since when.
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'expired-cert',
  date: null,
  provider: 'fastly',
  title: 'The site\'s own certificate expired; Fastly and its other sites are fine (site-local)',
  story:
    'The automated renewal of the site\'s certificate failed silently weeks ago. DNS and TCP are fine; every TLS handshake fails verification with CERT_HAS_EXPIRED, while other sites on the same CDN verify.',
  sites: [
    { host: 'api.example-payments.com', cdn: 'fastly', dns: 'route53', cert: 'expired' },
    { host: 'www.fastly.com', cdn: 'fastly', dns: 'ns1' },
    { host: 'www.nytimes.com', cdn: 'fastly', dns: 'ns1' },
    { host: 'www.reddit.com', cdn: 'fastly', dns: 'route53' },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
  ],
  targets: ['api.example-payments.com'],
  canaries: [
    { provider: 'fastly', host: 'www.fastly.com' },
    { provider: 'fastly', host: 'www.nytimes.com' },
    { provider: 'fastly', host: 'www.reddit.com' },
  ],
  controls: ['www.wikipedia.org', 'www.cloudflare.com'],
  expected: {
    exitCode: 1,
    targets: { 'api.example-payments.com': { status: 'site-outage', layer: 'tls' } },
  },
};

// A synthetic but everyday case: Cloudflare answers, but cannot reach the site's origin (HTTP 522), while
// other Cloudflare sites are fine. The site's own problem — exactly what the on-call engineer needs to hear.
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'origin-down',
  date: null,
  provider: 'cloudflare',
  title: 'Cloudflare 522: the edge is fine, the site\'s origin does not answer (site-local)',
  story:
    'The shop\'s origin servers stopped accepting connections. Cloudflare\'s edge answers every request with its own "522 Connection timed out" page, which names the origin as the failing party; other Cloudflare sites load normally.',
  sites: [
    { host: 'shop.example-store.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true, behaviour: 'origin-error' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'discord.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.medium.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  targets: ['shop.example-store.com'],
  canaries: [
    { provider: 'cloudflare', host: 'www.cloudflare.com' },
    { provider: 'cloudflare', host: 'discord.com' },
    { provider: 'cloudflare', host: 'www.medium.com' },
  ],
  controls: ['www.akamai.com', 'www.wikipedia.org'],
  expected: {
    exitCode: 1,
    targets: { 'shop.example-store.com': { status: 'site-outage', provider: null, layer: 'http' } },
  },
};

// Nothing is wrong: what a normal day looks like, and the baseline the benchmarks measure.
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'healthy',
  date: null,
  provider: null,
  title: 'Everything works: Akamai, Cloudflare and Fastly sites all answer',
  story: 'A normal day. Each site resolves through its CDN\'s chain, every edge completes TCP, TLS and HTTP, and the report shows the providers, the POP and the timings.',
  sites: [
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.fastly.com', cdn: 'fastly', dns: 'ns1' },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  targets: ['www.akamai.com', 'www.cloudflare.com', 'www.fastly.com'],
  canaries: [],
  controls: ['www.wikipedia.org'],
  expected: {
    exitCode: 0,
    targets: {
      'www.akamai.com': { status: 'up', provider: 'akamai' },
      'www.cloudflare.com': { status: 'up', provider: 'cloudflare' },
      'www.fastly.com': { status: 'up', provider: 'fastly' },
    },
  },
};

// 2 July 2019, 13:42 UTC: a WAF rule with a catastrophically backtracking regular expression pinned every
// CPU serving HTTP; proxied sites got Cloudflare's own "502 Bad Gateway" page for 27 minutes (Cloudflare's post-mortem).
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'cloudflare-2019',
  date: '2019-07-02',
  provider: 'cloudflare',
  title: 'Cloudflare edges answer 502 Bad Gateway for every proxied site (WAF regex)',
  story:
    'A WAF managed rule deployed globally in one go backtracked catastrophically and drove CPUs to 100%. DNS and TCP/TLS to the anycast addresses kept working; every proxied site answered with Cloudflare\'s branded 502 page for 27 minutes.',
  sites: [
    { host: 'www.okcupid.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'discord.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.medium.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.coinbase.com', cdn: 'cloudflare', dns: 'cloudflare' },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.fastly.com', cdn: 'fastly', dns: 'ns1' },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  providers: { cloudflare: { behaviour: 'edge-error' } },
  targets: ['www.okcupid.com', 'discord.com'],
  canaries: [
    { provider: 'cloudflare', host: 'www.cloudflare.com' },
    { provider: 'cloudflare', host: 'www.medium.com' },
    { provider: 'cloudflare', host: 'www.coinbase.com' },
  ],
  controls: ['www.akamai.com', 'www.fastly.com', 'www.wikipedia.org'],
  expected: {
    exitCode: 2,
    targets: {
      'www.okcupid.com': { status: 'provider-outage', provider: 'cloudflare', layer: 'http' },
      'discord.com': { status: 'provider-outage', provider: 'cloudflare', layer: 'http' },
    },
  },
};

// 21 October 2016, 11:10 UTC: a Mirai botnet DDoS against Dyn's Managed DNS. Sites whose zones Dyn hosted
// (Twitter, GitHub, Reddit, Spotify) stopped resolving at the very first hop, in waves, while their servers were fine.
import type { Scenario, SiteSpec } from '../scenario.ts';

/** Recursive resolvers still had the NS set cached (long TTLs); the queries into the zones failed. */
const zoneDown: SiteSpec['dnsFault'] = { at: 'zone', fault: 'servfail', types: ['A', 'AAAA', 'CNAME'] };

export const scenario: Scenario = {
  name: 'dyn-2016',
  date: '2016-10-21',
  provider: 'dyn',
  title: 'Dyn Managed DNS under DDoS: customer zones SERVFAIL at the first hop',
  story:
    'Waves of DDoS traffic from Mirai-infected devices overwhelmed Dyn\'s authoritative servers. Recursive resolvers could not get answers for zones hosted on Dyn, so twitter.com, github.com and many others failed at the very first DNS hop, while their web servers stayed up.',
  sites: [
    { host: 'twitter.com', cdn: null, dns: 'dyn', dnsFault: zoneDown },
    { host: 'github.com', cdn: null, dns: 'dyn', dnsFault: zoneDown },
    { host: 'www.spotify.com', cdn: null, dns: 'dyn', dnsFault: zoneDown },
    { host: 'www.etsy.com', cdn: null, dns: 'dyn', dnsFault: zoneDown },
    { host: 'www.dyn.com', cdn: null, dns: 'dyn', dnsFault: zoneDown },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
  ],
  targets: ['twitter.com', 'github.com'],
  canaries: [
    { provider: 'dyn', host: 'www.spotify.com' },
    { provider: 'dyn', host: 'www.etsy.com' },
    { provider: 'dyn', host: 'www.dyn.com' },
  ],
  controls: ['www.wikipedia.org', 'www.cloudflare.com', 'www.akamai.com'],
  expected: {
    exitCode: 2,
    targets: {
      'twitter.com': { status: 'provider-outage', provider: 'dyn', layer: 'dns' },
      'github.com': { status: 'provider-outage', provider: 'dyn', layer: 'dns' },
    },
  },
};

// 4 October 2021, 15:39 UTC: a backbone maintenance command cut Facebook's data centres off; its edge DNS
// servers then withdrew their own anycast routes, so the self-hosted authoritative DNS vanished with them
// (Facebook's engineering post-mortem; Cloudflare's write-up). No CDN was involved: the site's own infrastructure.
import type { Scenario, SiteSpec } from '../scenario.ts';

/** Resolvers kept the delegation (NS at .com has a two-day TTL) but got no answer from a–d.ns.facebook.com. */
const selfHostedDown = (host: string, zone: string): SiteSpec => ({
  host,
  cdn: null,
  dns: 'self',
  nameservers: ['a', 'b', 'c', 'd'].map((n) => `${n}.ns.${zone}`),
  dnsFault: { at: 'zone', fault: 'servfail', types: ['A', 'AAAA', 'CNAME'] },
});

export const scenario: Scenario = {
  name: 'facebook-2021',
  date: '2021-10-04',
  provider: null,
  title: 'Facebook\'s self-hosted DNS withdrawn with its backbone: SERVFAIL, no CDN involved (site-local)',
  story:
    'A command meant to assess backbone capacity took the backbone down; Facebook\'s DNS servers, unable to reach the data centres, withdrew the routes to themselves. Resolvers answered SERVFAIL for facebook.com, instagram.com and whatsapp.com for about six hours. The zones are self-hosted and no CDN or DNS provider was involved: the organisation\'s own infrastructure, which is what cdn-check says.',
  sites: [
    selfHostedDown('www.facebook.com', 'facebook.com'),
    selfHostedDown('www.instagram.com', 'instagram.com'),
    selfHostedDown('www.whatsapp.com', 'whatsapp.com'),
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
  ],
  targets: ['www.facebook.com', 'www.instagram.com', 'www.whatsapp.com'],
  canaries: [],
  controls: ['www.wikipedia.org', 'www.cloudflare.com', 'www.akamai.com'],
  expected: {
    exitCode: 1,
    targets: {
      'www.facebook.com': { status: 'site-outage', provider: null, layer: 'dns' },
      'www.instagram.com': { status: 'site-outage', provider: null, layer: 'dns' },
      'www.whatsapp.com': { status: 'site-outage', provider: null, layer: 'dns' },
    },
  },
};

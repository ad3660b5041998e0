// 8 June 2021, 09:47 UTC: a valid customer configuration change triggered a latent bug and 85 % of Fastly's
// network returned errors (Fastly's summary). DNS, TCP and TLS were fine; the edges answered 503 Varnish pages.
import type { EdgeBehaviour } from '../edges.ts';
import type { Scenario } from '../scenario.ts';

/** The untrapped Varnish page gov.uk showed that morning (Ars Technica quoted it). */
export const guruMeditation: EdgeBehaviour = {
  kind: 'respond',
  status: 503,
  headers: { server: 'Varnish', via: '1.1 varnish', 'x-served-by': 'cache-lhr7350-LHR', 'x-cache': 'MISS', 'x-timer': 'S1623145620.123456,VS0,VE0', 'content-type': 'text/html; charset=utf-8' },
  body: '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Error 503 Service Unavailable</h1><p>Service Unavailable</p><h3>Guru Meditation:</h3><p>XID: 1185528542</p><hr><p>Varnish cache server</p></body></html>',
};

export const scenario: Scenario = {
  name: 'fastly-2021',
  date: '2021-06-08',
  provider: 'fastly',
  title: 'Fastly edges answer 503 "Guru Meditation" Varnish errors everywhere',
  story:
    'A customer configuration change triggered a bug deployed on 12 May; 85% of Fastly\'s network returned errors for 49 minutes. gov.uk, Reddit, the Guardian and the New York Times showed Varnish "Error 503 Service Unavailable" pages, while DNS, TCP and TLS to the POPs worked.',
  sites: [
    { host: 'www.gov.uk', cdn: 'fastly', dns: 'dyn' },
    { host: 'www.theguardian.com', cdn: 'fastly', dns: 'ns1' },
    { host: 'www.nytimes.com', cdn: 'fastly', dns: 'ns1' },
    { host: 'www.reddit.com', cdn: 'fastly', dns: 'route53' },
    { host: 'www.fastly.com', cdn: 'fastly', dns: 'ns1' },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  providers: { fastly: { behaviour: guruMeditation } },
  targets: ['www.gov.uk', 'www.theguardian.com'],
  canaries: [
    { provider: 'fastly', host: 'www.nytimes.com' },
    { provider: 'fastly', host: 'www.reddit.com' },
    { provider: 'fastly', host: 'www.fastly.com' },
  ],
  controls: ['www.akamai.com', 'www.cloudflare.com', 'www.wikipedia.org'],
  expected: {
    exitCode: 2,
    targets: {
      'www.gov.uk': { status: 'provider-outage', provider: 'fastly', layer: 'http' },
      'www.theguardian.com': { status: 'provider-outage', provider: 'fastly', layer: 'http' },
    },
  },
};

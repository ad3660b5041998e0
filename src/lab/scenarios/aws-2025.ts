// 20 October 2025, 06:48 UTC: a race in DynamoDB's DNS automation emptied the us-east-1 endpoint record; apps
// whose back ends lived there failed for hours (AWS's post-event summary). From a client, the CDN in front
// was fine and said so: CloudFront answered with its own "could not connect to origin" pages.
import type { Scenario, SiteSpec } from '../scenario.ts';

const originDown = (host: string): SiteSpec => ({ host, cdn: 'cloudfront', dns: 'route53', behaviour: 'origin-error' });

export const scenario: Scenario = {
  name: 'aws-2025',
  date: '2025-10-20',
  provider: 'cloudfront',
  title: 'us-east-1 back ends fail behind a healthy CloudFront: origin errors, the CDN is fine',
  story:
    'DynamoDB\'s regional endpoint lost all its addresses, and everything built on it in us-east-1 failed in cascade. Snapchat, Venmo, Roblox and thousands of others returned errors, but their DNS, CloudFront edges and certificates were fine: the 502s were CloudFront reporting that the origin could not be reached. cdn-check calls each a site outage — the CDN is not the problem — and the correlation across targets shows they fail together behind their origins.',
  sites: [
    originDown('www.snapchat.com'),
    originDown('venmo.com'),
    originDown('www.roblox.com'),
    { host: 'www.amazon.com', cdn: 'cloudfront', dns: 'route53' },
    { host: 'www.imdb.com', cdn: 'cloudfront', dns: 'route53' },
    { host: 'www.primevideo.com', cdn: 'cloudfront', dns: 'route53' },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
  ],
  targets: ['www.snapchat.com', 'venmo.com', 'www.roblox.com'],
  canaries: [
    { provider: 'cloudfront', host: 'www.amazon.com' },
    { provider: 'cloudfront', host: 'www.imdb.com' },
    { provider: 'cloudfront', host: 'www.primevideo.com' },
  ],
  controls: ['www.wikipedia.org', 'www.cloudflare.com'],
  expected: {
    exitCode: 1,
    targets: {
      'www.snapchat.com': { status: 'site-outage', provider: null, layer: 'http' },
      'venmo.com': { status: 'site-outage', provider: null, layer: 'http' },
      'www.roblox.com': { status: 'site-outage', provider: null, layer: 'http' },
    },
  },
};

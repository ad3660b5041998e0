// Synthetic: the site's CNAME points at a CloudFront distribution that no longer exists, so the name in
// cloudfront.net is NXDOMAIN. CloudFront's zone answered, authoritatively, that there is no such property:
// the site's setup at the CDN, not CloudFront's outage (issue 20).
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'cdn-nxdomain',
  date: null,
  provider: 'cloudfront',
  title: 'The site points at a CloudFront distribution that is gone (NXDOMAIN in cloudfront.net): the site\'s setup',
  story:
    "A clean-up deleted the shop's CloudFront distribution but left its CNAME in place. CloudFront's servers answer NXDOMAIN for the d….cloudfront.net name: the property is gone, or the name was mistyped. CloudFront serves its other sites fine, and the fix is the site's.",
  sites: [
    { host: 'www.example-shop.com', cdn: 'cloudfront', dns: 'route53', dnsFault: { at: 'leaf', fault: 'nxdomain' } },
    { host: 'www.amazon.com', cdn: 'cloudfront', dns: 'route53' },
    { host: 'www.imdb.com', cdn: 'cloudfront', dns: 'route53' },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
  ],
  targets: ['www.example-shop.com'],
  canaries: [
    { provider: 'cloudfront', host: 'www.amazon.com' },
    { provider: 'cloudfront', host: 'www.imdb.com' },
  ],
  controls: ['www.wikipedia.org', 'www.cloudflare.com'],
  expected: {
    exitCode: 1,
    targets: { 'www.example-shop.com': { status: 'site-outage', provider: null, layer: 'dns', extent: null } },
  },
};

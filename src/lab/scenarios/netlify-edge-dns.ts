// Synthetic: a Netlify site's name in netlify.app SERVFAILs, and cdn-check has no Netlify canary to compare
// with. The failing name is in Netlify's zone: Netlify's piece, whatever else is unknown (issue 20: it was
// inconclusive). How far it reaches is unknown.
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'netlify-edge-dns',
  date: null,
  provider: 'netlify',
  title: "A Netlify site's netlify.app name SERVFAILs and there is no Netlify canary: Netlify's side, extent unknown",
  story:
    "The docs site's CNAME points into netlify.app, and Netlify's servers answer SERVFAIL for it. No Netlify canary is configured and no other target in the run is on Netlify, so nothing tells how far the failure reaches; the piece that failed is still plainly Netlify's.",
  sites: [
    { host: 'docs.example-docs.com', cdn: 'netlify', dns: 'dnsimple', dnsFault: { at: 'leaf', fault: 'servfail' } },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
  ],
  targets: ['docs.example-docs.com'],
  canaries: [],
  controls: ['www.wikipedia.org', 'www.cloudflare.com'],
  expected: {
    exitCode: 2,
    targets: { 'docs.example-docs.com': { status: 'provider-outage', provider: 'netlify', layer: 'dns', extent: 'unknown' } },
  },
};

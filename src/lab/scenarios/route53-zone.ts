// The site's own zone, hosted on Route 53, answers SERVFAIL, in two worlds: Route 53 serving its other zones
// fine (the zone's own setup: a broken DNSSEC chain, a lame delegation — the site's) and Route 53 failing for
// other zones too (Route 53's authoritative service: a provider outage, as Dyn 2016 was).
import type { Scenario, SiteSpec } from '../scenario.ts';

/** Resolvers still hold the NS set (long TTLs); the queries into the zone fail. */
const zoneDown: SiteSpec['dnsFault'] = { at: 'zone', fault: 'servfail', types: ['A', 'AAAA', 'CNAME'] };

function route53Zone(canariesFail: boolean): Scenario {
  const canary = (host: string): SiteSpec => ({ host, cdn: 'cloudfront', dns: 'route53', ...(canariesFail ? { dnsFault: zoneDown } : {}) });
  return {
    name: canariesFail ? 'route53-outage' : 'route53-zone',
    date: null,
    provider: 'route53',
    title: canariesFail
      ? "The site's zone on Route 53 SERVFAILs and other Route 53 zones fail too: Route 53's outage"
      : "The site's zone on Route 53 SERVFAILs while other Route 53 zones are fine: the site's own zone",
    story: canariesFail
      ? "Queries into the travel site's zone, hosted on Route 53, answer SERVFAIL, and so do those into the other Route 53 zones cdn-check compares with: Route 53's authoritative service is failing, not the site's zone."
      : "Queries into the travel site's zone, hosted on Route 53, answer SERVFAIL, while the other Route 53 zones cdn-check compares with resolve: the zone's own setup (DNSSEC, delegation) is at fault, the site's to fix.",
    sites: [
      { host: 'www.example-travel.com', cdn: 'cloudfront', dns: 'route53', dnsFault: zoneDown },
      canary('www.netflix.com'),
      canary('www.slack.com'),
      canary('www.twitch.tv'),
      { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
      { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    ],
    targets: ['www.example-travel.com'],
    canaries: [
      { provider: 'route53', host: 'www.netflix.com' },
      { provider: 'route53', host: 'www.slack.com' },
      { provider: 'route53', host: 'www.twitch.tv' },
    ],
    controls: ['www.wikipedia.org', 'www.cloudflare.com'],
    expected: canariesFail
      ? { exitCode: 2, targets: { 'www.example-travel.com': { status: 'provider-outage', provider: 'route53', layer: 'dns', extent: 'provider-wide' } } }
      : { exitCode: 1, targets: { 'www.example-travel.com': { status: 'site-outage', provider: null, layer: 'dns', extent: null } } },
  };
}

export const zoneScenario: Scenario = route53Zone(false);
export const outageScenario: Scenario = route53Zone(true);

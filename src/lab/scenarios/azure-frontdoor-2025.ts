// 29 October 2025, 15:41 UTC: an inadvertent configuration change to Azure Front Door left many AFD nodes
// unable to load their configuration; clients saw DNS resolution problems and connection timeouts
// (Microsoft's preliminary post-incident review).
import type { Scenario, SiteSpec } from '../scenario.ts';

const onFrontDoor = (host: string, slot: number): SiteSpec => ({ host, cdn: 'azure-frontdoor', dns: 'azure-dns', slot });

export const scenario: Scenario = {
  name: 'azure-frontdoor-2025',
  date: '2025-10-29',
  provider: 'azure-frontdoor',
  title: 'Azure Front Door nodes fail: connections to the edges hang or are refused',
  story:
    'A tenant configuration change that bypassed safety checks made Azure Front Door nodes fail to load their configuration and drop out. Microsoft 365, Xbox and many customer sites behind AFD timed out or failed to connect for hours, while sites elsewhere were fine.',
  sites: [
    onFrontDoor('www.xbox.com', 101),
    onFrontDoor('portal.azure.com', 202),
    onFrontDoor('www.office.com', 303),
    onFrontDoor('www.alaskaair.com', 404),
    onFrontDoor('www.costco.com', 505),
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  // One edge accepts TCP and never finishes TLS, the other has nothing listening.
  providers: { 'azure-frontdoor': { edges: 2, behaviour: { kind: 'hang-tcp' }, refuse: [1] } },
  targets: ['www.xbox.com', 'portal.azure.com'],
  canaries: [
    { provider: 'azure-frontdoor', host: 'www.office.com' },
    { provider: 'azure-frontdoor', host: 'www.alaskaair.com' },
    { provider: 'azure-frontdoor', host: 'www.costco.com' },
  ],
  controls: ['www.akamai.com', 'www.cloudflare.com', 'www.wikipedia.org'],
  limits: { timeoutMs: 800, deadlineMs: 6000 },
  expected: {
    exitCode: 2,
    targets: {
      'www.xbox.com': { status: 'provider-outage', provider: 'azure-frontdoor' },
      'portal.azure.com': { status: 'provider-outage', provider: 'azure-frontdoor' },
    },
  },
};

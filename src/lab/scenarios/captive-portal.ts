// A captive portal (hotel, airport or train Wi-Fi before sign-in): the network's resolver answers every name
// with the portal's address, whose HTTPS presents the portal's own certificate and a sign-in page. Every
// site "fails" the same way, controls included; the answer is your network, never the site or its CDN.
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'captive-portal',
  date: null,
  provider: null,
  title: "A captive portal answers every name with its own address: your network, not Akamai's or the site's",
  story:
    "Before sign-in, the Wi-Fi's resolver hands out the portal's address for every name, and the portal presents a certificate for its own name with a sign-in page. paytm.com then fails TLS exactly like a broken certificate — but so does every control, all resolving to that one address: the network is intercepting DNS.",
  sites: [
    { host: 'paytm.com', cdn: 'akamai', dns: 'akamai', slot: 7071 },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.fastly.com', cdn: 'fastly', dns: 'route53' },
  ],
  portal: { cert: 'wrong-name' },
  targets: ['paytm.com'],
  canaries: [{ provider: 'akamai', host: 'www.akamai.com' }],
  controls: ['www.wikipedia.org', 'www.cloudflare.com', 'www.fastly.com'],
  expected: { exitCode: 3, targets: { 'paytm.com': { status: 'local-network', layer: 'dns' } } },
};

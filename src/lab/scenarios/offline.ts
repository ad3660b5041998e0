// Your own network is down: the resolver answers nothing, for the target and for every control host alike.
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'offline',
  date: null,
  provider: null,
  title: 'Your own network is down: no DNS answer for the target or any control (local-network)',
  story:
    'The laptop\'s Wi-Fi dropped (or the VPN ate the resolver). Nothing resolves — not the site, not its canaries, not control hosts on other providers — so the fault is local, and cdn-check says so within the deadline instead of blaming a CDN.',
  sites: [
    { host: 'paytm.com', cdn: 'akamai', dns: 'akamai', slot: 7071 },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  faults: [{ name: '*', fault: 'drop' }],
  targets: ['paytm.com'],
  canaries: [{ provider: 'akamai', host: 'www.akamai.com' }],
  controls: ['www.cloudflare.com', 'www.wikipedia.org'],
  limits: { timeoutMs: 600, deadlineMs: 4000 },
  expected: {
    exitCode: 3,
    targets: { 'paytm.com': { status: 'local-network' } },
  },
};

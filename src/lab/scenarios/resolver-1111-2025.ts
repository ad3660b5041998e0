// 14 July 2025, 21:52 UTC: a configuration error withdrew the 1.1.1.1 resolver's prefixes for 62 minutes.
// Sites were fine; only users of that resolver could not resolve anything (Cloudflare's post-mortem).
import type { Scenario } from '../scenario.ts';

export const scenario: Scenario = {
  name: 'resolver-1111-2025',
  date: '2025-07-14',
  provider: 'cloudflare',
  title: 'One of two resolvers is dead (the 1.1.1.1 withdrawal); the sites themselves are fine',
  story:
    'A dormant misconfiguration linked the 1.1.1.1 prefixes to a non-production service; when it was triggered, the prefixes were withdrawn worldwide for an hour. Every site was up, but clients that used only 1.1.1.1 could resolve nothing. With two resolvers configured, cdn-check names the dead one.',
  sites: [
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.fastly.com', cdn: 'fastly', dns: 'ns1' },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  // The first resolver answers nothing at all; the second is healthy.
  resolvers: [{ faults: [{ name: '*', fault: 'drop' }] }, { faults: [] }],
  targets: ['www.akamai.com', 'www.fastly.com'],
  canaries: [],
  controls: ['www.wikipedia.org'],
  limits: { timeoutMs: 800, deadlineMs: 6000 },
  expected: {
    exitCode: 0,
    targets: {
      'www.akamai.com': { status: 'degraded', provider: 'akamai' },
      'www.fastly.com': { status: 'degraded', provider: 'fastly' },
    },
  },
};

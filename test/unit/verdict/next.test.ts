// verdict/next.ts as a table: each verdict's next step from plain data, and what must (and must not) be in it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextStep, type NextInput } from '../../../src/verdict/next.ts';

const NAMES: Record<string, string> = { akamai: 'Akamai', cloudflare: 'Cloudflare', route53: 'Amazon Route 53', fastly: 'Fastly' };
const PAGES: Record<string, string> = { akamai: 'https://www.akamaistatus.com/', route53: 'https://health.aws.amazon.com/health/status' };

function input(over: Partial<NextInput> & Pick<NextInput, 'verdict'>): NextInput {
  return {
    host: 'paytm.com',
    piece: null,
    ownerRole: null,
    code: null,
    cdn: null,
    dnsHost: null,
    zone: null,
    failedName: null,
    certValidTo: null,
    resolver: null,
    usedFrom: false,
    name: (id) => NAMES[id] ?? id,
    statusPage: (id) => PAGES[id] ?? null,
    ...over,
  };
}
const v = (status: NextInput['verdict']['status'], provider: string | null = null, layer: NextInput['verdict']['layer'] = null, extent: NextInput['verdict']['extent'] = null) => ({ status, provider, layer, extent });

const CASES: { name: string; in: NextInput; has: RegExp[]; hasNot?: RegExp[] }[] = [
  {
    name: 'a provider outage names the status page URL and says it is not your site',
    in: input({ verdict: v('provider-outage', 'akamai', 'dns', 'provider-wide'), piece: 'edge-dns', ownerRole: 'cdn', code: 'SERVFAIL', cdn: 'akamai' }),
    has: [/^Akamai's status page: https:\/\/www\.akamaistatus\.com\//, /not your site: hold deploys \/ fail over if you have a second CDN/],
    hasNot: [/ticket/],
  },
  {
    name: 'a provider outage for this site only also says to open a ticket',
    in: input({ verdict: v('provider-outage', 'akamai', 'tcp', 'this-site'), piece: 'edge', ownerRole: 'cdn', code: 'ECONNREFUSED' }),
    has: [/open a ticket with Akamai/],
  },
  {
    name: "a DNS host's outage points at a second DNS provider, not a second CDN",
    in: input({ verdict: v('provider-outage', 'route53', 'dns', 'provider-wide'), piece: 'dns-host', ownerRole: 'dns', code: 'SERVFAIL' }),
    has: [/health\.aws\.amazon\.com/, /second DNS provider/],
    hasNot: [/second CDN/],
  },
  {
    name: 'a provider with no known status page says so instead of a URL',
    in: input({ verdict: v('provider-outage', 'fastly', 'http', 'provider-wide'), piece: 'edge', ownerRole: 'cdn', code: 'HTTP_503' }),
    has: [/Fastly \(no status page known to cdn-check\)/],
    hasNot: [/https:/],
  },
  {
    name: 'an origin failure behind a healthy edge names the CDN and the code as read',
    in: input({ verdict: v('site-outage', null, 'http'), piece: 'origin', code: 'HTTP_522', cdn: 'cloudflare' }),
    has: [/origin behind a healthy Cloudflare edge failed \(HTTP 522\)/],
    hasNot: [/status page/],
  },
  {
    name: 'an expired certificate gives its expiry date',
    in: input({ verdict: v('site-outage', null, 'tls'), piece: 'certificate', code: 'CERT_HAS_EXPIRED', certValidTo: '2026-11-01T00:00:00.000Z' }),
    has: [/paytm\.com's certificate \(expired 2026-11-01\) fails \(CERT_HAS_EXPIRED\): renew it/],
  },
  {
    name: "the site's own zone names the zone and its DNS host",
    in: input({ verdict: v('site-outage', null, 'dns'), piece: 'zone', code: 'NXDOMAIN', zone: 'paytm.com', dnsHost: 'route53' }),
    has: [/own zone paytm\.com at Amazon Route 53: check its records, its delegation/],
  },
  {
    name: 'a missing property at the CDN names the failing name',
    in: input({ verdict: v('site-outage', null, 'dns'), piece: 'cdn-setup', code: 'NXDOMAIN', cdn: 'cloudflare', failedName: 'x.cdn.cloudflare.net' }),
    has: [/setup at Cloudflare: x\.cdn\.cloudflare\.net does not exist there/],
  },
  {
    name: 'your network at DNS: resolver checks, with the resolver asked',
    in: input({ verdict: v('local-network', null, 'dns'), resolver: '10.0.0.2:53' }),
    has: [/dig @10\.0\.0\.2 paytm\.com/, /--resolver/],
  },
  {
    name: 'your network past DNS: route checks',
    in: input({ verdict: v('local-network', null, 'tcp') }),
    has: [/traceroute/, /VPN or proxy/],
  },
  {
    name: 'inconclusive: the flags that add evidence, --from only when not used yet',
    in: input({ verdict: v('inconclusive', 'netlify', 'dns') }),
    has: [/--canary netlify=/, /--from/],
  },
  {
    name: 'inconclusive with --from already used does not suggest it again',
    in: input({ verdict: v('inconclusive', null, 'http'), usedFrom: true, cdn: 'cloudflare' }),
    has: [/--canary cloudflare=/],
    hasNot: [/--from/],
  },
  {
    name: 'inconclusive because the deadline cut it: a longer deadline',
    in: input({ verdict: v('inconclusive', null, 'dns'), code: 'DEADLINE' }),
    has: [/^rerun with a longer --deadline$/],
  },
  { name: 'up: nothing to do', in: input({ verdict: v('up', 'cloudflare') }), has: [/^nothing to do/] },
  { name: 'degraded: where to look', in: input({ verdict: v('degraded', 'fastly') }), has: [/-v/, /watch/] },
  { name: 'fingerprinted: how to probe', in: input({ verdict: v('fingerprinted', 'akamai') }), has: [/without --fingerprint-only/] },
];

describe('nextStep', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const next = nextStep(c.in);
      assert.ok(next.length > 0 && next.length <= 200, `short: ${next}`);
      assert.ok(!next.includes('\n'), 'one line');
      for (const re of c.has) assert.match(next, re);
      for (const re of c.hasNot ?? []) assert.doesNotMatch(next, re);
    });
  }
});

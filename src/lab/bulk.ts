// A synthetic internet of N sites on a mix of CDNs and DNS hosts, for bulk-mode tests and the sweep
// benchmarks: one scenario (so buildWorld gives it real provider chains, headers and NS records), its
// targets, and a targets file writer that streams (10,000 lines never sit in one string).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Scenario, SiteSpec } from './scenario.ts';

/**
 * How the sweep's sites spread over CDNs (weights out of 100), each with the DNS hosts its sites use. Only
 * CDNs whose lab chain is per site: where every site shares one name (ghs.googlehosted.com,
 * cname.vercel-dns.com), the lab would stack each site's A records on that name until answers overflow.
 */
const BULK_MIX: readonly { cdn: string; weight: number; dns: readonly string[] }[] = [
  { cdn: 'akamai', weight: 30, dns: ['akamai', 'route53'] },
  { cdn: 'cloudflare', weight: 25, dns: ['cloudflare'] },
  { cdn: 'fastly', weight: 15, dns: ['ns1', 'route53'] },
  { cdn: 'cloudfront', weight: 15, dns: ['route53'] },
  { cdn: 'azure-cdn', weight: 5, dns: ['azure-dns'] },
  { cdn: 'imperva', weight: 5, dns: ['ultradns'] },
  { cdn: 'bunny', weight: 3, dns: ['cloudflare', 'gandi-dns'] },
  { cdn: 'netlify', weight: 2, dns: ['dnsimple'] },
];

/** The one control of every bulk world: self-hosted, first site (so its lab address is 127.90.0.1). */
const BULK_CONTROL = 'www.control-self.test';
/** Akamai slots of bulk sites start here, so every site has its own e<slot>.a.akamaiedge.net leaf. */
const FIRST_SLOT = 10_000;

export interface BulkOptions {
  /** Number of targets (sites to diagnose); canaries and the control come on top. */
  count: number;
  /** Every n-th target (n ≥ 2) has its CDN leaf answer SERVFAIL, so a slice of the sweep is down at DNS; 0 = none. */
  downEvery?: number;
  /** Edge addresses per provider (default 2, as in the scenarios). */
  edgesPerProvider?: number;
}

/** Target i's host name: stable, unique, under the reserved .test TLD. */
function bulkTargetName(i: number): string {
  return `www.site${String(i).padStart(6, '0')}.test`;
}

/**
 * The CDN and DNS host of target i, by its index (deterministic, so runs are comparable). Consecutive
 * indexes are spread over the mix (i·37 mod 100 walks every bucket), so even 20 targets are mixed.
 */
export function bulkProviderOf(i: number): { cdn: string; dns: string } {
  let bucket = (i * 37) % 100;
  for (const entry of BULK_MIX) {
    if (bucket < entry.weight) return { cdn: entry.cdn, dns: entry.dns[i % entry.dns.length] ?? 'route53' };
    bucket -= entry.weight;
  }
  throw new Error('lab bulk: BULK_MIX weights must add up to 100');
}

/**
 * A scenario with `count` target sites spread over BULK_MIX, one healthy canary per CDN (counted for
 * its DNS host too when that is the CDN itself), and one self-hosted control. Pure; throws on a count
 * below 1 or a downEvery of 1 (that would leave no healthy target on any provider: a test bug).
 */
export function bulkScenario(opts: BulkOptions): Scenario {
  const { count, downEvery = 0 } = opts;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`lab bulk: count must be a positive integer, not ${count}`);
  if (downEvery === 1 || downEvery < 0) throw new RangeError(`lab bulk: downEvery must be 0 or at least 2, not ${downEvery}`);

  const sites: SiteSpec[] = [{ host: BULK_CONTROL, cdn: null, dns: 'self' }];
  const canaries = BULK_MIX.map((entry, k) => {
    const host = `www.canary-${entry.cdn}.test`;
    sites.push({ host, cdn: entry.cdn, dns: entry.dns[0] ?? 'route53', slot: FIRST_SLOT - 1 - k });
    return { provider: entry.cdn, host };
  });
  const targets: string[] = [];
  for (let i = 0; i < count; i++) {
    const host = bulkTargetName(i);
    const down = downEvery > 0 && i % downEvery === downEvery - 1;
    sites.push({ host, ...bulkProviderOf(i), slot: FIRST_SLOT + i, ...(down ? { dnsFault: { at: 'leaf', fault: 'servfail' } as const } : {}) });
    targets.push(host);
  }
  const edges = opts.edgesPerProvider ?? 2;
  return {
    name: `bulk-${count}`,
    date: null,
    provider: null,
    title: `${count} synthetic sites on ${BULK_MIX.length} CDNs`,
    story: 'A generated inventory for sweeps: each site on its CDN\'s real chain and edges, a slice of them down at DNS when asked.',
    sites,
    providers: Object.fromEntries(BULK_MIX.map((entry) => [entry.cdn, { edges }])),
    targets,
    canaries,
    controls: [BULK_CONTROL],
    expected: { exitCode: downEvery > 0 ? 1 : 0, targets: {} },
  };
}

/**
 * Writes `lines` to `path`, one a line, honouring backpressure; `extra` lines (comments, blank or bad
 * lines) are written first so a test can put them in front of the targets.
 */
export async function writeTargetsFile(path: string, lines: Iterable<string>, extra: string[] = []): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const closed = once(out, 'close');
  for (const line of [...extra]) if (!out.write(`${line}\n`)) await once(out, 'drain');
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await closed;
}

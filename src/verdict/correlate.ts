// Targets as evidence for each other: per provider, how many of the run's targets on it are down (three Akamai
// sites down and a Cloudflare site up is an Akamai outage even before a canary answers). The one counter the
// run layer and the tests use.
import type { CorrelationEntry, Fingerprint, Observation, Role } from '../types.ts';
import { blameOf, blamedProvider } from './blame.ts';

/** One target's standing with one provider. */
export interface CorrelationItem {
  provider: string;
  role: Role;
  down: boolean;
}

/**
 * What one target says about its providers. Up or degraded: every provider it was served through
 * (CDN, stacked layers, DNS host) works. Down: only the provider its failure is weighed against (blame.ts)
 * is counted, as down; the others are left out, because a site that failed before reaching its CDN says
 * nothing about that CDN.
 */
export function correlationItems(fp: Fingerprint, obs: Observation): CorrelationItem[] {
  if (obs.health !== 'down') {
    const cdns = [fp.cdn, ...fp.layers].flatMap((m) => (m ? [{ provider: m.id, role: 'cdn' as const, down: false }] : []));
    return fp.dns ? [...cdns, { provider: fp.dns.id, role: 'dns', down: false }] : cdns;
  }
  const blamed = blamedProvider(blameOf(obs, fp));
  return blamed ? [{ ...blamed, down: true }] : [];
}

/**
 * One target's contribution: each provider once, whatever its role (a site on Akamai's CDN and Akamai's DNS
 * is one Akamai target), down if any of its items is down.
 */
function contribution(items: readonly CorrelationItem[]): Map<string, boolean> {
  const byProvider = new Map<string, boolean>();
  for (const item of items) byProvider.set(item.provider, (byProvider.get(item.provider) ?? false) || item.down);
  return byProvider;
}

/**
 * Per provider, the targets down and in total. Sums only, so the result does not depend on the order in which
 * targets are added (they finish in any order), and a sweep of any size keeps memory per provider, not per host.
 * Entries are sorted by most down, then most in total, then provider id.
 */
export class Correlation {
  private readonly counts = new Map<string, { down: number; total: number }>();

  /** Counts one target, given its items (`correlationItems`). Add each target once. */
  add(items: readonly CorrelationItem[]): void {
    for (const [provider, down] of contribution(items)) {
      const entry = this.counts.get(provider) ?? { down: 0, total: 0 };
      this.counts.set(provider, { down: entry.down + (down ? 1 : 0), total: entry.total + 1 });
    }
  }

  /** Every target counted so far. */
  entries(): CorrelationEntry[] {
    return sorted([...this.counts].map(([provider, e]) => ({ provider, ...e })));
  }

  /** The evidence a target already added should be judged by: every other target, never itself. */
  peersExcluding(items: readonly CorrelationItem[]): CorrelationEntry[] {
    const own = contribution(items);
    const entries = [...this.counts].map(([provider, e]) => {
      const mine = own.get(provider);
      return mine === undefined ? { provider, ...e } : { provider, down: e.down - (mine ? 1 : 0), total: e.total - 1 };
    });
    return sorted(entries.filter((e) => e.total > 0));
  }
}

function sorted(entries: CorrelationEntry[]): CorrelationEntry[] {
  return entries.sort((a, b) => b.down - a.down || b.total - a.total || a.provider.localeCompare(b.provider));
}

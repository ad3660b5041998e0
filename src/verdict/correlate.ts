// Targets as evidence for each other: per provider, how many of the run's targets on it are down.
import type { CorrelationEntry, Fingerprint, Observation } from '../types.ts';
import { suspectOf } from './suspect.ts';

/** One target's standing with one provider. `host` lets a target be counted once and later left out. */
export interface CorrelationItem {
  host?: string;
  provider: string | null;
  role: 'cdn' | 'dns';
  down: boolean;
}

/**
 * Counts, per provider id, the targets down and in total. Items without a provider are skipped; items
 * with the same host and provider count once (down if any of them is down), so a site whose CDN and DNS
 * host are both Akamai is one Akamai target. Sorted by most down first, then by id.
 */
export function correlate(items: readonly CorrelationItem[]): CorrelationEntry[] {
  const byProvider = new Map<string, Map<string, boolean>>();
  items.forEach((item, i) => {
    if (item.provider === null) return;
    const hosts = byProvider.get(item.provider) ?? new Map<string, boolean>();
    const key = item.host ?? `#${i}`;
    hosts.set(key, (hosts.get(key) ?? false) || item.down);
    byProvider.set(item.provider, hosts);
  });
  return [...byProvider]
    .map(([provider, hosts]) => ({ provider, down: [...hosts.values()].filter(Boolean).length, total: hosts.size }))
    .sort((a, b) => b.down - a.down || a.provider.localeCompare(b.provider));
}

/** The correlation a target should be judged by: every other target's items, never its own. */
export function peersExcluding(all: readonly CorrelationItem[], self: string): CorrelationEntry[] {
  return correlate(all.filter((item) => item.host !== self));
}

/**
 * What one target says about its providers. Up or degraded: every provider it was served through
 * (CDN, stacked layers, DNS host) works. Down: only the provider its failure points at is counted, as down;
 * the others are left out, because a site that failed before reaching its CDN says nothing about that CDN.
 */
export function correlationItems(host: string, fp: Fingerprint, obs: Observation): CorrelationItem[] {
  if (obs.health !== 'down') {
    const cdns = [fp.cdn, ...fp.layers].flatMap((m) => (m ? [{ host, provider: m.id, role: 'cdn' as const, down: false }] : []));
    return fp.dns ? [...cdns, { host, provider: fp.dns.id, role: 'dns', down: false }] : cdns;
  }
  const suspect = suspectOf(obs, fp);
  return suspect.kind === 'provider' ? [{ host, provider: suspect.provider, role: suspect.role, down: true }] : [];
}

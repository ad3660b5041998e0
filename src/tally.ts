// Targets as evidence for each other: per provider, how many targets of this run were seen and how many were
// down (three Akamai sites down and a Cloudflare site up is an Akamai outage even before a canary answers).
import type { HostFacts } from './pipeline.ts';
import type { CorrelationEntry } from './types.ts';
import { correlationItems } from './verdict/correlate.ts';

type Role = 'cdn' | 'dns';

/**
 * Targets as evidence for each other: per provider and role, how many were seen and how many were down.
 * Counts only, so a sweep of any size keeps constant memory.
 */
export class Tally {
  private readonly counts = new Map<string, { provider: string; role: Role; down: number; total: number }>();

  add(facts: HostFacts): void {
    for (const item of this.itemsOf(facts)) {
      const key = `${item.role}:${item.provider}`;
      const entry = this.counts.get(key) ?? { provider: item.provider, role: item.role, down: 0, total: 0 };
      entry.total++;
      if (item.down) entry.down++;
      this.counts.set(key, entry);
    }
  }

  /** The other targets, for a target that was already added. */
  peersExcluding(facts: HostFacts): CorrelationEntry[] {
    const own = new Map(this.itemsOf(facts).map((i) => [`${i.role}:${i.provider}`, i.down]));
    return this.merge([...this.counts].map(([key, e]) => {
      const mine = own.get(key);
      return mine === undefined ? e : { ...e, total: e.total - 1, down: e.down - (mine ? 1 : 0) };
    }));
  }

  /** Everything seen so far (for a target not added yet). */
  peers(): CorrelationEntry[] {
    return this.merge([...this.counts.values()]);
  }

  entries(): CorrelationEntry[] {
    return this.merge([...this.counts.values()]);
  }

  /** One entry per provider: a target that depends on a provider in both roles counts once for it. */
  private merge(list: { provider: string; down: number; total: number }[]): CorrelationEntry[] {
    const byProvider = new Map<string, CorrelationEntry>();
    for (const e of list) {
      if (e.total <= 0) continue;
      const prev = byProvider.get(e.provider);
      if (!prev || e.total > prev.total) byProvider.set(e.provider, { provider: e.provider, down: e.down, total: e.total });
    }
    return [...byProvider.values()].sort((a, b) => b.total - a.total || a.provider.localeCompare(b.provider));
  }

  /** A down target counts only against the provider its failure points at (an origin error is not Route 53's). */
  private itemsOf(facts: HostFacts): { provider: string; role: Role; down: boolean }[] {
    return correlationItems(facts.target.host, facts.fingerprint, facts.observation).flatMap((i) =>
      i.provider ? [{ provider: i.provider, role: i.role, down: i.down }] : [],
    );
  }
}


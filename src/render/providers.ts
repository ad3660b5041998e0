// The `cdn-check providers` text: one block per provider id, wrapped to the screen (pure).
import type { EvidenceSource, ProviderKind } from '../types.ts';
import type { Role } from '../types.ts';
import { makePalette } from './palette.ts';
import { hanging, type SectionContext } from './sections.ts';

export interface ProviderEntry {
  id: string;
  name: string;
  /** The name in the DNS-host role when it differs ("Akamai Edge DNS"), else null. */
  dnsName: string | null;
  roles: ProviderKind[];
  /** The kinds of evidence (the report's `evidence[].source`) that can name it. */
  evidence: EvidenceSource[];
  /** Built-in canary hosts per role ("cdn", "dns"); a role with none is absent here and present in noCanaries. */
  canaries: Partial<Record<Role, string[]>>;
  /** Why a role has no built-in canaries. */
  noCanaries: Partial<Record<Role, string>>;
  /** The provider's status page; null while the provider data has no such field. */
  statusPage: string | null;
}

const LABEL = 10; // "canaries" and its siblings, padded so their texts line up

/** Every provider as `id  Name`, then its roles, evidence, canaries and status page (when known), each wrapping under itself. */
export function renderProviderCatalog(catalog: readonly ProviderEntry[], width?: number): string {
  const ctx: SectionContext = { palette: makePalette(false), verbose: false, name: (id) => id, ...(width === undefined ? {} : { width }) };
  const row = (label: string, text: string): string => hanging(ctx, 2, label.padEnd(LABEL), text);
  const blocks = catalog.map((p) => {
    const canaryLines = (['cdn', 'dns'] as const).flatMap((role) => {
      const hosts = p.canaries[role];
      if (hosts) return [`${role}: ${hosts.join(', ')}`];
      const why = p.noCanaries[role];
      return why ? [`${role}: none (${why})`] : [];
    });
    return [
      hanging(ctx, 0, `${p.id}  `, `${p.name}${p.dnsName ? ` (as DNS host: ${p.dnsName})` : ''}`),
      row('roles', p.roles.join(', ')),
      row('evidence', p.evidence.join(', ')),
      ...(canaryLines.length === 0 ? [row('canaries', 'none')] : canaryLines.map((line, i) => row(i === 0 ? 'canaries' : '', line))),
      ...(p.statusPage === null ? [] : [row('status', p.statusPage)]),
    ].join('\n');
  });
  const pages = catalog.some((p) => p.statusPage !== null) ? '' : ' No status pages are in the provider data yet.';
  const head = `${catalog.length} providers. An id is what --canary takes, in any case (--canary Akamai=www.example.com); --json prints the same as data.${pages}`;
  return `${hanging(ctx, 0, '', head)}\n\n${blocks.join('\n\n')}\n`;
}

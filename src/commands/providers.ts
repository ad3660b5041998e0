// `cdn-check providers [--json]`: every provider id the tool can name, from the same data the diagnosis matches
// with (fingerprint/providers.ts) and picks canaries from (verdict/canary-hosts.ts), so the list cannot drift.
import type { CliIo } from './io.ts';
import { PROVIDERS } from '../fingerprint/providers.ts';
import type { ProviderRule } from '../fingerprint/rule-types.ts';
import { renderProviderCatalog, type ProviderEntry } from '../render/providers.ts';
import type { EvidenceSource, Role } from '../types.ts';
import { BUILTIN_CANARIES, NO_CANARIES } from '../verdict/canary-hosts.ts';

/**
 * Which evidence can name the provider, read off its rules the way match.ts indexes them: CNAME suffixes also
 * match the target's own name (host), edge PTR names and certificate SANs.
 */
function evidenceKinds(p: ProviderRule): EvidenceSource[] {
  const has: Record<EvidenceSource, boolean> = {
    host: p.cname.length > 0,
    cname: p.cname.length > 0,
    steering: (p.steering ?? []).length > 0,
    ns: p.ns.length > 0,
    ptr: p.ptr.length > 0 || p.cname.length > 0,
    header: p.headers.length > 0,
    tls: (p.tls?.issuers.length ?? 0) > 0 || (p.tls?.sans.length ?? 0) > 0 || p.cname.length > 0,
    ip: (p.ipRanges?.cidrs.length ?? 0) > 0,
    'error-page': p.errors.length > 0,
  };
  return (Object.keys(has) as EvidenceSource[]).filter((kind) => has[kind]);
}

/** Every provider, in the data's order (CDNs first, DNS-only hosts last). */
export function providerCatalog(): ProviderEntry[] {
  return PROVIDERS.map((p) => {
    const canaries: Partial<Record<Role, string[]>> = {};
    for (const set of BUILTIN_CANARIES) if (set.provider === p.id) canaries[set.role] = [...(canaries[set.role] ?? []), ...set.hosts];
    return {
      id: p.id,
      name: p.name,
      dnsName: p.dnsName ?? null,
      roles: [...p.kinds],
      evidence: evidenceKinds(p),
      canaries,
      noCanaries: { ...NO_CANARIES[p.id] },
      // No status page field in the provider data on this branch; the status-feeds work adds one
      // (fingerprint/status-pages.ts, statusPageOf(id)?.page): this line is where it joins.
      statusPage: null,
    };
  });
}

/** Prints the catalog as text (wrapped to the terminal) or as one JSON document; always exit 0. */
export function runProviders(flags: { json?: boolean }, io: Pick<CliIo, 'stdout'> & { stdout: { columns?: number } }): number {
  const catalog = providerCatalog();
  if (flags.json) io.stdout.write(`${JSON.stringify({ schemaVersion: 1, providers: catalog }, null, 2)}\n`);
  else io.stdout.write(renderProviderCatalog(catalog, io.stdout.isTTY ? io.stdout.columns : undefined));
  return 0;
}

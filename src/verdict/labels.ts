// The words a verdict is made of: layer labels, provider display names and count phrases,
// kept in one place so summaries read the same everywhere and tests can pin them.
import type { Fingerprint, Layer, Role } from '../types.ts';

/** How a layer is named in a sentence ("TCP connect failing"). */
export const LAYER_LABEL: Readonly<Record<Layer, string>> = {
  dns: 'DNS',
  tcp: 'TCP connect',
  tls: 'TLS handshake',
  http: 'HTTP',
};

/** What the site owns at each layer, for "the problem is the site's …". */
export const SITE_PART: Readonly<Record<Layer, string>> = {
  dns: 'own DNS zone',
  tcp: 'own servers or network',
  tls: 'certificate',
  http: 'origin',
};

/** Maps a provider id and role to a display name ("akamai", "dns" → "Akamai Edge DNS"). */
export type NameOf = (id: string, role?: Role) => string;

/** "azure-frontdoor" → "Azure Frontdoor": the last resort when nothing better names a provider. */
export function titleCase(id: string): string {
  return id
    .split(/[-_\s]+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * A namer that prefers the names the fingerprint already carries (its CDN, stacked layers and DNS host),
 * then `fallback` (e.g. the fingerprint module's `providerName`), then the title-cased id.
 * Role matters for providers in both businesses: Akamai as a DNS host is "Akamai Edge DNS".
 */
export function namesFrom(fp: Fingerprint | null, fallback?: NameOf): NameOf {
  return (id, role) => {
    if (fp) {
      const dnsName = fp.dns?.id === id ? fp.dns.name : undefined;
      const cdnName = [fp.cdn, ...fp.layers].find((m) => m?.id === id)?.name;
      const own = role === 'dns' ? (dnsName ?? cdnName) : (cdnName ?? dnsName);
      if (own) return own;
    }
    return fallback ? fallback(id, role) : titleCase(id);
  };
}

/** "canary"/"canaries": English plurals for the nouns the summaries use. */
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return n === 1 ? one : many;
}

/**
 * "3/3 Akamai canaries down" when all counted agree, "1 of 3 Akamai canaries down" when only part do:
 * the second form is how a partial outage reads.
 */
export function countPhrase(k: number, n: number, noun: string, state: string): string {
  return k === n ? `${k}/${n} ${noun} ${state}` : `${k} of ${n} ${noun} ${state}`;
}

/** Joins clauses of a summary with "; ", skipping empty ones. */
export function clauses(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('; ');
}

// Chooses which edge addresses to probe: a bounded number per family, IPv4 first, so a host with 40
// A records does not turn one diagnosis into 40 handshakes; the rest are returned for the report.
import { ipFamily } from '../ip.ts';
import { ADDRESSES_PER_FAMILY } from '../defaults.ts';

/**
 * Splits `addresses` into the ones to probe and the ones skipped.
 * - `chosen`: the first `perFamily` IPv4 addresses in input order, then the first `perFamily` IPv6 ones.
 * - `skipped`: everything else, IPv4 before IPv6, including entries that are not IP literals (they
 *   cannot be pinned, so they are never probed) — so the report can say they exist.
 * - Exact duplicates are dropped (the first one counts). `perFamily` ≤ 0 chooses nothing.
 */
export function selectAddresses(addresses: string[], perFamily = ADDRESSES_PER_FAMILY): { chosen: string[]; skipped: string[] } {
  const byFamily: Record<4 | 6, string[]> = { 4: [], 6: [] };
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const address of addresses) {
    if (seen.has(address)) continue;
    seen.add(address);
    const family = ipFamily(address);
    if (family === 4 || family === 6) byFamily[family].push(address);
    else invalid.push(address);
  }
  const cap = Math.max(0, perFamily);
  return {
    chosen: [...byFamily[4].slice(0, cap), ...byFamily[6].slice(0, cap)],
    skipped: [...byFamily[4].slice(cap), ...byFamily[6].slice(cap), ...invalid],
  };
}

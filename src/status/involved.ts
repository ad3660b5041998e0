// Which providers a verdict involves, for the status feeds a report shows (issue 17 §2). Pure. Feeds are fetched for a
// down target's CDN and DNS host alike, beside the canaries (before the verdict exists, so they add no time); only
// those of the providers the verdict involves are kept: the blamed one, or the one on the site's failing piece.
import type { Fingerprint, Observation, StatusFeed, Verdict } from '../types.ts';
import { blameOf, blamedProvider } from '../verdict/blame.ts';

/**
 * provider-outage and inconclusive: the provider named (the blamed one); site-outage: the provider on the failing
 * piece (the CDN in front of an origin or a certificate, the DNS host of a zone), whose page tells whether others
 * share the cause; local-network: none — your network is not a provider's to report.
 */
export function involvedProviders(verdict: Pick<Verdict, 'status' | 'provider'>, obs: Observation, fp: Fingerprint): string[] {
  if (verdict.status === 'local-network' || verdict.status === 'up' || verdict.status === 'degraded' || verdict.status === 'fingerprinted') return [];
  const onPiece = blamedProvider(blameOf(obs, fp))?.provider ?? null;
  return [...new Set([verdict.provider, onPiece].filter((id): id is string => id !== null))];
}

/** The feeds of the providers the verdict involves, in the order fetched. */
export function feedsForVerdict(feeds: readonly StatusFeed[], involved: readonly string[]): StatusFeed[] {
  return feeds.filter((feed) => involved.includes(feed.provider));
}

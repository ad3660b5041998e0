// Which provider a failure points at, from the observation and the fingerprint: the one whose canaries and
// peers are then asked "do you serve other sites fine?". Shared by decide and correlate so they agree.
import type { Fingerprint, Observation } from '../types.ts';

/**
 * - provider: a provider (in a role) sits on the failing path and must be compared with its other customers.
 * - none: nothing but the site itself is on the failing path (no CDN, self-hosted or unknown DNS host).
 * - unknown: a third party is on the failing path but nothing names it (an unrecognised zone or nameserver
 *   set), or the failure has no layer at all (nothing was probed).
 */
export type Suspect =
  | { kind: 'provider'; provider: string; role: 'cdn' | 'dns' }
  | { kind: 'none' }
  | { kind: 'unknown' };

/**
 * The provider to compare a down observation against. An origin error, a certificate fault or an
 * unclassified 5xx still names the serving CDN (its canaries tell "only this site" from "everyone");
 * a failure of the site's own zone names its DNS host. An up observation has no suspect.
 */
export function suspectOf(obs: Observation, fp: Fingerprint): Suspect {
  if (obs.health !== 'down') return { kind: 'none' };
  if (obs.layer === null) return { kind: 'unknown' };
  if (obs.owner !== null && obs.owner !== 'site') {
    return { kind: 'provider', provider: obs.owner, role: obs.ownerRole === 'dns' ? 'dns' : 'cdn' };
  }
  if (obs.layer === 'dns') {
    if (obs.owner === null) return { kind: 'unknown' };
    return fp.dns ? { kind: 'provider', provider: fp.dns.id, role: 'dns' } : { kind: 'none' };
  }
  return fp.cdn ? { kind: 'provider', provider: fp.cdn.id, role: 'cdn' } : { kind: 'none' };
}

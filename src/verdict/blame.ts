// Whose piece failed (diagnosis.md §4, first question): the failing piece names its owner — a provider, the
// site, or "the canaries decide" — and, for each, whose canaries can measure or hint how far it reaches.
import type { Fingerprint, Observation, Piece, Role } from '../types.ts';

/**
 * Who owns each piece, as data. `provider`: the provider named by the observation's owner (its CDN's edge DNS,
 * its edges). `site`: the site's own, whatever the canaries say. `canaries`: the piece alone does not tell;
 * the provider's confirmed canaries (and the run's other targets) decide. `words`: how a summary names it.
 * `hint`: whose canaries a site-owned or contested failure is compared with (the CDN serving the site, or its
 * DNS host), or null when no provider sits on that piece.
 */
export const PIECES: Readonly<Record<Piece, { owner: 'provider' | 'site' | 'canaries'; words: string; hint: Role | null }>> = {
  'edge-dns': { owner: 'provider', words: 'edge DNS', hint: 'cdn' },
  edge: { owner: 'provider', words: 'edge', hint: 'cdn' },
  'dns-host': { owner: 'canaries', words: 'authoritative DNS', hint: 'dns' },
  response: { owner: 'canaries', words: 'edge or origin', hint: 'cdn' },
  'cdn-setup': { owner: 'site', words: 'setup at the CDN (the property is gone or the name is mistyped)', hint: 'cdn' },
  zone: { owner: 'site', words: 'own DNS zone', hint: 'dns' },
  origin: { owner: 'site', words: 'origin', hint: 'cdn' },
  certificate: { owner: 'site', words: 'certificate', hint: 'cdn' },
  servers: { owner: 'site', words: 'own servers or network', hint: null },
};

/**
 * - provider: the failing piece is `provider`'s (in `role`): a provider outage whatever its canaries say;
 *   they only measure the extent.
 * - site: the piece is the site's own. `provider` is whose canaries may hint at a shared upstream cause
 *   (null when no provider sits on that piece: then only a control that answers rules out your own network).
 * - contested: the piece belongs to `provider` or to the site; the canaries decide.
 * - unknown: nothing names the piece or its owner (an unrecognised zone or nameserver set, nothing probed).
 */
export type Blame =
  | { kind: 'provider'; piece: Piece; provider: string; role: Role }
  | { kind: 'site'; piece: Piece; provider: string | null; role: Role | null }
  | { kind: 'contested'; piece: Piece; provider: string; role: Role }
  | { kind: 'unknown' };

const UNKNOWN: Blame = { kind: 'unknown' };

/** Whose piece a down observation failed in. Anything not down has no blame (unknown). */
export function blameOf(obs: Observation, fp: Fingerprint): Blame {
  if (obs.health !== 'down' || obs.piece === null) return UNKNOWN;
  const piece = obs.piece;
  const rule = PIECES[piece];
  if (rule.owner === 'provider') {
    if (obs.owner === null || obs.owner === 'site') return UNKNOWN;
    return { kind: 'provider', piece, provider: obs.owner, role: obs.ownerRole === 'dns' ? 'dns' : 'cdn' };
  }
  const hinted = rule.hint === 'dns' ? fp.dns : rule.hint === 'cdn' ? fp.cdn : null;
  if (rule.owner === 'site') return { kind: 'site', piece, provider: hinted?.id ?? null, role: hinted ? rule.hint : null };
  return hinted && rule.hint ? { kind: 'contested', piece, provider: hinted.id, role: rule.hint } : UNKNOWN;
}

/** The provider (and role) a down observation is weighed against, or null: what canaries and correlation use. */
export function blamedProvider(blame: Blame): { provider: string; role: Role } | null {
  return blame.kind !== 'unknown' && blame.provider !== null && blame.role !== null ? { provider: blame.provider, role: blame.role } : null;
}

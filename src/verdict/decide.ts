// The verdict: whose piece failed (blame.ts), then how far it reaches — the target's observation weighed against
// its providers' canaries, the controls and the run's other targets, per diagnosis.md §4. Pure: facts in, a Verdict out.
import type {
  CanaryResult,
  ControlResult,
  CorrelationEntry,
  Extent,
  Fingerprint,
  Layer,
  Observation,
  Piece,
  ResolverOutcome,
  Role,
  Status,
  Verdict,
} from '../types.ts';
import { PIECES, blameOf } from './blame.ts';
import { CERTIFICATE_FAULTS, UNDECIDED_CODES } from './codes.ts';
import { exitCodeFor } from './exit.ts';
import { LAYER_LABEL, SITE_PART, clauses, countPhrase, namesFrom, plural } from './labels.ts';
import type { NameOf } from './labels.ts';
import { localFinding, tallyControls } from './local.ts';

export interface DecideInput {
  host: string;
  observation: Observation;
  fingerprint: Fingerprint;
  /** Canaries of the target's providers (cdn and dns roles), confirmed or not. */
  canaries: CanaryResult[];
  controls: ControlResult[];
  /** Other targets in this run, per provider, EXCLUDING this target (correlate.ts `Correlation.peersExcluding`). */
  peers: CorrelationEntry[];
  resolverMode: 'system' | 'explicit';
  /** What fallback resolvers said, when the primary failed everything, about the public control `fallbackName`. */
  fallback?: ResolverOutcome[];
  fallbackName?: string;
  /** The target's resolved addresses (DNS answers), compared with the controls' to spot DNS interception. */
  addresses?: string[];
  strict: boolean;
  /**
   * Display names for provider ids. Default: the names the fingerprint carries, then the title-cased id.
   * Wire the fingerprint module's `providerName` here for providers the target's fingerprint does not name.
   */
  names?: NameOf;
}

/** How a set of hosts fared: up, down, and how many in all. */
interface Tally {
  up: number;
  down: number;
  total: number;
}

/** What the provider's confirmed canaries and the run's other targets on it say about the target's failure. */
interface Evidence {
  name: string;
  confirmed: CanaryResult[];
  sameWay: CanaryResult[];
  otherWay: CanaryResult[];
  up: CanaryResult[];
  unconfirmed: CanaryResult[];
  peers: Tally;
}

/**
 * Decides one target, per diagnosis.md §4: first whose piece failed (blame.ts), then how far it reaches.
 *
 * 1. up → `up` (0); degraded → `degraded` (0, or 4 with `strict`); down only because the run's deadline cut
 *    the deciding step (code DEADLINE) → `inconclusive`. Controls cut by the deadline are not counted.
 * 2. Your network or resolver (local.ts `LOCAL_RULES`: the resolver unreachable from here, a fallback
 *    resolver answers, a silent resolver, most controls down) → `local-network`.
 * 3. The failing piece is provider P's (its edge DNS, its edges, an error page its edge generated)
 *    → `provider-outage` (2) whatever the canaries say; they, and the run's other targets on P, measure the
 *    `extent`: provider-wide (most compared hosts down), partial (some), this-site (none), unknown (nothing
 *    to compare with).
 * 4. The piece is the site's own (its zone answering NXDOMAIN, its setup at the CDN, its origin, its
 *    certificate, its own servers) → `site-outage` (1) whatever the canaries say; when P's canaries fail the
 *    same way, the summary says so (a shared cause upstream, AWS us-east-1 2025). With no provider on the
 *    failing path, a control must answer first (else `inconclusive`: your own network is not ruled out).
 * 5. The piece does not tell (the site's zone not answering at its DNS host; a 5xx whose signature says
 *    neither edge nor origin): AT LEAST ONE confirmed canary of P failing the same way (same layer), or, with
 *    none up, more other targets on P down than up → `provider-outage` with its extent; a confirmed canary up
 *    or most other targets up → `site-outage`; else `inconclusive`. Canaries outrank peers: a run's targets
 *    often share an origin, canaries do not.
 * 6. Nothing names the piece (an unrecognised zone or nameserver set, nothing probed) → `inconclusive` (5).
 *
 * Unconfirmed canaries are listed in `reasons` and never counted. `provider` is P for provider-outage and
 * inconclusive, the serving CDN for up/degraded, and null for site-outage and local-network. `extent` is set
 * for provider-outage only.
 */
export function decide(input: DecideInput): Verdict {
  const { observation: obs, fingerprint: fp, host } = input;
  const nameOf = namesFrom(fp, input.names);
  const serving = fp.cdn?.id ?? null;

  if (obs.health === 'up') return verdict(input, 'up', serving, null, obs.detail, [obs.detail, ...obs.notes]);
  if (obs.health === 'fingerprinted') return verdict(input, 'fingerprinted', serving, null, obs.detail, [obs.detail, ...obs.notes]);
  if (obs.health === 'degraded') return degraded(input, nameOf);

  const controls = tallyControls(input.controls);
  const facts = [`${host}: ${obs.detail}`, ...canaryLines(input.canaries, nameOf), ...controlLines(input.controls, nameOf)];
  const controlsClause = controls.total > 0 ? countPhrase(controls.up, controls.total, 'controls', 'up') : 'no controls';

  if (obs.code !== null && UNDECIDED_CODES.has(obs.code)) {
    const summary = `${obs.detail} — the run's deadline passed before ${host} was decided; rerun with a longer --deadline`;
    return verdict(input, 'inconclusive', null, obs.layer, summary, facts);
  }

  const local = localFinding({
    host,
    observation: obs,
    controls,
    canaryUp: input.canaries.some((c) => c.status === 'up'),
    resolverMode: input.resolverMode,
    fallback: input.fallback ?? [],
    fallbackName: input.fallbackName ?? null,
    addresses: input.addresses ?? [],
    controlAddresses: input.controls.map((c) => ({ host: c.host, addresses: c.addresses ?? [] })),
  });
  if (local) return verdict(input, 'local-network', null, local.layer, local.summary, [...facts, ...local.reasons]);

  const blame = blameOf(obs, fp);
  const at = { facts, controls, controlsClause };
  switch (blame.kind) {
    case 'unknown': {
      const why = obs.layer === null ? 'nothing was probed' : 'the failing piece belongs to no provider cdn-check knows';
      return verdict(input, 'inconclusive', null, obs.layer, clauses(obs.detail, `${why} — cannot place the blame`), facts);
    }
    case 'provider':
      return providerOutage(input, blame.provider, evidenceFor(input, blame.provider, blame.role, nameOf), at);
    case 'site':
      return siteOutage(input, blame.piece, blame.provider && blame.role ? evidenceFor(input, blame.provider, blame.role, nameOf) : null, at);
    case 'contested':
      return weighCanaries(input, blame.provider, evidenceFor(input, blame.provider, blame.role, nameOf), at);
    default: {
      const unreachable: never = blame;
      return unreachable;
    }
  }
}

/** The shared facts of a down target's verdict: its reasons so far and the controls. */
interface Context {
  facts: string[];
  controls: Tally;
  controlsClause: string;
}

/**
 * How far a failure in `provider`'s piece reaches, from the confirmed canaries (down at any layer: Azure Front
 * Door 2025 failed at DNS for some and at TCP for others) and the run's other targets on it.
 */
export function extentOf(evidence: Pick<Evidence, 'confirmed' | 'sameWay' | 'otherWay' | 'peers'>): Extent {
  const compared = evidence.confirmed.length + evidence.peers.total;
  const failing = evidence.sameWay.length + evidence.otherWay.length + evidence.peers.down;
  if (compared === 0) return 'unknown';
  if (failing === 0) return 'this-site';
  return failing * 2 > compared ? 'provider-wide' : 'partial';
}

/** Words around a provider outage's summary, per extent: a tag after the provider's name and the closing advice. */
const EXTENT_WORDS: Readonly<Record<Extent, { tag: string; advice: (name: string) => string }>> = {
  'provider-wide': { tag: '', advice: (name) => `on ${name}'s side, for most of its sites: watch ${name}'s status page` },
  partial: { tag: ' (partial outage)', advice: (name) => `on ${name}'s side, for some of its sites: watch ${name}'s status page` },
  'this-site': { tag: ' (this site only)', advice: (name) => `on ${name}'s side, so far only for this site: open a ticket with ${name}` },
  unknown: { tag: '', advice: (name) => `on ${name}'s side; nothing to compare with, so how far it reaches is unknown` },
};

/** Rule 3, and rule 5 when the canaries or peers say P: a provider outage with its extent. */
function providerOutage(input: DecideInput, provider: string, ev: Evidence, { facts, controlsClause }: Context): Verdict {
  const obs = input.observation;
  const extent = extentOf(ev);
  const words = EXTENT_WORDS[extent];
  const down = ev.sameWay.length + ev.otherWay.length;
  const canaryClause =
    ev.confirmed.length === 0
      ? null
      : down === 0
        ? countPhrase(ev.up.length, ev.confirmed.length, canaryNoun(ev), 'up')
        : `${countPhrase(down, ev.confirmed.length, canaryNoun(ev), 'down')}${ev.up.length > 0 && down < ev.confirmed.length ? `, ${ev.up.length} up` : ''}`;
  const peerClause = ev.peers.total === 0 ? null : ev.peers.down > 0 ? countPhrase(ev.peers.down, ev.peers.total, peerNoun(ev), 'down') : countPhrase(ev.peers.up, ev.peers.total, peerNoun(ev), 'up');
  const summary = `${clauses(`${ev.name}${words.tag} — ${obs.detail}`, canaryClause, peerClause, controlsClause)} — ${words.advice(ev.name)}`;
  const regional = obs.layer === 'tcp' ? [REGIONAL_CAVEAT] : [];
  return verdict(input, 'provider-outage', provider, obs.layer, summary, [...facts, ...peerFacts(ev), ...regional], extent);
}

/** Rule 4: the site's own piece. `ev` is the serving provider's evidence, when a provider sits on that piece. */
function siteOutage(input: DecideInput, piece: Piece, ev: Evidence | null, { facts, controls, controlsClause }: Context): Verdict {
  const obs = input.observation;
  if (ev === null) {
    const caveat = obs.layer === 'tcp' || obs.layer === 'tls' ? [NO_CDN_CAVEAT] : [];
    if (controls.up === 0) {
      const summary = clauses(obs.detail, 'no provider on the failing path and no control answered to rule out your own network');
      return verdict(input, 'inconclusive', null, obs.layer, summary, [...facts, ...caveat]);
    }
    const summary = `${clauses(obs.detail, 'no CDN or DNS provider on the failing path', controlsClause)} — the problem is the site's ${sitePart(obs, piece, null)}`;
    return verdict(input, 'site-outage', null, obs.layer, summary, [...facts, ...caveat]);
  }
  // Canaries failing the same way do not move the blame (the piece is the site's), but they hint at a cause
  // the site shares with others (AWS us-east-1 2025: many origins behind a healthy CloudFront failed at once).
  const shared =
    ev.sameWay.length > 0
      ? `${countPhrase(ev.sameWay.length, ev.confirmed.length, canaryNoun(ev), 'fail the same way')}: a cause shared upstream (a cloud region, a common dependency) is likely`
      : null;
  const shown = shared ?? (ev.up.length > 0 ? countPhrase(ev.up.length, ev.confirmed.length, canaryNoun(ev), 'up') : null);
  const summary = `${clauses(obs.detail, shown)} — the problem is the site's ${sitePart(obs, piece, ev.name)}`;
  return verdict(input, 'site-outage', null, obs.layer, summary, [...facts, ...peerFacts(ev), ...sharedPeers(ev)]);
}

/** Rule 5: a piece that does not tell its owner; P's canaries and the run's other targets decide. */
function weighCanaries(input: DecideInput, provider: string, ev: Evidence, at: Context): Verdict {
  const obs = input.observation;
  const { peers, confirmed, sameWay, up } = ev;
  if (sameWay.length > 0 || (up.length === 0 && peers.down > peers.up)) return providerOutage(input, provider, ev, at);
  if (up.length > 0 || peers.up > peers.down) {
    const shown = up.length > 0 ? countPhrase(up.length, confirmed.length, canaryNoun(ev), 'up') : countPhrase(peers.up, peers.total, peerNoun(ev), 'up');
    const summary = `${clauses(obs.detail, shown)} — the problem is the site's ${obs.layer ? SITE_PART[obs.layer] : 'own setup'}`;
    return verdict(input, 'site-outage', null, obs.layer, summary, [...at.facts, ...peerFacts(ev), ...sharedPeers(ev)]);
  }
  const missing =
    confirmed.length === 0
      ? `no confirmed ${ev.name} canary${ev.unconfirmed.length > 0 ? ` (${ev.unconfirmed.length} unconfirmed)` : ''}`
      : `${ev.otherWay.length} confirmed ${ev.name} ${plural(ev.otherWay.length, 'canary', 'canaries')} fail at another layer`;
  const others = peers.total > 0 ? countPhrase(peers.down, peers.total, peerNoun(ev), 'down') : `no other target on ${ev.name} to compare`;
  const summary = `${clauses(obs.detail, `${missing} and ${others}`)} — cannot tell the site from ${ev.name}`;
  return verdict(input, 'inconclusive', provider, obs.layer, summary, [...at.facts, ...peerFacts(ev)]);
}

const REGIONAL_CAVEAT = 'a TCP failure can be regional or path-dependent (Cloudflare 2022): a second vantage can tell';
const NO_CDN_CAVEAT =
  'no CDN in front: a fault in an upstream the site routes through (BGP, DDoS scrubbing such as Prolexic 2021) looks the same from one vantage';

function verdict(input: DecideInput, status: Status, provider: string | null, layer: Layer | null, summary: string, reasons: string[], extent: Extent | null = null): Verdict {
  return { status, exitCode: exitCodeFor(status, input.strict), provider, layer, extent, summary, reasons };
}

function degraded(input: DecideInput, nameOf: NameOf): Verdict {
  const { observation: obs, fingerprint: fp } = input;
  const serving = fp.cdn?.id ?? null;
  // A target that half-works while its CDN's canaries fail is how a flapping provider looks (Cloudflare 2025).
  const counted = serving ? input.canaries.filter((c) => c.confirmed && c.role === 'cdn' && c.provider === serving) : [];
  const down = counted.filter((c) => c.status === 'down').length;
  const noun = serving ? `${nameOf(serving, 'cdn')} ${plural(counted.length, 'canary', 'canaries')}` : '';
  const flaky = down > 0 ? [`${countPhrase(down, counted.length, noun, 'down')}: the provider may be failing intermittently`] : [];
  const summary = clauses(obs.notes.length > 0 ? `${obs.detail}, but ${obs.notes.join('; ')}` : obs.detail, ...flaky);
  return verdict(input, 'degraded', serving, obs.layer, summary, [obs.detail, ...obs.notes, ...flaky, ...canaryLines(input.canaries, nameOf)]);
}

/** The evidence about `provider` in `role`: its canaries split by how they fared, and the run's other targets on it. */
function evidenceFor(input: DecideInput, provider: string, role: Role, nameOf: NameOf): Evidence {
  const peer = input.peers.find((p) => p.provider === provider);
  const peers: Tally = peer ? { down: peer.down, up: peer.total - peer.down, total: peer.total } : { up: 0, down: 0, total: 0 };
  return { name: nameOf(provider, role), ...canaryEvidence(input.canaries, provider, role, input.observation), peers };
}

function canaryNoun(ev: Evidence): string {
  return `${ev.name} ${plural(ev.confirmed.length, 'canary', 'canaries')}`;
}

function peerNoun(ev: Evidence): string {
  return `other ${plural(ev.peers.total, 'target')} on ${ev.name}`;
}

function peerFacts(ev: Evidence): string[] {
  return ev.peers.total > 0 ? [countPhrase(ev.peers.down, ev.peers.total, peerNoun(ev), 'down')] : [];
}

/** Other targets of the run on the same provider down too, when canaries show the provider serves others. */
function sharedPeers(ev: Evidence): string[] {
  return ev.up.length > 0 && ev.peers.down > 0 ? [`${ev.peers.down} other ${plural(ev.peers.down, 'target')} on ${ev.name} down too: they may share this site's origin`] : [];
}

/**
 * What the site owns in a piece, for "the problem is the site's …": the piece's own words, its setup at the
 * named CDN, or — for its own servers — what it owns at the failing layer.
 */
function sitePart(obs: Observation, piece: Piece, cdnName: string | null): string {
  if (piece === 'cdn-setup') return `setup at ${cdnName ?? 'its CDN'}: the property there is gone or the name is mistyped`;
  if (piece === 'servers') return obs.layer ? SITE_PART[obs.layer] : 'own setup';
  return PIECES[piece].words;
}

function canaryEvidence(canaries: CanaryResult[], provider: string, role: Role, obs: Observation): Omit<Evidence, 'name' | 'peers'> {
  const mine = canaries.filter((c) => c.provider === provider && c.role === role);
  const confirmed = mine.filter((c) => c.confirmed);
  const down = confirmed.filter((c) => c.status === 'down');
  const sameWay = down.filter((c) => failsTheSameWay(c, obs));
  return {
    confirmed,
    sameWay,
    otherWay: down.filter((c) => !sameWay.includes(c)),
    up: confirmed.filter((c) => c.status === 'up'),
    unconfirmed: mine.filter((c) => !c.confirmed),
  };
}

/** Same layer; a certificate fault is matched only by another certificate fault (not a TLS timeout). */
function failsTheSameWay(canary: CanaryResult, obs: Observation): boolean {
  if (canary.layer !== obs.layer) return false;
  const certificate = obs.code !== null && CERTIFICATE_FAULTS.has(obs.code);
  return !certificate || (canary.code !== null && CERTIFICATE_FAULTS.has(canary.code));
}

function canaryLines(canaries: CanaryResult[], nameOf: NameOf): string[] {
  return canaries.map((c) => {
    const tag = `${nameOf(c.provider, c.role)} ${c.role}${c.confirmed ? ', confirmed' : ', unconfirmed: its fingerprint does not name it, ignored'}`;
    return `canary ${c.host} (${tag}): ${standing(c)}`;
  });
}

function controlLines(controls: ControlResult[], nameOf: NameOf): string[] {
  return controls.map((c) => `control ${c.host}${c.provider ? ` (${nameOf(c.provider)})` : ''}: ${standing(c)}`);
}

function standing(r: { status: 'up' | 'down'; layer: Layer | null; code: string | null }): string {
  if (r.status === 'up') return 'up';
  return r.layer ? `down at ${LAYER_LABEL[r.layer]}${r.code ? ` (${r.code})` : ''}` : `down${r.code ? ` (${r.code})` : ''}`;
}

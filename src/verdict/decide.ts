// The verdict: one target's observation weighed against its providers' canaries, the controls and the other
// targets of the run, per the decision table of diagnosis.md §4. Pure: facts in, a Verdict out.
import type {
  CanaryResult,
  ControlResult,
  CorrelationEntry,
  Fingerprint,
  Layer,
  Observation,
  ResolverOutcome,
  Status,
  Verdict,
} from '../types.ts';
import { CERTIFICATE_FAULTS, LOCAL_SOCKET_FAULTS, UNDECIDED_CODES } from './codes.ts';
import { exitCodeFor } from './exit.ts';
import { LAYER_LABEL, SITE_PART, clauses, countPhrase, namesFrom, plural } from './labels.ts';
import type { NameOf } from './labels.ts';
import { suspectOf } from './suspect.ts';

export interface DecideInput {
  host: string;
  observation: Observation;
  fingerprint: Fingerprint;
  /** Canaries of the target's providers (cdn and dns roles), confirmed or not. */
  canaries: CanaryResult[];
  controls: ControlResult[];
  /** Other targets in this run, per provider, EXCLUDING this target (see correlate.ts `peersExcluding`). */
  peers: CorrelationEntry[];
  resolverMode: 'system' | 'explicit';
  /** What fallback resolvers said, when the primary failed everything, about the public control `fallbackName`. */
  fallback?: ResolverOutcome[];
  fallbackName?: string;
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

/** The confirmed canaries of the suspected provider, split by how they fared against the target's failure. */
interface CanaryEvidence {
  confirmed: CanaryResult[];
  sameWay: CanaryResult[];
  otherWay: CanaryResult[];
  up: CanaryResult[];
  unconfirmed: CanaryResult[];
}

/**
 * Decides one target. The rules, in order (the first that holds wins):
 *
 * 1. up → `up` (0); degraded → `degraded` (0, or 4 with `strict`); down only because the run's deadline cut
 *    the deciding step (code DEADLINE) → `inconclusive`. Controls cut by the deadline are not counted.
 * 2. Down at DNS, a fallback resolver answered and the controls are not mostly up → `local-network`,
 *    blaming the resolver ("your resolver 127.0.0.53 is failing; 127.0.0.1 answers").
 * 3. The resolver answered nothing at all (`observation.noAnswer`), no control and no canary is up
 *    (they use the same resolver) → `local-network`, naming the silent resolver.
 * 4. More than half the controls down → `local-network`.
 * 5. The failure points at provider P (see suspect.ts) and AT LEAST ONE confirmed canary of P in that role
 *    fails the same way (same layer; for certificate faults, also a certificate fault) → `provider-outage`.
 *    THRESHOLD: one is enough, because outages hit only part of a provider (Akamai 2021 failed only some
 *    Enhanced-TLS slots); when some confirmed canaries are up, the summary says "partial outage" with the
 *    counts ("1 of 3 Akamai canaries down, 2 up"). Canaries down at another layer alone never decide.
 * 6. No canary fails that way, none is up, and more other targets on P are down than up
 *    → `provider-outage` on the strength of the run's other targets (a tie proves nothing either way).
 * 7. A confirmed canary of P is up, or most other targets on P are up → `site-outage`: P serves others.
 *    Canaries outrank peers: a run's targets often share an origin, canaries do not.
 * 8. No provider on the failing path (no CDN; self-hosted or unknown DNS host) and a control is up → `site-outage`.
 * 9. Anything else → `inconclusive` (5): never `site-outage` without proof that the provider serves others.
 *
 * Unconfirmed canaries are listed in `reasons` and never counted. `provider` is the suspected provider for
 * provider-outage and inconclusive, the serving CDN for up/degraded, and null for site-outage and local-network.
 */
export function decide(input: DecideInput): Verdict {
  const { observation: obs, fingerprint: fp, host } = input;
  const nameOf = namesFrom(fp, input.names);
  const serving = fp.cdn?.id ?? null;

  if (obs.health === 'up') return verdict(input, 'up', serving, null, obs.detail, [obs.detail, ...obs.notes]);
  if (obs.health === 'degraded') return degraded(input, nameOf);

  const controls = tallyControls(input.controls);
  const facts = [`${host}: ${obs.detail}`, ...canaryLines(input.canaries, nameOf), ...controlLines(input.controls, nameOf)];
  const controlsClause = controls.total > 0 ? countPhrase(controls.up, controls.total, 'controls', 'up') : 'no controls';

  if (obs.code !== null && UNDECIDED_CODES.has(obs.code)) {
    const summary = `${obs.detail} — the run's deadline passed before ${host} was decided; rerun with a longer --deadline`;
    return verdict(input, 'inconclusive', null, obs.layer, summary, facts);
  }

  const local = localNetwork(input, controls, facts);
  if (local) return local;

  const suspect = suspectOf(obs, fp);
  if (suspect.kind === 'unknown') {
    const why = obs.layer === null ? 'nothing was probed' : 'the failing piece belongs to no provider cdn-check knows';
    return verdict(input, 'inconclusive', null, obs.layer, clauses(obs.detail, `${why} — cannot place the blame`), facts);
  }
  if (suspect.kind === 'none') {
    const caveat = obs.layer === 'tcp' || obs.layer === 'tls' ? [NO_CDN_CAVEAT] : [];
    if (controls.up === 0) {
      const summary = clauses(obs.detail, 'no provider on the failing path and no control answered to rule out your own network');
      return verdict(input, 'inconclusive', null, obs.layer, summary, [...facts, ...caveat]);
    }
    const summary = `${clauses(obs.detail, 'no CDN or DNS provider on the failing path', controlsClause)} — the problem is the site's ${sitePart(obs)}`;
    return verdict(input, 'site-outage', null, obs.layer, summary, [...facts, ...caveat]);
  }

  return weighProvider(input, suspect.provider, suspect.role, nameOf(suspect.provider, suspect.role), facts, controlsClause);
}

/** Rules 5–7 and 9 for a failure that points at `provider` in `role`: its canaries, then the run's other targets. */
function weighProvider(input: DecideInput, provider: string, role: 'cdn' | 'dns', name: string, facts: string[], controlsClause: string): Verdict {
  const obs = input.observation;
  const evidence = canaryEvidence(input.canaries, provider, role, obs);
  const peer = input.peers.find((p) => p.provider === provider);
  const peers: Tally = peer ? { down: peer.down, up: peer.total - peer.down, total: peer.total } : { up: 0, down: 0, total: 0 };
  const canaryNoun = (n: number) => `${name} ${plural(n, 'canary', 'canaries')}`;
  const peerNoun = `other ${plural(peers.total, 'target')} on ${name}`;
  const peerFacts = peers.total > 0 ? [countPhrase(peers.down, peers.total, peerNoun, 'down')] : [];
  const regional = obs.layer === 'tcp' ? [REGIONAL_CAVEAT] : [];

  const { confirmed, sameWay, up } = evidence;
  if (sameWay.length > 0) {
    // Partial: the provider still serves some of its sites. Canaries down at another layer count as down here
    // (Azure Front Door 2025 failed at DNS for some clients and at TCP for others), never as proof.
    const partial = up.length > 0;
    const head = `${name}${partial ? ' (partial outage)' : ''} — ${obs.detail}`;
    const down = sameWay.length + evidence.otherWay.length;
    const counted = countPhrase(down, confirmed.length, canaryNoun(confirmed.length), 'down');
    const peerClause = peers.down > 0 ? countPhrase(peers.down, peers.total, peerNoun, 'down') : null;
    const summary = clauses(head, partial ? `${counted}, ${up.length} up` : counted, peerClause, controlsClause);
    return verdict(input, 'provider-outage', provider, obs.layer, summary, [...facts, ...peerFacts, ...regional]);
  }
  if (up.length === 0 && peers.down > peers.up) {
    const summary = clauses(`${name} — ${obs.detail}`, countPhrase(peers.down, peers.total, peerNoun, 'down'), controlsClause);
    return verdict(input, 'provider-outage', provider, obs.layer, summary, [...facts, ...peerFacts, ...regional]);
  }
  if (up.length > 0 || peers.up > peers.down) {
    const shown =
      up.length > 0 ? countPhrase(up.length, confirmed.length, canaryNoun(confirmed.length), 'up') : countPhrase(peers.up, peers.total, peerNoun, 'up');
    const part = obs.owner === provider ? `own setup on ${name}` : sitePart(obs);
    const shared = up.length > 0 && peers.down > 0 ? [`${peers.down} other ${plural(peers.down, 'target')} on ${name} down too: they may share this site's origin`] : [];
    return verdict(input, 'site-outage', null, obs.layer, `${clauses(obs.detail, shown)} — the problem is the site's ${part}`, [...facts, ...peerFacts, ...shared]);
  }
  const missing =
    confirmed.length === 0
      ? `no confirmed ${name} canary${evidence.unconfirmed.length > 0 ? ` (${evidence.unconfirmed.length} unconfirmed)` : ''}`
      : `${evidence.otherWay.length} confirmed ${canaryNoun(evidence.otherWay.length)} fail at another layer`;
  const others = peers.total > 0 ? countPhrase(peers.down, peers.total, peerNoun, 'down') : `no other target on ${name} to compare`;
  const summary = `${clauses(obs.detail, `${missing} and ${others}`)} — cannot tell the site from ${name}`;
  return verdict(input, 'inconclusive', provider, obs.layer, summary, [...facts, ...peerFacts]);
}

const REGIONAL_CAVEAT = 'a TCP failure can be regional or path-dependent (Cloudflare 2022): a second vantage can tell';
const NO_CDN_CAVEAT =
  'no CDN in front: a fault in an upstream the site routes through (BGP, DDoS scrubbing such as Prolexic 2021) looks the same from one vantage';

function verdict(input: DecideInput, status: Status, provider: string | null, layer: Layer | null, summary: string, reasons: string[]): Verdict {
  return { status, exitCode: exitCodeFor(status, input.strict), provider, layer, summary, reasons };
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

/** Rules 2–4: the user's own resolver or network. */
function localNetwork(input: DecideInput, controls: Tally, facts: string[]): Verdict | null {
  const { observation: obs, host } = input;
  const mostlyUp = controls.up * 2 > controls.total;
  const answered = (input.fallback ?? []).filter((r) => r.ok);
  // The resolver could not even be reached (no route, a local firewall): no packet got to it, so nothing
  // about the site is known, whatever the controls say — say what was tried and why it failed.
  const unreachable = obs.layer === 'dns' && obs.noAnswer && obs.errno ? LOCAL_SOCKET_FAULTS[obs.errno] : undefined;
  if (unreachable && answered.length === 0) {
    const target = obs.failedResolver ? `${input.resolverMode === 'explicit' ? 'the resolver you named' : 'your resolver'} ${obs.failedResolver}` : 'your resolver';
    const tail = controls.total > 0 ? `; ${controls.down}/${controls.total} controls down too` : '';
    const summary = `${unreachable} ${target} (${obs.errno})${tail} — check your network connection`;
    return verdict(input, 'local-network', null, 'dns', summary, facts);
  }
  if (obs.layer === 'dns' && answered.length > 0 && !mostlyUp) {
    const primary = resolverName(obs.failedResolver, input.resolverMode);
    const others = answered.map((r) => shortResolver(r.resolver)).join(', ');
    const asked = input.fallbackName ?? 'a control host';
    const summary = `${primary} is failing (${obs.code} for ${host}); ${others} ${answered.length === 1 ? 'answers' : 'answer'} (asked about ${asked}) — the site may be fine, fix or switch your resolver`;
    const fallbackFacts = (input.fallback ?? []).map((r) =>
      r.ok ? `fallback resolver ${r.resolver} resolved ${asked} (${r.addresses.length} ${plural(r.addresses.length, 'address', 'addresses')})` : `fallback resolver ${r.resolver} failed for ${asked}: ${r.error?.code ?? 'no addresses'}`,
    );
    return verdict(input, 'local-network', null, 'dns', summary, [...facts, ...fallbackFacts]);
  }
  // The resolver's silence is the most precise thing to say when nothing else answered through it either.
  if (obs.noAnswer && controls.up === 0 && !input.canaries.some((c) => c.status === 'up')) {
    const primary = resolverName(obs.failedResolver, input.resolverMode);
    const summary = `${primary} answers nothing (${obs.code} for every query)${controls.total > 0 ? `; ${controls.down}/${controls.total} controls down too` : ''} — check your resolver or network`;
    return verdict(input, 'local-network', null, 'dns', summary, facts);
  }
  if (controls.total > 0 && controls.down * 2 > controls.total) {
    const summary = `Nothing answers from here: ${clauses(obs.detail, countPhrase(controls.down, controls.total, 'controls', 'down too'))} — check your own network or resolver`;
    return verdict(input, 'local-network', null, obs.layer, summary, facts);
  }
  return null;
}

function canaryEvidence(canaries: CanaryResult[], provider: string, role: 'cdn' | 'dns', obs: Observation): CanaryEvidence {
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

/** Controls the deadline cut short are left out: they say nothing about your network. */
function tallyControls(controls: ControlResult[]): Tally {
  const decided = controls.filter((c) => c.code === null || !UNDECIDED_CODES.has(c.code));
  const down = decided.filter((c) => c.status === 'down').length;
  return { up: decided.length - down, down, total: decided.length };
}

function sitePart(obs: Observation): string {
  return obs.layer ? SITE_PART[obs.layer] : 'own setup';
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

/** "your resolver 127.0.0.53" (system) or "the resolver you named, 127.0.0.2" (explicit). */
function resolverName(label: string | null | undefined, mode: 'system' | 'explicit'): string {
  const short = label ? shortResolver(label) : null;
  if (mode === 'explicit') return short ? `The resolver you named (${short})` : 'The resolver you named';
  return short ? `Your resolver ${short}` : 'Your system resolver';
}

/** Drops the default port: "127.0.0.53:53" → "127.0.0.53", "[::1]:53" → "::1"; other ports stay. */
function shortResolver(label: string): string {
  const v6 = /^\[(.+)\]:53$/.exec(label);
  if (v6) return v6[1]!;
  return label.endsWith(':53') && label.indexOf(':') === label.lastIndexOf(':') ? label.slice(0, -3) : label;
}

// The memory of a watch: each target's current verdict, its recent transitions and whether it is flapping,
// plus the --until/--for decision. Pure: checks in, state and events out; bounded however long the watch runs.
import type { Status } from '../types.ts';
import { combineExitCodes } from '../verdict/exit.ts';

/**
 * Flapping: this many transitions of one target within FLAP_WINDOW_MS. Fifteen minutes holds three flips
 * of Cloudflare's November 2025 failure, whose bad configuration file was rebuilt every five minutes.
 */
const FLAP_TRANSITIONS = 3;
export const FLAP_WINDOW_MS = 15 * 60_000;
/** Transitions kept per target (for the timeline and the flapping window); older ones are only counted. */
export const KEPT_TRANSITIONS = 16;

/** One target's verdict in one round (epoch ms). */
export interface Check {
  target: string;
  at: number;
  status: Status;
  exitCode: number;
  provider: string | null;
  summary: string;
}

interface Transition {
  target: string;
  at: number;
  from: Status;
  to: Status;
  /** On a return to health: how long the target was not up (since the transition that took it down). */
  downMs: number | null;
}

/** Why a target counts as flapping: the statuses it went through within the window, oldest first. */
interface Flapping {
  target: string;
  at: number;
  transitions: number;
  windowMs: number;
  /** Statuses in order, e.g. ['provider-outage', 'up', 'provider-outage', 'up']. */
  pattern: Status[];
}

export interface TargetTrack {
  /** The target's first check: where its timeline starts. */
  first: { at: number; status: Status };
  last: Check;
  /** The most recent KEPT_TRANSITIONS transitions, oldest first. */
  transitions: Transition[];
  transitionCount: number;
  /** When the current spell of not being up began (null while up). */
  downSince: number | null;
  /** Total time spent not up across the watch, closed spells only. */
  downMs: number;
  flapping: Flapping | null;
}

export interface WatchState {
  rounds: number;
  startedAt: number;
  tracks: Map<string, TargetTrack>;
}

export type WatchEvent =
  | { kind: 'check'; round: number; check: Check }
  | { kind: 'transition'; transition: Transition }
  | { kind: 'flapping'; flapping: Flapping }
  /** A target that was flapping has had fewer than FLAP_TRANSITIONS transitions in the window since. */
  | { kind: 'steady'; target: string; at: number };

/** Healthy for a watch: what exits 0 (up, or degraded without --strict). */
function isUp(check: Pick<Check, 'exitCode'>): boolean {
  return check.exitCode === 0;
}

export function newWatch(startedAt: number): WatchState {
  return { rounds: 0, startedAt, tracks: new Map() };
}

/**
 * Adds one round's checks, in place, and returns what happened, in order: each target's check, then its
 * transition and flapping change, if any. The first check of a target is never a transition.
 */
export function observeRound(state: WatchState, checks: readonly Check[]): WatchEvent[] {
  state.rounds++;
  const events: WatchEvent[] = [];
  for (const check of checks) {
    events.push({ kind: 'check', round: state.rounds, check });
    const track = state.tracks.get(check.target);
    if (!track) {
      state.tracks.set(check.target, { first: { at: check.at, status: check.status }, last: check, transitions: [], transitionCount: 0, downSince: isUp(check) ? null : check.at, downMs: 0, flapping: null });
      continue;
    }
    const previous = track.last;
    track.last = check;
    if (previous.status !== check.status) {
      let downMs: number | null = null;
      if (isUp(check) && track.downSince !== null) {
        downMs = check.at - track.downSince;
        track.downMs += downMs;
        track.downSince = null;
      } else if (!isUp(check) && track.downSince === null) {
        track.downSince = check.at;
      }
      const transition: Transition = { target: check.target, at: check.at, from: previous.status, to: check.status, downMs };
      track.transitions.push(transition);
      if (track.transitions.length > KEPT_TRANSITIONS) track.transitions.shift();
      track.transitionCount++;
      events.push({ kind: 'transition', transition });
    }
    const flapping = flappingAt(track, check.at);
    if (flapping && !track.flapping) events.push({ kind: 'flapping', flapping });
    if (!flapping && track.flapping) events.push({ kind: 'steady', target: check.target, at: check.at });
    track.flapping = flapping;
  }
  return events;
}

/** FLAP_TRANSITIONS or more transitions within FLAP_WINDOW_MS before `at`, with the statuses they went through. */
function flappingAt(track: TargetTrack, at: number): Flapping | null {
  const recent = track.transitions.filter((t) => at - t.at <= FLAP_WINDOW_MS);
  if (recent.length < FLAP_TRANSITIONS) return null;
  const pattern = [recent[0]!.from, ...recent.map((t) => t.to)];
  return { target: track.last.target, at, transitions: recent.length, windowMs: FLAP_WINDOW_MS, pattern };
}

export type Until = 'up' | 'change' | 'down';

export interface StopRules {
  until: Until | null;
  /** --for: the whole watch's bound in ms, or null for none. */
  forMs: number | null;
}

type StopReason = 'until-up' | 'until-change' | 'until-down' | 'for' | 'interrupted';

export interface Stop {
  reason: StopReason;
  exitCode: number;
}

/** The code of the last verdicts together (the highest wins, as for a run with several targets). */
export function lastCode(state: WatchState): number {
  return combineExitCodes([...state.tracks.values()].map((t) => t.last.exitCode));
}

/**
 * Whether the watch ends after this round: --until up when every target exits 0 (code 0); --until down when
 * any does not (the last verdicts' code); --until change at the first transition (the new verdicts' code);
 * else --for once `elapsedMs` reaches it (the last verdicts' code). null: keep watching.
 */
export function shouldStop(state: WatchState, events: readonly WatchEvent[], rules: StopRules, elapsedMs: number): Stop | null {
  const tracks = [...state.tracks.values()];
  if (rules.until === 'up' && tracks.length > 0 && tracks.every((t) => isUp(t.last))) return { reason: 'until-up', exitCode: 0 };
  if (rules.until === 'down' && tracks.some((t) => !isUp(t.last))) return { reason: 'until-down', exitCode: lastCode(state) };
  if (rules.until === 'change') {
    const changed = events.flatMap((e) => (e.kind === 'transition' ? [state.tracks.get(e.transition.target)!.last.exitCode] : []));
    if (changed.length > 0) return { reason: 'until-change', exitCode: combineExitCodes(changed) };
  }
  if (rules.forMs !== null && elapsedMs >= rules.forMs) return { reason: 'for', exitCode: lastCode(state) };
  return null;
}

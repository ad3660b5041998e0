// What `cdn-check watch` prints: the screen redrawn in place on a terminal, plain appended lines elsewhere,
// one JSON event a line with --ndjson, and the closing summary. Pure: state and events in, strings out.
import { formatDuration } from '../duration.ts';
import type { Status } from '../types.ts';
import type { Stop, TargetTrack, WatchEvent, WatchState } from '../watch/timeline.ts';
import { statusLabel } from './labels.ts';
import type { Palette } from './palette.ts';
import { sanitize } from './sanitize.ts';

export interface WatchView {
  palette: Palette;
  /** Minutes to add to UTC for the clock shown (the local zone's offset; 0 in tests). */
  utcOffsetMin: number;
  /** Terminal width: screen lines are cut to it, so a redraw knows how many rows it covers. */
  width?: number;
}

/** Transitions shown on a target's timeline line; the summary and --ndjson have every one. */
const SCREEN_TRANSITIONS = 4;
const SUMMARY_CHARS = 160;

/** HH:MM:SS of an epoch ms, in the view's zone. */
function clockTime(at: number, utcOffsetMin: number): string {
  return new Date(at + utcOffsetMin * 60_000).toISOString().slice(11, 19);
}

function label(status: Status, palette: Palette): string {
  return palette.status(status, statusLabel(status));
}

/** "FLAPPING (PROVIDER OUTAGE → UP → PROVIDER OUTAGE → UP: 3 transitions within 15m00s)". */
function flappingText(track: TargetTrack, palette: Palette): string {
  const f = track.flapping!;
  return `${palette.warn('FLAPPING')} (${f.pattern.map((s) => statusLabel(s)).join(' → ')}: ${f.transitions} transitions within ${formatDuration(f.windowMs)})`;
}

/** One target's current line: host, status (or flapping with its pattern) and the verdict's summary. */
function verdictLine(host: string, track: TargetTrack, view: WatchView): string {
  const status = track.flapping ? flappingText(track, view.palette) : label(track.last.status, view.palette);
  return `${view.palette.strong(sanitize(host, 120))}  ${status}  ${view.palette.muted(sanitize(track.last.summary, SUMMARY_CHARS))}`;
}

/**
 * The compact timeline: "12:01:10 PROVIDER OUTAGE → 12:43:55 UP · down 42m45s". Starts at the first check when
 * every transition is still kept, else with "…"; a target down now says for how long so far.
 */
export function timelineText(track: TargetTrack, now: number, view: WatchView, limit = SCREEN_TRANSITIONS): string {
  const shown = track.transitions.slice(-limit);
  const complete = shown.length === track.transitionCount;
  const start = complete ? `${clockTime(track.first.at, view.utcOffsetMin)} ${label(track.first.status, view.palette)}` : '…';
  const steps = shown.map((t) => `${clockTime(t.at, view.utcOffsetMin)} ${label(t.to, view.palette)}`);
  const lastChange = shown.at(-1);
  const tail =
    track.downSince !== null ? ` · down ${formatDuration(now - track.downSince)} so far`
    : lastChange?.downMs != null ? ` · down ${formatDuration(lastChange.downMs)}`
    : '';
  return `${[start, ...steps].join(' → ')}${view.palette.muted(tail)}`;
}

/** Cuts a line to `width` visible columns (colour codes do not count), so no line wraps on the terminal. */
function fit(line: string, width: number | undefined): string {
  if (width === undefined) return line;
  let visible = 0;
  let out = '';
  // eslint-disable-next-line no-control-regex -- SGR codes the palette added are kept whole, and not counted
  for (const part of line.split(/(\u001b\[[0-9;]*m)/)) {
    if (part.startsWith('\u001b[')) {
      out += part;
      continue;
    }
    for (const ch of part) {
      if (visible >= width - 1) return `${out}…${line.includes('\u001b[') ? '\u001b[0m' : ''}`;
      out += ch;
      visible++;
    }
  }
  return out;
}

/** The whole screen: a header with the round and the next check's time, then per target its verdict and timeline. */
export function renderWatchScreen(state: WatchState, info: { now: number; everyMs: number; nextAt: number | null }, view: WatchView): string {
  const next = info.nextAt === null ? '' : ` · next check ${clockTime(info.nextAt, view.utcOffsetMin)}`;
  const lines = [view.palette.head(`cdn-check watch · every ${formatDuration(info.everyMs)} · round ${state.rounds}${next} · Ctrl-C to stop`)];
  for (const [host, track] of state.tracks) {
    lines.push(verdictLine(host, track, view));
    lines.push(`  ${timelineText(track, info.now, view)}`);
  }
  return `${lines.map((l) => fit(l, view.width)).join('\n')}\n`;
}

/** Moves the cursor back over the previous screen (`previousLines` rows) and clears it, then draws `screen`. */
export function redraw(previousLines: number, screen: string): string {
  return `${previousLines > 0 ? `\u001b[${previousLines}A\r\u001b[J` : ''}${screen}`;
}

/** Appended lines for a pipe or a file: one per check, transition and flapping change. */
export function renderWatchLines(events: readonly WatchEvent[], view: WatchView): string {
  const p = view.palette;
  return events
    .map((e) => {
      switch (e.kind) {
        case 'check':
          return `${clockTime(e.check.at, view.utcOffsetMin)} ${sanitize(e.check.target, 120)}  ${label(e.check.status, p)}  ${p.muted(sanitize(e.check.summary, SUMMARY_CHARS))}`;
        case 'transition': {
          const t = e.transition;
          const down = t.downMs === null ? '' : ` · down ${formatDuration(t.downMs)}`;
          return `${clockTime(t.at, view.utcOffsetMin)} ${sanitize(t.target, 120)}  changed: ${label(t.from, p)} → ${label(t.to, p)}${down}`;
        }
        case 'flapping': {
          const f = e.flapping;
          return `${clockTime(f.at, view.utcOffsetMin)} ${sanitize(f.target, 120)}  ${p.warn('FLAPPING')}: ${f.pattern.map((s) => statusLabel(s)).join(' → ')} (${f.transitions} transitions within ${formatDuration(f.windowMs)}; one check alone cannot be trusted)`;
        }
        case 'steady':
          return `${clockTime(e.at, view.utcOffsetMin)} ${sanitize(e.target, 120)}  no longer flapping`;
        default: {
          const unknown: never = e;
          return String(unknown);
        }
      }
    })
    .map((line) => `${line}\n`)
    .join('');
}

const STOP_WORDS: Record<Stop['reason'], string> = {
  'until-up': 'every target is up',
  'until-change': 'a verdict changed',
  'until-down': 'a target is not up',
  for: 'the --for time is over',
  interrupted: 'interrupted',
};

/** The closing summary: why it ended, then per target its last verdict, time down and whole kept timeline. */
export function renderWatchSummary(state: WatchState, stop: Stop, now: number, view: WatchView): string {
  const lines = [view.palette.strong(`watch ended after ${state.rounds} round${state.rounds === 1 ? '' : 's'} (${formatDuration(now - state.startedAt)}): ${STOP_WORDS[stop.reason]} · exit ${stop.exitCode}`)];
  for (const [host, track] of state.tracks) {
    const downNow = track.downSince === null ? 0 : now - track.downSince;
    lines.push(`${verdictLine(host, track, view)}  ${view.palette.muted(`· ${track.transitionCount} transition${track.transitionCount === 1 ? '' : 's'} · down ${formatDuration(track.downMs + downNow)} in all`)}`);
    lines.push(`  ${timelineText(track, now, view, Number.MAX_SAFE_INTEGER)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** --ndjson: one JSON object a line per event, times as ISO 8601 and durations in ms (schemaVersion 1). */
export function renderWatchEvents(events: readonly WatchEvent[]): string {
  return events.map((e) => `${JSON.stringify(eventObject(e))}\n`).join('');
}

function eventObject(e: WatchEvent): Record<string, unknown> {
  const base = { schemaVersion: 1 };
  switch (e.kind) {
    case 'check': {
      const c = e.check;
      return { ...base, event: 'check', at: iso(c.at), round: e.round, target: c.target, status: c.status, exitCode: c.exitCode, provider: c.provider, summary: c.summary };
    }
    case 'transition': {
      const t = e.transition;
      return { ...base, event: 'transition', at: iso(t.at), target: t.target, from: t.from, to: t.to, downMs: t.downMs };
    }
    case 'flapping': {
      const f = e.flapping;
      return { ...base, event: 'flapping', at: iso(f.at), target: f.target, flapping: true, transitions: f.transitions, windowMs: f.windowMs, pattern: f.pattern };
    }
    case 'steady':
      return { ...base, event: 'flapping', at: iso(e.at), target: e.target, flapping: false };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
}

/** The `end` event: why, the exit code, and each target's last verdict with its totals. */
export function renderWatchEnd(state: WatchState, stop: Stop, now: number): string {
  const targets = [...state.tracks].map(([target, t]) => ({
    target,
    status: t.last.status,
    exitCode: t.last.exitCode,
    flapping: t.flapping !== null,
    transitions: t.transitionCount,
    downMs: t.downMs + (t.downSince === null ? 0 : now - t.downSince),
  }));
  return `${JSON.stringify({ schemaVersion: 1, event: 'end', at: iso(now), reason: stop.reason, exitCode: stop.exitCode, rounds: state.rounds, durationMs: Math.round(now - state.startedAt), targets })}\n`;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

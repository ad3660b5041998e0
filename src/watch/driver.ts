// `cdn-check watch`: the whole diagnosis once per round (canaries and controls too, each round under its own
// --deadline), fed to the pure timeline, printed as a screen, lines or events, until --until, --for or Ctrl-C.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Options } from '../options.ts';
import { makePalette } from '../render/palette.ts';
import { screenWidth } from '../render/width.ts';
import { redraw, renderWatchEnd, renderWatchEvents, renderWatchLines, renderWatchScreen, renderWatchSummary, type WatchView } from '../render/watch.ts';
import { run, type RunDeps } from '../run/run.ts';
import { EXIT, type Report } from '../types.ts';
import { lastCode, newWatch, observeRound, shouldStop, type Check, type Stop, type WatchState } from './timeline.ts';
import type { WatchOptions } from './options.ts';

export interface WatchDeps extends Omit<RunDeps, 'onReport'> {
  /** Wall clock in epoch ms (the timeline's times); Date.now by default. */
  clock?: () => number;
  /** Minutes the shown clock is ahead of UTC; the local zone's by default. */
  utcOffsetMin?: number;
}

type Mode = 'screen' | 'lines' | 'ndjson' | 'quiet';

/** Watches until a stop rule holds or Ctrl-C; returns the exit code (130 when interrupted). */
export async function watch(options: Options, rules: WatchOptions, deps: WatchDeps): Promise<number> {
  const clock = deps.clock ?? Date.now;
  const mode: Mode = options.format === 'ndjson' ? 'ndjson' : options.format === 'quiet' ? 'quiet' : deps.stdout.isTTY ? 'screen' : 'lines';
  const view: WatchView = {
    palette: makePalette(options.color),
    utcOffsetMin: deps.utcOffsetMin ?? -new Date().getTimezoneOffset(),
    ...(mode === 'screen' && screenWidth(deps.stdout) !== undefined ? { width: screenWidth(deps.stdout) } : {}),
  };
  const state = newWatch(clock());
  // --for bounds the whole watch: it ends a round in progress as Ctrl-C would, and the wait between rounds.
  const over = new AbortController();
  const forTimer = rules.forMs === null ? null : setTimeout(() => over.abort(), rules.forMs);
  // A reader that went away (`| head -3`) ends the watch quietly: nobody is left to watch for.
  const closed = new AbortController();
  const onOutputError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') closed.abort();
  };
  deps.stdout.on('error', onOutputError);
  const signal = AbortSignal.any([...(deps.interrupt ? [deps.interrupt] : []), over.signal, closed.signal]);
  // Each round is a fresh run: nothing of a round outlives it but the checks the timeline keeps.
  const roundOptions: Options = { ...options, format: 'quiet' };
  let screenLines = 0;
  const write = (text: string): void => {
    if (text !== '') deps.stdout.write(text);
  };
  const ended = (): Stop | null =>
    deps.interrupt?.aborted ? { reason: 'interrupted', exitCode: EXIT.interrupted }
    : over.signal.aborted || closed.signal.aborted ? { reason: 'for', exitCode: state.rounds === 0 ? EXIT.inconclusive : lastCode(state) }
    : null;

  let stop: Stop;
  try {
    for (;;) {
      const roundStart = clock();
      let report: Report | null = null;
      const code = await run(roundOptions, { ...deps, interrupt: signal, onReport: (r) => (report = r) });
      const cut = ended();
      if (cut) {
        stop = cut;
        break;
      }
      // No report: the run stopped before diagnosing (a usage error such as an unreadable --ca-file), and said why.
      if (report === null) return code;
      const at = clock();
      const events = observeRound(state, checksOf(report, at));
      const done = shouldStop(state, events, { until: rules.until, forMs: rules.forMs }, at - state.startedAt);
      const nextAt = done ? null : Math.max(roundStart + rules.everyMs, at);
      if (mode === 'ndjson') write(renderWatchEvents(events));
      else if (mode === 'lines') write(renderWatchLines(events, view));
      else if (mode === 'screen') {
        const screen = renderWatchScreen(state, { now: at, everyMs: rules.everyMs, nextAt }, view);
        write(redraw(screenLines, screen));
        screenLines = screen.split('\n').length - 1;
      }
      if (done) {
        stop = done;
        break;
      }
      await sleep(Math.max(0, (nextAt ?? at) - clock()), undefined, { signal }).catch(() => {});
      const after = ended();
      if (after) {
        stop = after;
        break;
      }
    }
  } finally {
    if (forTimer) clearTimeout(forTimer);
    deps.stdout.off('error', onOutputError);
  }
  if (closed.signal.aborted) return stop.exitCode;
  end(state, stop, clock(), mode, view, write);
  return stop.exitCode;
}

/** One round's verdicts as timeline checks, all stamped with the round's end. */
function checksOf(report: Report, at: number): Check[] {
  return report.targets.map((t) => ({ target: t.host, at, status: t.verdict.status, exitCode: t.verdict.exitCode, provider: t.verdict.provider, summary: t.verdict.summary }));
}

function end(state: WatchState, stop: Stop, now: number, mode: Mode, view: WatchView, write: (text: string) => void): void {
  if (mode === 'ndjson') write(renderWatchEnd(state, stop, now));
  else if (mode !== 'quiet') write(`${mode === 'lines' ? '' : '\n'}${renderWatchSummary(state, stop, now, view)}`);
}

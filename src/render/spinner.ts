// Progress on stderr while a run is in flight (ora); the only renderer with side effects, and off unless wanted.
// ora (and its dependencies) is loaded only when a spinner will show: ~10 ms of start-up that a
// --json run, a pipe or CI never needs.
import type { Ora } from 'ora';
import { sanitize } from './sanitize.ts';

export interface Progress {
  /** Shows `text` next to the spinner (starting it on first use). */
  update(text: string): void;
  /** Stops and clears the spinner line. Safe to call more than once, or without any update. */
  stop(): void;
  /** Settles once the spinner library has loaded (or failed to): text given before then shows from that moment. */
  ready: Promise<void>;
}

export interface ProgressInputs {
  format: string;
  quiet: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
}

/**
 * Whether to show a spinner: only for the text format, not --quiet, only when stderr is a terminal, and never
 * when `CI` is set (to any value, even empty: CI logs capture stderr and a spinner there is noise).
 */
export function progressEnabled({ format, quiet, stderrIsTTY, env }: ProgressInputs): boolean {
  return format === 'text' && !quiet && stderrIsTTY && env.CI === undefined;
}

const NOOP: Progress = { update: () => {}, stop: () => {}, ready: Promise.resolve() };

/**
 * A spinner on `stream`. When `enabled` is false nothing is created and nothing is ever written. It never reads
 * stdin (ora's discardStdin is off), so it cannot interfere with `--targets-file -`.
 */
export function createProgress(opts: { enabled: boolean; stream: NodeJS.WritableStream & { isTTY?: boolean } }): Progress {
  if (!opts.enabled) return NOOP;
  let spinner: Ora | null = null;
  let stopped = false;
  let makeSpinner: ((text: string) => Ora) | null = null;
  // The latest text given before ora had loaded: shown as soon as it has.
  let pending: string | null = null;
  const show = (line: string): void => {
    if (spinner) spinner.text = line;
    else if (makeSpinner) spinner = makeSpinner(line);
    else pending = line;
  };
  const ready = import('ora').then(
    ({ default: ora }) => {
      makeSpinner = (text) => ora({ text, stream: withWidth(opts.stream), isEnabled: true, discardStdin: false }).start();
      if (!stopped && pending !== null) show(pending);
    },
    // A spinner is decoration: if it cannot load, the run goes on without one.
    () => {},
  );
  return {
    ready,
    update(text) {
      if (!stopped) show(sanitize(text, 200));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      spinner?.stop();
      spinner = null;
    },
  };
}

/** The width assumed for a terminal that reports none (as ora does when `columns` is undefined). */
const DEFAULT_COLUMNS = 80;

/**
 * The stream as ora should see it: a terminal that reports 0 columns (`script` without a size, some CI ptys)
 * reads as 80. ora divides each line's width by `columns` to count the lines to clear; with 0 that count is
 * Infinity and it writes clear-line codes forever in one synchronous loop, so not even --deadline can end the run.
 */
function withWidth<S extends NodeJS.WritableStream & { columns?: number }>(stream: S): S {
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'columns') return target.columns && target.columns > 0 ? target.columns : DEFAULT_COLUMNS;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

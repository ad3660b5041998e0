// Progress on stderr while a run is in flight (ora); the only renderer with side effects, and off unless wanted.
import ora, { type Ora } from 'ora';
import { sanitize } from './sanitize.ts';

export interface Progress {
  /** Shows `text` next to the spinner (starting it on first use). */
  update(text: string): void;
  /** Stops and clears the spinner line. Safe to call more than once, or without any update. */
  stop(): void;
}

export interface ProgressInputs {
  format: 'text' | 'json' | 'ndjson' | 'quiet';
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

const NOOP: Progress = { update: () => {}, stop: () => {} };

/**
 * A spinner on `stream`. When `enabled` is false nothing is created and nothing is ever written. It never reads
 * stdin (ora's discardStdin is off), so it cannot interfere with `--targets-file -`.
 */
export function createProgress(opts: { enabled: boolean; stream: NodeJS.WritableStream & { isTTY?: boolean } }): Progress {
  if (!opts.enabled) return NOOP;
  let spinner: Ora | null = null;
  let stopped = false;
  return {
    update(text) {
      if (stopped) return;
      const line = sanitize(text, 200);
      if (spinner) spinner.text = line;
      else spinner = ora({ text: line, stream: opts.stream, isEnabled: true, discardStdin: false }).start();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      spinner?.stop();
      spinner = null;
    },
  };
}

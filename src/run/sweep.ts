// Bulk sweeps (--targets-file): the target stream, back-pressure from a slow reader, and the summary after.
import { readTargets, type LineReader, type TargetLine } from './targets-file.ts';
import type { CorrelationEntry, Target, Unreached } from '../types.ts';

/**
 * More targets than this on the command line make the run a sweep, as a --targets-file does: each target is
 * decided and written as it completes and then dropped, so 10,000 arguments cost what a 10,000-line file does.
 */
export const SWEEP_FROM_ARGV_TARGETS = 100;

/**
 * After --deadline, how long the rest of the input is scanned so the targets never reached can be listed
 * (a regular file of 20,000 lines takes ~300 ms; a pipe left open or /dev/zero stops here, and the summary then
 * says "N+ not checked" and from which line on the input was not read).
 */
export const UNREAD_SCAN_MS = 1000;

/** Targets from the command line, then from --targets-file, as one stream that can stop and go on again. */
export class TargetSource {
  private next = 0;

  constructor(
    private readonly argv: readonly Target[],
    private readonly reader: LineReader | null,
  ) {}

  /** The targets until the end or until `signal` aborts; called again later, it goes on where it stopped. */
  async *entries(signal: AbortSignal): AsyncGenerator<TargetLine> {
    while (this.next < this.argv.length) {
      if (signal.aborted) return;
      yield { ok: true, target: this.argv[this.next++]!, line: 0 };
    }
    if (this.reader) yield* readTargets(this.reader, signal);
  }

  /** Whether every target given has been taken from the stream. */
  get complete(): boolean {
    return this.next >= this.argv.length && (this.reader === null || this.reader.done);
  }

  get linesRead(): number {
    return this.reader?.count ?? 0;
  }

  close(): void {
    this.reader?.close();
  }
}

/** The per-provider summary printed after a sweep (stderr, so stdout stays machine-readable). */
export function renderSweepSummary(entries: CorrelationEntry[], decided: number, badLines: number, ms: number, name: (id: string) => string, unreached?: Unreached): string {
  const lines = entries.map((e) => `  ${name(e.provider).padEnd(24)} ${String(e.total).padStart(7)} targets  ${String(e.down).padStart(7)} down`);
  const checked = decided - (unreached?.notChecked ?? 0);
  const rate = ms > 0 ? ` (${Math.round((checked / ms) * 1000)}/s)` : '';
  return `\ncdn-check: ${checked} targets in ${(ms / 1000).toFixed(1)} s${rate}${badLines ? `, ${badLines} bad line${badLines === 1 ? '' : 's'} skipped` : ''}${unreachedNote(unreached)}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}

/** ", 15835 not checked (--deadline passed)", and when the input was not read to its end, from which line on. */
function unreachedNote(unreached: Unreached | undefined): string {
  if (!unreached) return '';
  const more = unreached.inputComplete ? '' : '+';
  const rest = unreached.inputComplete ? '' : `; input not read past line ${unreached.linesRead}, more may follow`;
  return `, ${unreached.notChecked}${more} not checked (--deadline passed${rest})`;
}

/** The resolvers that made the sweep retry (REFUSED or timeouts: a resolver shedding load), after the summary. */
export function renderRetries(entries: [string, number][]): string {
  return entries.map(([label, n]) => `  resolver ${label}: ${n} ${n === 1 ? 'query' : 'queries'} retried after REFUSED or a timeout (rate-limited?)\n`).join('');
}

/** One shared wait per stream, so hundreds of workers held by the same slow reader add one set of listeners. */
export function drainGate(stream: NodeJS.WritableStream): () => Promise<void> {
  let pending: Promise<void> | null = null;
  return () =>
    (pending ??= drained(stream).then(() => {
      pending = null;
    }));
}

/** Resolves once `stream` wants more data again, or never will (closed, errored, destroyed). */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  const s = stream as NodeJS.WritableStream & { destroyed?: boolean; writableNeedDrain?: boolean };
  if (s.destroyed || s.writableNeedDrain === false) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      s.off('drain', done);
      s.off('close', done);
      s.off('error', done);
      resolve();
    };
    s.once('drain', done);
    s.once('close', done);
    s.once('error', done);
  });
}

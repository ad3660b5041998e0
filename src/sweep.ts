// Bulk sweeps (--targets-file): the target stream, back-pressure from a slow reader, and the summary after.
import type { Options } from './options.ts';
import { readTargets, type TargetLine } from './targets-file.ts';
import type { CorrelationEntry } from './types.ts';

/** Targets from the command line, then from --targets-file, as one stream. */
export async function* targetStream(options: Options, stdin: NodeJS.ReadableStream | undefined, signal: AbortSignal): AsyncGenerator<TargetLine> {
  for (const target of options.targets) yield { ok: true, target, line: 0 };
  if (options.targetsFile !== null) yield* readTargets(options.targetsFile, stdin, signal);
}

/** The per-provider summary printed after a sweep (stderr, so stdout stays machine-readable). */
export function renderSweepSummary(entries: CorrelationEntry[], decided: number, badLines: number, ms: number, name: (id: string) => string): string {
  const lines = entries.map((e) => `  ${name(e.provider).padEnd(24)} ${String(e.total).padStart(7)} targets  ${String(e.down).padStart(7)} down`);
  const rate = ms > 0 ? ` (${Math.round((decided / ms) * 1000)}/s)` : '';
  return `\ncdn-check: ${decided} targets in ${(ms / 1000).toFixed(1)} s${rate}${badLines ? `, ${badLines} bad lines skipped` : ''}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
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

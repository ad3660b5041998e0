// Streams targets from --targets-file (a path or "-" for stdin): one a line, "#" comments and blank lines
// ignored, bad lines reported with their line number and skipped — never fatal, never all in memory.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseTarget } from './target.ts';
import type { Target } from './types.ts';

export type TargetLine = { ok: true; target: Target; line: number } | { ok: false; line: number; input: string; reason: string };

/**
 * Yields one entry per non-blank, non-comment line. A trailing "# comment" on a line is ignored too.
 * Reading stops when `signal` aborts (the run's deadline): a stdin that never closes cannot hold the run.
 */
export async function* readTargets(path: string, stdin?: NodeJS.ReadableStream, signal?: AbortSignal): AsyncGenerator<TargetLine> {
  if (signal?.aborted) return;
  const input = path === '-' ? stdin ?? process.stdin : createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const stop = () => {
    lines.close();
    if (path !== '-' && 'destroy' in input) input.destroy();
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    yield* entries(lines);
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
  }
}

async function* entries(lines: AsyncIterable<string>): AsyncGenerator<TargetLine> {
  let n = 0;
  for await (const raw of lines) {
    n++;
    const text = raw.replace(/\s#.*$|^#.*$/, '').trim();
    if (text === '') continue;
    const parsed = parseTarget(text);
    yield parsed.ok ? { ok: true, target: parsed.target, line: n } : { ok: false, line: n, input: text, reason: parsed.reason };
  }
}

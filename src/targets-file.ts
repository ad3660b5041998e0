// Streams targets from --targets-file (a path or "-" for stdin): one a line, "#" comments and blank lines
// ignored, bad lines reported with their line number and skipped — never fatal, never all in memory.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseTarget } from './target.ts';
import type { Target } from './types.ts';

export type TargetLine = { ok: true; target: Target; line: number } | { ok: false; line: number; input: string; reason: string };

/** Yields one entry per non-blank, non-comment line. A trailing "# comment" on a line is ignored too. */
export async function* readTargets(path: string, stdin?: NodeJS.ReadableStream): AsyncGenerator<TargetLine> {
  const input = path === '-' ? stdin ?? process.stdin : createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n++;
    const text = raw.replace(/\s#.*$|^#.*$/, '').trim();
    if (text === '') continue;
    const parsed = parseTarget(text);
    yield parsed.ok ? { ok: true, target: parsed.target, line: n } : { ok: false, line: n, input: text, reason: parsed.reason };
  }
}

// Streams targets from --targets-file (a path or "-" for stdin): one a line, "#" comments and blank lines
// ignored, bad lines reported with their line number and skipped — never fatal, never all in memory. A line
// is never buffered past MAX_LINE_BYTES (/dev/zero, a 20 MB line), and parsing is linear in the input.
import { openInput, type InputProblem } from '../input.ts';
import { parseTarget } from '../target.ts';
import type { Target } from '../types.ts';

export type TargetLine = { ok: true; target: Target; line: number } | { ok: false; line: number; input: string; reason: string };

/** A longer line is a bad line: nothing in a host name or URL worth checking comes near it. */
export const MAX_LINE_BYTES = 4096;

const NEWLINE = 0x0a;

/** One raw line: its number and text, or `overlong` when it passed MAX_LINE_BYTES (text is then its start). */
interface RawLine {
  n: number;
  text: string;
  overlong: boolean;
}

/**
 * Splits a byte stream into lines, pulled one at a time, each wait raced against an AbortSignal, so the same
 * reader can stop at the deadline and later be scanned further under a second, short signal.
 */
export class LineReader {
  private chunk: Buffer | null = null;
  private offset = 0;
  private parts: Buffer[] = [];
  private kept = 0;
  private overlong = false;
  private ended = false;
  private failed: string | null = null;
  private wake: (() => void) | null = null;
  private readonly decoder = new TextDecoder('utf-8');
  /** Lines read so far (the number of the last one). */
  count = 0;

  constructor(private readonly stream: NodeJS.ReadableStream & { destroy(): void }) {
    const poke = (): void => {
      const wake = this.wake;
      this.wake = null;
      wake?.();
    };
    stream.on('readable', poke);
    stream.on('end', () => {
      this.ended = true;
      poke();
    });
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.failed = error.code ?? error.message;
      this.ended = true;
      poke();
    });
  }

  /** True once the stream has been read to its end (or failed: then `error` says why). */
  get done(): boolean {
    return this.ended && this.chunk === null;
  }

  get error(): string | null {
    return this.failed;
  }

  /** The next line, or null at the end of the input or when `signal` aborts (check `done` to tell which). */
  async next(signal: AbortSignal): Promise<RawLine | null> {
    for (;;) {
      if (this.chunk) {
        const at = this.chunk.indexOf(NEWLINE, this.offset);
        const end = at === -1 ? this.chunk.length : at;
        this.keep(this.chunk.subarray(this.offset, end));
        if (at === -1) this.chunk = null;
        else {
          this.offset = at + 1;
          if (this.offset >= this.chunk.length) this.chunk = null;
          return this.take();
        }
      }
      if (signal.aborted) return null;
      const data = this.ended ? null : (this.stream.read() as Buffer | string | null);
      if (data !== null) {
        this.chunk = typeof data === 'string' ? Buffer.from(data) : data;
        this.offset = 0;
        continue;
      }
      if (this.ended) return this.kept > 0 || this.overlong ? this.take() : null; // an unterminated last line counts
      await new Promise<void>((resolve) => {
        const onAbort = (): void => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        this.wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Stops reading and releases the file (or stdin). */
  close(): void {
    this.stream.destroy();
  }

  private keep(bytes: Buffer): void {
    if (this.overlong) return;
    if (this.kept + bytes.length > MAX_LINE_BYTES) {
      this.overlong = true;
      bytes = bytes.subarray(0, MAX_LINE_BYTES - this.kept);
    }
    if (bytes.length > 0) this.parts.push(bytes);
    this.kept += bytes.length;
  }

  private take(): RawLine {
    const text = this.decoder.decode(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts));
    const line = { n: ++this.count, text, overlong: this.overlong };
    this.parts = [];
    this.kept = 0;
    this.overlong = false;
    return line;
  }
}

/**
 * A line without its comment: everything from a "#" that starts the line or follows whitespace. A plain scan,
 * linear on any input (a `\s#.*$` regex backtracked quadratically on `" # # …"` ending in U+2028).
 */
export function stripComment(line: string): string {
  const at = line.startsWith('#') ? 0 : line.search(/\s#/);
  return (at === -1 ? line : line.slice(0, at)).trim();
}

/** One raw line as a target, a bad line, or null (blank, comment). */
export function parseLine(raw: RawLine): TargetLine | null {
  if (raw.overlong) {
    return { ok: false, line: raw.n, input: raw.text.slice(0, 80), reason: `the line is longer than ${MAX_LINE_BYTES} bytes` };
  }
  const text = stripComment(raw.n === 1 ? raw.text.replace(/^\ufeff/, '') : raw.text);
  if (text === '') return null;
  const parsed = parseTarget(text);
  return parsed.ok ? { ok: true, target: parsed.target, line: raw.n } : { ok: false, line: raw.n, input: text, reason: parsed.reason };
}

/** Names of the process's own standard input: read through its stream (a socket there cannot be opened by name). */
const STDIN_NAMES = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** Opens --targets-file (`-` is `stdin`) as a LineReader, or says why it cannot be read (a usage error). */
export function openTargets(path: string, stdin: NodeJS.ReadableStream & { destroy(): void }): LineReader | InputProblem {
  if (STDIN_NAMES.has(path)) return new LineReader(stdin);
  const opened = openInput(path);
  return 'code' in opened ? opened : new LineReader(opened.stream);
}

/** The targets of `reader` until its end or until `signal` aborts. */
export async function* readTargets(reader: LineReader, signal: AbortSignal): AsyncGenerator<TargetLine> {
  for (;;) {
    const raw = await reader.next(signal);
    if (raw === null) return;
    const entry = parseLine(raw);
    if (entry) yield entry;
  }
}

// Opens the files a user names (--targets-file, --ca-file) so that no kind of file can hold the run: a FIFO
// nobody writes to, a terminal, /dev/zero. Directories and devices that are not streams are usage errors.
import { closeSync, constants, createReadStream, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { Socket } from 'node:net';
import { isatty, ReadStream as TtyReadStream } from 'node:tty';
import { sanitize } from './render/sanitize.ts';

/** Why an input cannot be read: a one-line message naming the file (sanitised), for a usage error (64). */
export interface InputProblem {
  code: 'INPUT_UNREADABLE' | 'INPUT_NOT_A_FILE' | 'INPUT_TOO_LARGE' | 'DEADLINE';
  message: string;
}

/** A readable stream over a named file, and its size when it is a regular file (null for a stream). */
export interface OpenedInput {
  stream: NodeJS.ReadableStream & { destroy(): void };
  size: number | null;
}

/** A file name as it may be echoed to a terminal. */
export function printablePath(path: string): string {
  return sanitize(path, 200);
}

/**
 * Opens `path` for reading without ever blocking the process. O_NONBLOCK makes open() return at once on a FIFO
 * with no writer (a blocking open would park a thread-pool thread that nothing can cancel, keeping the process
 * alive past the deadline). FIFOs and terminals are read through the event loop (a pipe or TTY handle), so
 * destroying the stream really stops them; regular files and character devices (/dev/zero) through fs.
 * A directory, a block device or a socket is an InputProblem.
 */
export function openInput(path: string): OpenedInput | InputProblem {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    const what = code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code})`;
    return { code: code === 'EISDIR' ? 'INPUT_NOT_A_FILE' : 'INPUT_UNREADABLE', message: `"${printablePath(path)}" ${what}` };
  }
  const stat = fstatSync(fd);
  const kind = stat.isDirectory() ? 'a directory' : stat.isBlockDevice() ? 'a block device' : stat.isSocket() ? 'a socket' : null;
  if (kind) {
    closeSync(fd);
    return { code: 'INPUT_NOT_A_FILE', message: `"${printablePath(path)}" is ${kind}, not a file or a stream` };
  }
  if (stat.isFIFO()) return { stream: new Socket({ fd, readable: true, writable: false }), size: null };
  if (stat.isCharacterDevice() && isatty(fd)) return { stream: new TtyReadStream(fd), size: null };
  return { stream: createReadStream('', { fd, autoClose: true }), size: stat.isFile() ? stat.size : null };
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * Reads all of `path`, at most `maxBytes`, until `signal` aborts. More than `maxBytes` is INPUT_TOO_LARGE (read
 * no further than that: /dev/zero cannot grow memory); the deadline passing is DEADLINE.
 */
export async function readBounded(path: string, maxBytes: number, signal: AbortSignal): Promise<Buffer | InputProblem> {
  const tooLarge: InputProblem = { code: 'INPUT_TOO_LARGE', message: `"${printablePath(path)}" is larger than ${maxBytes / 2 ** 20} MiB` };
  // A regular file (the usual CA bundle) is read synchronously: cheaper than a stream, and it cannot block.
  const stat = statOrNull(path);
  if (stat?.isFile()) {
    if (stat.size > maxBytes) return tooLarge;
    try {
      const bytes = readFileSync(path);
      return bytes.length > maxBytes ? tooLarge : bytes;
    } catch (error) {
      return { code: 'INPUT_UNREADABLE', message: `"${printablePath(path)}": cannot read (${(error as NodeJS.ErrnoException).code ?? 'read error'})` };
    }
  }
  const opened = openInput(path);
  if ('code' in opened) return opened;
  const chunks: Buffer[] = [];
  let total = 0;
  return new Promise((resolve) => {
    const stream = opened.stream;
    const finish = (result: Buffer | InputProblem): void => {
      signal.removeEventListener('abort', onAbort);
      stream.destroy();
      resolve(result);
    };
    const onAbort = (): void => finish({ code: 'DEADLINE', message: `"${printablePath(path)}" was not read to its end within --deadline` });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      if (total > maxBytes) return finish(tooLarge);
      chunks.push(bytes);
    });
    stream.on('end', () => finish(Buffer.concat(chunks)));
    stream.on('error', (error: NodeJS.ErrnoException) =>
      finish({ code: 'INPUT_UNREADABLE', message: `"${printablePath(path)}": cannot read (${error.code ?? 'read error'})` }),
    );
  });
}

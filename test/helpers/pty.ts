// Runs the built binary under a pseudo-terminal, as a person at a terminal would, without node-pty: through
// util-linux `script`, or Python's pty module when `script` is missing. The transcript is what the terminal got.
import { spawnSync } from 'node:child_process';
import { BIN, runProcess } from './cli.ts';

export type PtyTool = 'script' | 'python3';

export interface PtyResult {
  code: number | null;
  /** Every byte the terminal received, in order (stdout and stderr share it unless stdout is redirected). */
  transcript: string;
}

function works(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 5000 });
  return result.status === 0;
}

/** The first pseudo-terminal tool that works here, or null (tests then skip, saying why). */
export function findPtyTool(): PtyTool | null {
  if (works('script', ['-qec', 'true', '/dev/null'])) return 'script';
  if (works('python3', ['-c', 'import pty'])) return 'python3';
  return null;
}

/** Single-quotes `word` for sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `cdn-check ...args` on a terminal `cols` wide. With `stdoutFile`, stdout goes to that file and only
 * stderr reaches the terminal. `env` is the child's whole environment (pass `CI: undefined` to drop it).
 */
export function runInPty(
  tool: PtyTool,
  args: string[],
  opts: { env: Record<string, string | undefined>; cols?: number; stdoutFile?: string; killAfterMs?: number; interruptAfterMs?: number },
): Promise<PtyResult> {
  const redirect = opts.stdoutFile ? ` > ${shellQuote(opts.stdoutFile)}` : '';
  const binary = `${[process.execPath, BIN, ...args].map(shellQuote).join(' ')}${redirect}`;
  // With interruptAfterMs, SIGINT reaches it as Ctrl-C would (the exit status is then the shell's view: 130 either way).
  const body = opts.interruptAfterMs === undefined ? `exec ${binary}` : `${binary} & pid=$!; sleep ${opts.interruptAfterMs / 1000}; kill -INT $pid; wait $pid`;
  const command = `stty cols ${opts.cols ?? 100} rows 40; ${body}`;
  const [file, argv] =
    tool === 'script'
      ? ['script', ['-qfec', command, '/dev/null']]
      : ['python3', ['-c', 'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(["sh", "-c", sys.argv[1]])))', command]];
  return runProcess(file, argv, { env: opts.env, ...(opts.killAfterMs ? { killAfterMs: opts.killAfterMs } : {}) }).then((r) => ({ code: r.code, transcript: r.stdout }));
}

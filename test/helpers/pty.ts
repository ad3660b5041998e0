// Runs the built binary under a pseudo-terminal, as a person at a terminal would, without node-pty: through
// util-linux `script`, or Python's pty module when `script` is missing. The transcript is what the terminal got.
import { spawn, spawnSync } from 'node:child_process';
import { BIN } from './cli.ts';

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
  opts: { env: Record<string, string | undefined>; cols?: number; stdoutFile?: string; killAfterMs?: number },
): Promise<PtyResult> {
  const redirect = opts.stdoutFile ? ` > ${shellQuote(opts.stdoutFile)}` : '';
  const command = `stty cols ${opts.cols ?? 100} rows 40; exec ${[process.execPath, BIN, ...args].map(shellQuote).join(' ')}${redirect}`;
  const [file, argv] =
    tool === 'script'
      ? ['script', ['-qfec', command, '/dev/null']]
      : ['python3', ['-c', 'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(["sh", "-c", sys.argv[1]])))', command]];
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(opts.env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
    const child = spawn(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let transcript = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (transcript += d));
    child.stderr.resume();
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, transcript });
    });
  });
}

// Spawns the real, built binary (bin/cdn-check.js) the way a user or a CI job would, and collects what it printed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/cdn-check.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * The proxy variables of the machine running the tests, unset for the child: a lab probe sent to a real proxy
 * would leave the machine (and fail). Tests that want a proxy pass one in `env`.
 */
const NO_PROXY_ENV = Object.fromEntries(['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'].map((name) => [name, undefined]));

/** Runs `cdn-check ...args` with a clean colour and proxy environment; kills it after `killAfterMs` as a last resort. */
export function runCli(args: string[], opts: { env?: Record<string, string | undefined>; killAfterMs?: number; stdin?: string } = {}): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...NO_PROXY_ENV, ...opts.env };
  return runProcess(process.execPath, [BIN, ...args], { ...opts, env });
}

/**
 * Spawns `file ...args`, feeds it `stdin` (or nothing), and collects what it printed. `env` is the child's whole
 * environment; keys set to undefined are left out. SIGKILL after `killAfterMs` (default 30 s) as a last resort.
 */
export function runProcess(
  file: string,
  args: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string; killAfterMs?: number; stdin?: string } = {},
): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(opts.env ?? process.env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
    const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'], ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    // A child that exits at once (`ip link show`) may close its stdin first: EPIPE there is not the test's failure.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
  });
}

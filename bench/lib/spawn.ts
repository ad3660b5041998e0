// Runs the built cdn-check binary for the benchmarks and measures it: wall time, the kernel's peak RSS and
// CPU time (via a preloaded hook), and stdout counted line by line instead of kept (10,000 ndjson lines).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/cdn-check.js', import.meta.url));
const HOOK = new URL('./rusage-hook.mjs', import.meta.url).href;

export interface Measured {
  code: number | null;
  wallMs: number;
  /** Peak resident set size of the cdn-check process, MB (getrusage ru_maxrss). */
  peakRssMb: number;
  /** User + system CPU of the cdn-check process, ms. */
  cpuMs: number;
  stdoutLines: number;
  /** The first stdout lines (at most `keep`), for checks. */
  head: string[];
  stderr: string;
}

/** Fails early with a clear message when the bundle is missing: every figure would be meaningless. */
export function requireBuild(): void {
  if (!existsSync(new URL('../../dist/cli.js', import.meta.url))) throw new Error('dist/ is missing — run `npm run build` first');
}

/** Spawns `node bin/cdn-check.js ...args` and measures it. */
export async function runMeasured(args: string[], opts: { keep?: number; killAfterMs?: number; env?: Record<string, string | undefined> } = {}): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), 'cdn-check-bench-'));
  const rusageFile = join(dir, 'rusage.json');
  const started = performance.now();
  try {
    const child = spawn(process.execPath, ['--import', HOOK, BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...opts.env, CDN_CHECK_RUSAGE_OUT: rusageFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdoutLines = 0;
    let partial = '';
    const head: string[] = [];
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      stdoutLines += parts.length;
      for (const line of parts) if (head.length < (opts.keep ?? 0)) head.push(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 180_000);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    clearTimeout(killer);
    const wallMs = performance.now() - started;
    if (partial) stdoutLines++;
    const usage = JSON.parse(await readFile(rusageFile, 'utf8').catch(() => '{}')) as Partial<NodeJS.ResourceUsage>;
    return {
      code,
      wallMs,
      peakRssMb: (usage.maxRSS ?? 0) / 1024,
      cpuMs: ((usage.userCPUTime ?? 0) + (usage.systemCPUTime ?? 0)) / 1000,
      stdoutLines,
      head,
      stderr,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The median of a list of numbers (0 for an empty one). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

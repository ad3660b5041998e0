// Start-up cost of the installed entry: `cdn-check --version` (and --help) against `node -e 0`, the floor
// of any Node CLI. Runs are interleaved so background load hits both sides alike; prints medians and ratios.
// Usage: node --import tsx bench/startup.ts [runs=20]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 20);
const bin = fileURLToPath(new URL('../bin/cdn-check.js', import.meta.url));
if (!existsSync(new URL('../dist/cli.js', import.meta.url))) throw new Error('bench/startup: dist/ is missing — run `npm run build` first');

const commands: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'cdn-check --version': [bin, '--version'],
  'cdn-check --help': [bin, '--help'],
};

/** Wall time of one spawn, ms; a failed run stops the benchmark (the figure would mean nothing). */
function time(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.toString().trim()}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (const args of Object.values(commands)) time(args); // warm the file cache
for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(commands)) samples[name]?.push(time(args));

const base = median(samples['node -e 0'] ?? []);
console.log(`start-up, median of ${runs} interleaved runs, node ${process.version}`);
for (const [name, xs] of Object.entries(samples)) {
  const m = median(xs);
  console.log(`  ${name.padEnd(22)} ${m.toFixed(1).padStart(7)} ms  ${(m / base).toFixed(2)}× node -e 0`);
}

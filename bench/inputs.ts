// Hostile and large inputs (issue 12, §4–§6): peak RSS and wall time of the real binary for each, against a
// silent resolver on loopback (it never answers, so only --deadline ends a run), and the text report's render
// time for a name with 6,000 A and 6,000 AAAA records. Loopback only.
// Usage: node --import tsx bench/inputs.ts
import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePalette, renderText } from '../src/render/index.ts';
import type { Hop, Report } from '../src/types.ts';
import { healthyCloudflare } from '../test/fixtures/reports.ts';
import { requireBuild, runMeasured } from './lib/spawn.ts';

requireBuild();
const dir = await mkdtemp(join(tmpdir(), 'cdn-check-inputs-'));
const silent = createSocket('udp4');
await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
const common = ['--resolver', `127.0.0.1:${silent.address().port}`, '--no-builtin-canaries', '--no-builtin-controls', '--timeout', '1000'];
console.log(`inputs: ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}, node ${process.version}\n`);

const hosts = (n: number): string[] => Array.from({ length: n }, (_, i) => `www.site${i}.test`);
const fifo = join(dir, 'targets.fifo');
execFileSync('mkfifo', [fifo]);
await writeFile(join(dir, '20k.txt'), `${hosts(20_000).join('\n')}\n`);
await writeFile(join(dir, 'line20mb.txt'), `${'a'.repeat(20 * 2 ** 20)}\nok.test\n`);
await writeFile(join(dir, 'backtrack.txt'), `a.test${' #'.repeat(100_000)}\u2028\n`);

const cases: [string, string[]][] = [
  ['--targets-file /dev/zero, --deadline 2000', ['--targets-file', '/dev/zero', '--ndjson', '--deadline', '2000']],
  ['--targets-file a FIFO nobody writes to, --deadline 2000', ['--targets-file', fifo, '--ndjson', '--deadline', '2000']],
  ['--targets-file with one 20 MB line', ['--targets-file', join(dir, 'line20mb.txt'), '--ndjson', '--deadline', '3000']],
  ['--targets-file 200,000-char " # # …" line ending in U+2028', ['--targets-file', join(dir, 'backtrack.txt'), '--ndjson', '--deadline', '3000']],
  ['--ca-file /dev/zero', ['--ca-file', '/dev/zero', 'a.test', '--deadline', '3000']],
  ['--targets-file 20,000 lines, --deadline 1500 --ndjson', ['--targets-file', join(dir, '20k.txt'), '--ndjson', '--deadline', '1500']],
  ['--targets-file 20,000 lines, --deadline 1500 --json', ['--targets-file', join(dir, '20k.txt'), '--json', '--deadline', '1500']],
  ['10,000 argv targets --json, --deadline 5000', ['--json', '--deadline', '5000', ...hosts(10_000)]],
  ['10,000 argv targets text, --deadline 5000', ['--deadline', '5000', ...hosts(10_000)]],
];
try {
  for (const [name, args] of cases) {
    const m = await runMeasured([...args, ...common], { killAfterMs: 60_000 });
    const summary = m.stderr.trim().split('\n').filter(Boolean).at(-1) ?? '';
    console.log(`${name}\n  exit ${m.code} · ${(m.wallMs / 1000).toFixed(2)} s · peak RSS ${m.peakRssMb.toFixed(0)} MB · ${m.stdoutLines} stdout lines\n  | ${summary.slice(0, 160)}`);
  }
} finally {
  silent.close();
  await rm(dir, { recursive: true, force: true });
}

// The text report of one target whose name has 6,000 A and 6,000 AAAA records.
const base = healthyCloudflare.targets[0]!;
const hop = (type: 'A' | 'AAAA', i: number): Hop => ({
  name: 'big.example', type, data: type === 'A' ? `10.${(i >> 8) & 255}.${i & 255}.1` : `fd00::${i.toString(16)}`, ttl: 60, rcode: 'NOERROR', resolver: '127.0.0.1:53', ms: 12, tcp: true,
});
const chain = [...Array.from({ length: 6000 }, (_, i) => hop('A', i)), ...Array.from({ length: 6000 }, (_, i) => hop('AAAA', i))];
const big: Report = { ...healthyCloudflare, targets: [{ ...base, dns: { ...base.dns!, chain }, skippedAddresses: chain.slice(4).map((h) => h.data!) }] };
for (const verbose of [false, true]) {
  const started = performance.now();
  const text = renderText(big, { palette: makePalette(false), verbose, width: 120 });
  console.log(`text report, 6,000 A + 6,000 AAAA records${verbose ? ' (-v)' : ''}: ${(performance.now() - started).toFixed(0)} ms, ${text.split('\n').length} lines`);
}

// A long watch keeps a flat heap: hundreds of rounds against the lab, in a child process that can force GC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../helpers/cli.ts';

const SCRIPT = fileURLToPath(new URL('../helpers/watch-heap.ts', import.meta.url));
const ROUNDS = 300;
/**
 * Growth allowed between round 100 and round 300, after forced GC. Measured here: about 0.1 MiB (V8's own
 * caches settling). Keeping one round's report (tens of KiB of objects) per round would add several MiB.
 */
const ALLOWED_GROWTH = 1.5 * 1024 * 1024;

test(`the heap does not grow over ${ROUNDS} watch rounds at a 10 ms interval`, { timeout: 240_000 }, async () => {
  const r = await runProcess(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT], {
    env: { ...process.env, WATCH_ROUNDS: String(ROUNDS), HTTPS_PROXY: undefined, https_proxy: undefined, HTTP_PROXY: undefined, http_proxy: undefined },
    killAfterMs: 230_000,
  });
  assert.equal(r.code, 0, r.stderr.slice(0, 2000));
  const { rounds, warmHeap, endHeap, samples } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { rounds: number; warmHeap: number; endHeap: number; samples: number[] };
  assert.equal(rounds, ROUNDS);
  const growth = endHeap - warmHeap;
  const mib = (n: number) => `${(n / 1048576).toFixed(2)} MiB`;
  assert.ok(growth < ALLOWED_GROWTH, `heap grew ${mib(growth)} from round 100 to ${ROUNDS} (samples: ${samples.map(mib).join(', ')})`);
});

// A long watch keeps a flat heap: hundreds of rounds against the lab, in a child process that can force GC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../helpers/cli.ts';

const SCRIPT = fileURLToPath(new URL('../helpers/watch-heap.ts', import.meta.url));
const ROUNDS = 600;
/**
 * Growth allowed over the second half of the rounds (300 to 600), after forced GC, between the medians of the
 * first three and the last three samples (one sample alone swings about ±1 MiB as V8's caches settle). Keeping
 * one round's report (tens of KiB of objects) per round would add several MiB.
 */
const ALLOWED_GROWTH = 2 * 1024 * 1024;

const medianOf = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test(`the heap does not grow over ${ROUNDS} watch rounds at a 10 ms interval`, { timeout: 240_000 }, async () => {
  const r = await runProcess(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT], {
    env: { ...process.env, WATCH_ROUNDS: String(ROUNDS), HTTPS_PROXY: undefined, https_proxy: undefined, HTTP_PROXY: undefined, http_proxy: undefined },
    killAfterMs: 230_000,
  });
  assert.equal(r.code, 0, r.stderr.slice(0, 2000));
  const { rounds, samples } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { rounds: number; samples: number[] };
  assert.equal(rounds, ROUNDS);
  assert.ok(samples.length >= 6, `${samples.length} samples`);
  const growth = medianOf(samples.slice(-3)) - medianOf(samples.slice(0, 3));
  const mib = (n: number) => `${(n / 1048576).toFixed(2)} MiB`;
  assert.ok(growth < ALLOWED_GROWTH, `heap grew ${mib(growth)} from round ${ROUNDS / 2} to ${ROUNDS} (samples: ${samples.map(mib).join(', ')})`);
});

// Run in a child process with --expose-gc (see test/integration/watch-memory.test.ts): watches the healthy lab
// scenario's first target for many rounds at a 10 ms interval, in-process, and prints the heap after forced GC at
// a warm-up round and at the last one, as one JSON line: { rounds, warmHeap, endHeap, samples }.
import { Writable } from 'node:stream';
import { buildOptions } from '../../src/options.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { startLab } from '../../src/lab/start.ts';
import { watch } from '../../src/watch/driver.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const ROUNDS = Number(process.env.WATCH_ROUNDS ?? 300);
// The first half warms V8 up (compiled code, inline caches): the heap is compared from here on. Over HTTP/2
// (the lab's edges speak it) heapUsed climbs ~8 MiB over the first ~250 rounds, with no JS object retained
// (heap snapshots at rounds 100 and 300 differ only in compiled code), then stays flat to round 900.
const WARM = Math.floor(ROUNDS / 2);

/** heapUsed after a few full collections (one may leave work for the next). */
function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc!();
  return process.memoryUsage().heapUsed;
}

const scenario = SCENARIOS.find((s) => s.name === 'healthy')!;
const lab = await startLab(scenario);
const stop = new AbortController();
const samples: number[] = [];
let rounds = 0;
const sink = new Writable({
  write(chunk, _encoding, callback) {
    for (const line of String(chunk).split('\n')) {
      if (!line.includes('"event":"check"') || !line.includes(`"target":"${scenario.targets[0]}"`)) continue;
      rounds++;
      if (rounds === WARM || (rounds > WARM && rounds % 50 === 0) || rounds === ROUNDS) samples.push(settledHeap());
      if (rounds === ROUNDS) stop.abort();
    }
    callback();
  },
});
try {
  const s = lab.setup;
  const options = buildOptions(scenario.targets.slice(0, 1), {
    ndjson: true, resolver: s.resolvers, fallbackResolver: [], port: String(s.port), caFile: s.caFile, noproxy: '*',
    timeout: '2000', deadline: '8000', canary: s.canaries, builtinCanaries: false, control: s.controls, builtinControls: false,
    concurrency: '16', color: false,
  }, { stdout: {}, env: {} }, { isProvider: () => true });
  await watch(options, { everyMs: 10, until: null, forMs: null }, { stdout: sink, stderr: new Writable({ write: (_c, _e, cb) => cb() }), env: {}, interrupt: stop.signal });
} finally {
  await lab.close();
}
process.stdout.write(`${JSON.stringify({ rounds, warmHeap: samples[0], endHeap: samples.at(-1), samples })}\n`);

// Streaming sweeps keep memory flat: run() in-process against a generated lab, writing ndjson into a reader
// slower than the sweep. Lines must wait for the reader (backpressure), not pile up in the stream's buffer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { isKnownProvider } from '../../src/fingerprint/match.ts';
import { bulkScenario, writeTargetsFile } from '../../src/lab/bulk.ts';
import { startLab, type LabInstance } from '../../src/lab/start.ts';
import { buildOptions, type RawFlags } from '../../src/options.ts';
import { run } from '../../src/run/run.ts';

const COUNT = 40;
const CONCURRENCY = 2;
const scenario = bulkScenario({ count: COUNT });
let lab: LabInstance;
let dir: string;
before(async () => {
  lab = await startLab(scenario);
  dir = await mkdtemp(join(tmpdir(), 'cdn-check-backpressure-'));
});
after(async () => {
  await lab.close();
  await rm(dir, { recursive: true, force: true });
});

/** A reader that takes `ms` per chunk, remembering the most bytes ever waiting in its buffer and the most drain listeners. */
function slowReader(ms: number): { stream: Writable; lines: string[]; maxBuffered: () => number; maxDrainListeners: () => number } {
  const lines: string[] = [];
  let max = 0;
  let listeners = 0;
  const stream = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      setTimeout(callback, ms);
    },
  });
  const write = stream.write.bind(stream) as (chunk: string) => boolean;
  (stream as unknown as { write: (chunk: string) => boolean }).write = (chunk) => {
    const ok = write(chunk);
    max = Math.max(max, stream.writableLength);
    return ok;
  };
  stream.on('newListener', (event) => {
    if (event === 'drain') listeners = Math.max(listeners, stream.listenerCount('drain') + 1);
  });
  return { stream, lines, maxBuffered: () => max, maxDrainListeners: () => listeners };
}

/** Sweeps the lab's targets with --ndjson --fingerprint-only into `stdout`; returns the exit code. */
async function sweep(stdout: Writable, concurrency: number): Promise<number> {
  const file = join(dir, `targets-${concurrency}.txt`);
  await writeTargetsFile(file, scenario.targets);
  const setup = lab.setup;
  const flags: RawFlags = {
    ndjson: true,
    fingerprintOnly: true,
    targetsFile: file,
    resolver: setup.resolvers,
    fallbackResolver: [],
    port: String(setup.port),
    caFile: setup.caFile,
    timeout: '3000',
    deadline: '60000',
    canary: setup.canaries,
    builtinCanaries: false,
    control: setup.controls,
    builtinControls: false,
    concurrency: String(concurrency),
    color: false,
  };
  const options = buildOptions([], flags, { stdout: {}, env: {} }, { isProvider: isKnownProvider });
  const stderr = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const code = await run(options, { stdout, stderr, env: {} });
  await new Promise<void>((resolve) => stdout.end(resolve));
  return code;
}

test('ndjson lines wait for a slow reader: never more than one line per concurrent target sits in the buffer', async () => {
  const reader = slowReader(10);
  const code = await sweep(reader.stream, CONCURRENCY);
  assert.equal(code, 0);
  assert.equal(reader.lines.length, COUNT);
  const longest = Math.max(...reader.lines.map((l) => Buffer.byteLength(l)));
  assert.ok(reader.maxBuffered() <= (CONCURRENCY + 1) * longest, `at most ${CONCURRENCY + 1} lines waited (${reader.maxBuffered()} bytes, lines up to ${longest})`);
});

test('many targets held by one slow reader wait together: one drain listener, not one per target', async () => {
  const reader = slowReader(2);
  assert.equal(await sweep(reader.stream, 32), 0);
  assert.equal(reader.lines.length, COUNT);
  assert.equal(reader.maxDrainListeners(), 1);
});

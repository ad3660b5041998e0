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
import { run } from '../../src/run.ts';

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

/** A reader that takes `ms` per chunk, remembering the most bytes ever waiting in its buffer. */
function slowReader(ms: number): { stream: Writable; lines: string[]; maxBuffered: () => number } {
  const lines: string[] = [];
  let max = 0;
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
  return { stream, lines, maxBuffered: () => max };
}

test('ndjson lines wait for a slow reader: never more than one line per concurrent target sits in the buffer', async () => {
  const file = join(dir, 'targets.txt');
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
    concurrency: String(CONCURRENCY),
    color: false,
  };
  const options = buildOptions([], flags, { stdout: {}, env: {} }, { isProvider: isKnownProvider });
  const reader = slowReader(10);
  const stderr = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const code = await run(options, { stdout: reader.stream, stderr, env: {} });
  await new Promise<void>((resolve) => reader.stream.end(resolve));

  assert.equal(code, 0);
  assert.equal(reader.lines.length, COUNT);
  const longest = Math.max(...reader.lines.map((l) => Buffer.byteLength(l)));
  assert.ok(reader.maxBuffered() <= (CONCURRENCY + 1) * longest, `at most ${CONCURRENCY + 1} lines waited (${reader.maxBuffered()} bytes, lines up to ${longest})`);
});

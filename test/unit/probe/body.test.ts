// The capped body sink: keeps at most the limit, decodes gzip/deflate/br as a stream that stops there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { createBodySink, decoderFor, isZlibHeader, type BodyOutcome } from '../../../src/probe/body.ts';

/**
 * Feeds `chunks` into a sink and resolves with its outcome, or 'undecided' if it has not decided after `waitMs`.
 * Decoding runs on the thread pool: under a loaded CI machine 10 MiB of brotli can take well over 200 ms.
 */
function collect(encoding: string | undefined, limit: number, chunks: Buffer[], end = true, waitMs = 5000): Promise<BodyOutcome | 'undecided'> {
  return new Promise((resolve) => {
    const sink = createBodySink(encoding, limit, (outcome) => {
      clearTimeout(timer);
      resolve(outcome);
    });
    const timer = setTimeout(() => resolve('undecided'), waitMs);
    for (const chunk of chunks) sink.write(chunk);
    if (end) sink.end();
  });
}

const text = (n: number): Buffer => Buffer.from('abcdefghij'.repeat(Math.ceil(n / 10)).slice(0, n));

describe('createBodySink', () => {
  it('keeps a short identity body whole', async () => {
    const out = await collect(undefined, 100, [Buffer.from('hello '), Buffer.from('world')]);
    assert.ok(out !== 'undecided');
    assert.equal(out.bytes.toString(), 'hello world');
    assert.equal(out.truncated, false);
  });

  it('does not call a body of exactly the limit truncated', async () => {
    const out = await collect(undefined, 50, [text(50)]);
    assert.ok(out !== 'undecided');
    assert.equal(out.bytes.length, 50);
    assert.equal(out.truncated, false);
  });

  it('decides as soon as an identity body passes the limit, without waiting for its end', async () => {
    const out = await collect(undefined, 50, [text(30), text(30)], false);
    assert.ok(out !== 'undecided');
    assert.equal(out.bytes.length, 50);
    assert.equal(out.truncated, true);
  });

  for (const [name, encode] of [
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const) {
    it(`caps a ${name} body that expands far past the limit`, async () => {
      const bomb = encode(Buffer.alloc(10 * 1024 * 1024, 0x61));
      const out = await collect(name, 16 * 1024, [bomb], false);
      assert.ok(out !== 'undecided');
      assert.equal(out.bytes.length, 16 * 1024);
      assert.equal(out.truncated, true);
    });
  }

  it('decodes a small gzip body completely', async () => {
    const out = await collect('GZIP', 100, [gzipSync('<h1>Error 522</h1>')]);
    assert.ok(out !== 'undecided');
    assert.equal(out.bytes.toString(), '<h1>Error 522</h1>');
    assert.equal(out.truncated, false);
  });

  it('accepts raw deflate, which servers send as "deflate" although the RFC says zlib', async () => {
    const out = await collect('deflate', 100, [deflateRawSync('raw deflate')]);
    assert.ok(out !== 'undecided');
    assert.equal(out.bytes.toString(), 'raw deflate');
  });

  it('reports a corrupt gzip body as a decode error and keeps nothing invented', async () => {
    const out = await collect('gzip', 100, [Buffer.from('this is not gzip at all')]);
    assert.ok(out !== 'undecided');
    assert.notEqual(out.decodeError, null);
  });

  it('stops reading input that decodes to nothing once the raw cap (64 × the limit) is passed', async () => {
    const emptyMembers = Buffer.concat(Array.from({ length: 4000 }, () => gzipSync(''))); // 80 kB → 0 bytes
    const out = await collect('gzip', 1024, [emptyMembers], false);
    assert.ok(out !== 'undecided');
    assert.equal(out.bytes.length, 0);
    assert.equal(out.truncated, true);
  });

  it('keeps reading such input below the raw cap', async () => {
    const emptyMembers = Buffer.concat(Array.from({ length: 100 }, () => gzipSync('')));
    assert.equal(await collect('gzip', 1024, [emptyMembers], false, 200), 'undecided');
  });

  it('keeps an unknown coding as raw bytes', async () => {
    const out = await collect('zstd', 100, [Buffer.from([1, 2, 3])]);
    assert.ok(out !== 'undecided');
    assert.deepEqual([...out.bytes], [1, 2, 3]);
  });

  it('hands out what it kept so far before deciding', () => {
    const sink = createBodySink(undefined, 100, () => assert.fail('must not decide'));
    sink.write(Buffer.from('partial '));
    sink.write(Buffer.from('page'));
    assert.equal(sink.partial().toString(), 'partial page');
    sink.destroy();
  });

  it('never decides after destroy()', async () => {
    const out = await new Promise<BodyOutcome | 'undecided'>((resolve) => {
      const sink = createBodySink('gzip', 100, resolve);
      sink.write(gzipSync('x'));
      sink.destroy();
      sink.end();
      setTimeout(() => resolve('undecided'), 50);
    });
    assert.equal(out, 'undecided');
  });
});

describe('decoder choice', () => {
  it('decodes gzip, x-gzip, deflate and br, and nothing else', () => {
    for (const coding of ['gzip', 'x-gzip', 'deflate', 'br', ' Br ']) assert.notEqual(decoderFor(coding), null, coding);
    for (const coding of [undefined, '', 'identity', 'zstd', 'gzip, br']) assert.equal(decoderFor(coding), null, String(coding));
  });

  it('tells a zlib header from raw deflate', () => {
    assert.equal(isZlibHeader(deflateSync('x')), true);
    assert.equal(isZlibHeader(deflateRawSync('x')), false);
    assert.equal(isZlibHeader(Buffer.alloc(1)), false);
  });
});

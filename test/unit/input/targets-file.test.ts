// Reading --targets-file: lines are bounded, comments are stripped in linear time, the last line counts without
// a newline, and a reader stopped by one signal goes on under the next (the scan of what the deadline left).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { LineReader, MAX_LINE_BYTES, parseLine, readTargets, stripComment, type TargetLine } from '../../../src/run/targets-file.ts';

async function all(input: string | Buffer[], signal = new AbortController().signal): Promise<TargetLine[]> {
  const stream = Readable.from(typeof input === 'string' ? [Buffer.from(input)] : input);
  const out: TargetLine[] = [];
  for await (const entry of readTargets(new LineReader(stream), signal)) out.push(entry);
  return out;
}

describe('stripComment', () => {
  const cases: [string, string][] = [
    ['paytm.com', 'paytm.com'],
    ['paytm.com # the main site', 'paytm.com'],
    ['# a comment', ''],
    ['  paytm.com\t#tab comment', 'paytm.com'],
    ['https://example.com/#anchor', 'https://example.com/#anchor'],
    ['   ', ''],
  ];
  for (const [line, want] of cases) test(`${JSON.stringify(line)} → ${JSON.stringify(want)}`, () => assert.equal(stripComment(line), want));

  // The regex it replaced (/\s#.*$|^#.*$/) took ~11 s on this line on a fast machine, growing with its square.
  test('is linear: a 200,000-character line of " # # …" ending in U+2028 is done at once', { timeout: 5000 }, () => {
    const line = `${' #'.repeat(100_000)}\u2028`;
    assert.equal(stripComment(line), '');
    assert.equal(parseLine({ n: 1, text: `a.test${line}`, overlong: false })?.ok, true);
  });
});

describe('LineReader and readTargets', () => {
  test('numbers lines, skips blanks and comments, reports bad lines with their number', async () => {
    const got = await all('a.test\n\n# comment\nbad..name\r\nb.test # trailing\n');
    assert.deepEqual(got.map((e) => [e.ok, e.line]), [[true, 1], [false, 4], [true, 5]]);
    assert.equal(got[2]?.ok && got[2].target.host, 'b.test');
  });

  test('an unterminated last line is a target like any other', async () => {
    const got = await all('a.test\nb.test');
    assert.deepEqual(got.map((e) => e.ok && e.target.host), ['a.test', 'b.test']);
  });

  test('lines split across chunks are joined; a BOM on the first line is ignored', async () => {
    const got = await all([Buffer.from('\ufeffa.te'), Buffer.from('st\nb'), Buffer.from('.test\n')]);
    assert.deepEqual(got.map((e) => e.ok && e.target.host), ['a.test', 'b.test']);
  });

  test(`a line over ${MAX_LINE_BYTES} bytes is one bad line, kept no longer than the limit, and the next line is read`, async () => {
    const long = Array.from({ length: 5000 }, () => Buffer.alloc(4096, 0x61)); // 20 MB in one line
    const got = await all([...long, Buffer.from('\nok.test\n')]);
    assert.equal(got.length, 2);
    const [bad, good] = got;
    assert.ok(bad && !bad.ok && bad.line === 1 && /longer than 4096 bytes/.test(bad.reason), JSON.stringify(bad).slice(0, 200));
    assert.ok(bad.input.length <= 80);
    assert.ok(good?.ok && good.line === 2 && good.target.host === 'ok.test');
  });

  test('stops when its signal aborts, and goes on from there under another', async () => {
    const stream = new PassThrough();
    const reader = new LineReader(stream);
    const first = new AbortController();
    stream.write('a.test\nb.test\n');
    const got: string[] = [];
    const reading = (async () => {
      for await (const e of readTargets(reader, first.signal)) if (e.ok) got.push(e.target.host);
    })();
    setTimeout(() => first.abort(), 50); // the stream never ends: only the signal can stop it
    await reading;
    assert.deepEqual(got, ['a.test', 'b.test']);
    assert.equal(reader.done, false);
    stream.end('c.test\n');
    for await (const e of readTargets(reader, new AbortController().signal)) if (e.ok) got.push(e.target.host);
    assert.deepEqual(got, ['a.test', 'b.test', 'c.test']);
    assert.equal(reader.done, true);
    assert.equal(reader.count, 3);
  });
});

// The spinner shows only where a person watches a terminal, and does nothing at all otherwise.
/* eslint-disable no-control-regex -- these tests look for escape sequences on purpose */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createProgress, progressEnabled, type ProgressInputs } from '../../../src/render/spinner.ts';

describe('progressEnabled', () => {
  const base: ProgressInputs = { format: 'text', quiet: false, stderrIsTTY: true, env: {} };
  const cases: [string, Partial<ProgressInputs>, boolean][] = [
    ['text on a terminal with CI unset shows progress', {}, true],
    ['--json hides it', { format: 'json' }, false],
    ['--ndjson hides it', { format: 'ndjson' }, false],
    ['the quiet format hides it', { format: 'quiet' }, false],
    ['--quiet hides it', { quiet: true }, false],
    ['a stderr that is not a terminal hides it', { stderrIsTTY: false }, false],
    ['CI=true hides it', { env: { CI: 'true' } }, false],
    ['CI set to an empty value still hides it', { env: { CI: '' } }, false],
  ];
  for (const [what, change, expected] of cases) {
    it(what, () => assert.equal(progressEnabled({ ...base, ...change }), expected));
  }
});

/** A stream that looks like a terminal to ora and records what is written. */
function fakeTerminal(): Writable & { isTTY: boolean; written: string[]; cursorTo(x: number): boolean; clearLine(dir: number): boolean; moveCursor(): boolean } {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      written.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, {
    isTTY: true,
    written,
    cursorTo: () => { written.push('<cursorTo>'); return true; },
    clearLine: () => { written.push('<clearLine>'); return true; },
    moveCursor: () => true,
  });
}

describe('createProgress', () => {
  it('writes nothing at all when disabled', async () => {
    const stream = fakeTerminal();
    const progress = createProgress({ enabled: false, stream });
    progress.update('resolving paytm.com');
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(stream.written, []);
  });

  it('shows the text on the given stream, sanitised, and clears the line on stop; stop twice is harmless', async () => {
    const stream = fakeTerminal();
    const progress = createProgress({ enabled: true, stream });
    progress.update('probing \u001b[31mpaytm.com\u001b]0;x\u0007');
    await progress.ready;
    progress.update('deciding');
    progress.stop();
    progress.stop();
    const out = stream.written.join('');
    assert.match(out, /probing paytm\.com/);
    assert.doesNotMatch(out, /\u001b\[31mpaytm|\u001b\]0;x/);
    assert.ok(stream.written.lastIndexOf('<clearLine>') > stream.written.findIndex((w) => w.includes('probing')));
    const count = stream.written.length;
    progress.update('after stop');
    assert.equal(stream.written.length, count);
  });

  it('stops cleanly when nothing was ever shown', async () => {
    const stream = fakeTerminal();
    const progress = createProgress({ enabled: true, stream });
    progress.stop();
    await progress.ready;
    assert.deepEqual(stream.written, []);
  });

  it('shows text given after the spinner library has loaded, not only text given before', async () => {
    const stream = fakeTerminal();
    const progress = createProgress({ enabled: true, stream });
    await progress.ready;
    progress.update('probing paytm.com');
    progress.stop();
    assert.match(stream.written.join(''), /probing paytm\.com/);
  });

  it('writes nothing when stopped before the spinner library has loaded, even after text was given', async () => {
    const stream = fakeTerminal();
    const progress = createProgress({ enabled: true, stream });
    progress.update('resolving paytm.com');
    progress.stop();
    await progress.ready;
    assert.deepEqual(stream.written, []);
  });
});

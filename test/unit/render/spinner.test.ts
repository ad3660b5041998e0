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

/** Writes a fake terminal takes before it calls the spinner runaway (a real run writes a few dozen). */
const RUNAWAY = 10_000;

/**
 * A stream that looks like a terminal to ora and records what is written; it throws past RUNAWAY writes, so a
 * spinner stuck in a loop fails the test instead of hanging it.
 */
function fakeTerminal(columns?: number): Writable & { isTTY: boolean; columns?: number; written: string[]; cursorTo(x: number): boolean; clearLine(dir: number): boolean; moveCursor(): boolean } {
  const written: string[] = [];
  const record = (what: string): void => {
    if (written.length >= RUNAWAY) throw new Error(`more than ${RUNAWAY} writes: the spinner is looping`);
    written.push(what);
  };
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      record(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, {
    isTTY: true,
    ...(columns === undefined ? {} : { columns }),
    written,
    cursorTo: () => { record('<cursorTo>'); return true; },
    clearLine: () => { record('<clearLine>'); return true; },
    moveCursor: () => { record('<moveCursor>'); return true; },
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

  it('a terminal that reports 0 columns (script without a size) gets a spinner that ends, not an endless clear loop', async () => {
    const stream = fakeTerminal(0);
    const progress = createProgress({ enabled: true, stream });
    await progress.ready;
    progress.update('probing paytm.com');
    progress.update('deciding');
    progress.stop();
    assert.match(stream.written.join(''), /probing paytm\.com/);
    assert.ok(stream.written.length < 100, `${stream.written.length} writes`);
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

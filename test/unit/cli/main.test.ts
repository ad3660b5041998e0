// The front door in-process: an unexpected exception is one line on stderr and exit 70, never a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { main } from '../../../src/cli.ts';

function sink(onWrite?: (chunk: string) => void): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      stream.text += String(chunk);
      onWrite?.(String(chunk));
      callback();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

test('an exception nobody expected becomes exit 70 with one line naming it and a --debug hint', async () => {
  const stderr = sink();
  const stdout = sink();
  // A stdout that throws on write: the report cannot be written, which no code path expects.
  stdout.write = (() => {
    throw new Error('stdout exploded');
  }) as typeof stdout.write;
  const code = await main(['lab', 'healthy', '--json'], { stdout, stderr, stdin: Readable.from([]), env: {} });
  assert.equal(code, 70);
  const lines = stderr.text.trimEnd().split('\n');
  assert.equal(lines.length, 1, stderr.text);
  assert.match(lines[0]!, /^cdn-check: internal error: stdout exploded .*--debug/);
});

test('a usage error in-process is exit 64 and one line, with nothing on stdout', async () => {
  const stderr = sink();
  const stdout = sink();
  const code = await main(['--timeout', 'x', 'paytm.com'], { stdout, stderr, stdin: Readable.from([]), env: {} });
  assert.equal(code, 64);
  assert.equal(stdout.text, '');
  assert.match(stderr.text, /^cdn-check: --timeout "x" is not a duration/);
});

// Issue 13 P4: the lab compared --timeout with the default's text, so `--timeout 3000` (the default's value)
// was replaced by the scenario's 600 ms. Which options the user set is commander's to say.
test('lab keeps a --timeout or --deadline the user gave, even one equal to the default', async () => {
  const limits = async (...extra: string[]): Promise<string> => {
    const stderr = sink();
    await main(['lab', 'offline', '--quiet', '--debug', ...extra], { stdout: sink(), stderr, stdin: Readable.from([]), env: {} });
    return /timeout \d+ ms; deadline \d+ ms/.exec(stderr.text)?.[0] ?? stderr.text;
  };
  assert.equal(await limits(), 'timeout 600 ms; deadline 4000 ms');
  assert.equal(await limits('--timeout', '3000'), 'timeout 3000 ms; deadline 4000 ms');
  assert.equal(await limits('--deadline', '10000'), 'timeout 600 ms; deadline 10000 ms');
  assert.equal(await limits('--timeout', '700', '--deadline', '5000'), 'timeout 700 ms; deadline 5000 ms');
  assert.equal(await limits('--timeout', '3s'), 'timeout 3000 ms; deadline 4000 ms');
  assert.equal(await limits('--timeout', '1s', '--deadline', '1m'), 'timeout 1000 ms; deadline 60000 ms');
});

// Opening named inputs: directories and non-stream devices are usage errors, FIFOs never block the open, and
// bounded reads stop at their size limit or their signal.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput, readBounded } from '../../../src/input.ts';

const dir = mkdtempSync(join(tmpdir(), 'cdn-check-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('openInput', () => {
  test('a directory is INPUT_NOT_A_FILE, with the name sanitised', () => {
    const named = join(dir, 'd\u001b]0;x\u0007ir');
    execFileSync('mkdir', [named]);
    const opened = openInput(named);
    assert.ok('code' in opened && opened.code === 'INPUT_NOT_A_FILE', JSON.stringify(opened));
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    assert.doesNotMatch(opened.message, /[\u0007\u001b]/);
  });

  const block = (() => {
    try {
      return readdirSync('/dev').map((name) => `/dev/${name}`).find((path) => statSync(path).isBlockDevice()) ?? null;
    } catch {
      return null;
    }
  })();
  test('a block device is INPUT_NOT_A_FILE: not a stream of lines', { skip: block ? false : 'no block device visible here' }, () => {
    const opened = openInput(block!);
    // Opening a block device may itself be refused (EACCES): a usage error either way, never a read of a disk.
    assert.ok('code' in opened && (opened.code === 'INPUT_NOT_A_FILE' || opened.code === 'INPUT_UNREADABLE'), JSON.stringify(opened));
  });

  test('a missing file is INPUT_UNREADABLE naming the errno', () => {
    const opened = openInput(join(dir, 'missing.txt'));
    assert.ok('code' in opened && opened.code === 'INPUT_UNREADABLE' && /ENOENT/.test(opened.message));
  });

  test('a FIFO nobody writes to opens at once and its stream can be destroyed', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const opened = openInput(fifo);
    assert.ok(!('code' in opened), 'opened');
    assert.equal(opened.size, null);
    opened.stream.destroy();
  });
});

describe('readBounded', () => {
  test('reads a small file whole', async () => {
    writeFileSync(join(dir, 'small.pem'), 'hello');
    const got = await readBounded(join(dir, 'small.pem'), 10, new AbortController().signal);
    assert.ok(Buffer.isBuffer(got) && got.toString() === 'hello');
  });

  test('a regular file over the limit is INPUT_TOO_LARGE before it is read', async () => {
    writeFileSync(join(dir, 'big.pem'), 'x'.repeat(11));
    const got = await readBounded(join(dir, 'big.pem'), 10, new AbortController().signal);
    assert.ok(!Buffer.isBuffer(got) && got.code === 'INPUT_TOO_LARGE');
  });

  test('/dev/zero stops at the limit', async () => {
    const got = await readBounded('/dev/zero', 1 << 20, new AbortController().signal);
    assert.ok(!Buffer.isBuffer(got) && got.code === 'INPUT_TOO_LARGE');
  });

  test('a FIFO nobody writes to ends with DEADLINE when the signal aborts', async () => {
    const fifo = join(dir, 'fifo2');
    execFileSync('mkfifo', [fifo]);
    const got = await readBounded(fifo, 1 << 20, AbortSignal.timeout(100));
    assert.ok(!Buffer.isBuffer(got) && got.code === 'DEADLINE');
  });
});

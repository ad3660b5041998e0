// The edges of a run's life (issue 12, §8 and §7): Ctrl-C clears the spinner, removes the lab's files and exits
// 130; a closed stdout ends quietly; a full disk is one line and 74; argv text never reaches the terminal raw.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli, runProcess } from '../helpers/cli.ts';
import { findPtyTool, runInPty } from '../helpers/pty.ts';

const tool = findPtyTool();
const dir = mkdtempSync(join(tmpdir(), 'cdn-check-life-'));
after(() => rmSync(dir, { recursive: true, force: true }));
// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
/** A lab run that takes seconds: every DNS answer and edge response 1.5 s late. */
const SLOW_LAB = ['lab', 'akamai-2021', '--latency', '1500'];

/** The lab's temporary directories left in `tmp` (each run gets its own TMPDIR, so none are another test's). */
function labDirs(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith('cdn-check-lab-'));
}

describe('Ctrl-C', () => {
  test('stops a lab run: exit 130, no report, the lab removes its temporary files', async () => {
    const tmp = mkdtempSync(join(dir, 'sigint-'));
    const child = spawn(process.execPath, [BIN, ...SLOW_LAB], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Interrupt once the lab has written its files (the run is then under way).
    const started = performance.now();
    while (labDirs(tmp).length === 0 && performance.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
    assert.equal(labDirs(tmp).length, 1, 'the lab wrote its files');
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(killer);
    assert.equal(code, 130, stderr);
    assert.equal(stdout, '', 'no report after Ctrl-C');
    assert.deepEqual(labDirs(tmp), [], 'the lab removed its files');
  });

  test('on a terminal, the spinner line is cleared and the exit is 130', { skip: tool ? false : 'no pseudo-terminal tool here' }, async () => {
    assert.ok(tool);
    const env = { ...process.env, CI: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined };
    const { code, transcript } = await runInPty(tool, SLOW_LAB, { env, interruptAfterMs: 3000, killAfterMs: 30_000 });
    assert.equal(code, 130, JSON.stringify(transcript.slice(-300)));
    assert.match(transcript, /[\u2800-\u28ff]/, 'the spinner was showing');
    // eslint-disable-next-line no-control-regex -- the spinner's own clearing sequence
    const clears = [...transcript.matchAll(/\u001b\[[02]?K/g)];
    assert.ok(clears.length > 0, 'the spinner line was cleared');
    // eslint-disable-next-line no-control-regex -- terminal sequences removed to see what text is left
    const left = transcript.slice(clears.at(-1)!.index).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').trim();
    assert.equal(left, '', 'nothing after the cleared line');
  });
});

describe('output that cannot be written', () => {
  test('a closed stdout (| head -1) ends quietly: no stack trace, no error line', async () => {
    const r = await runProcess('sh', ['-c', `'${process.execPath}' '${BIN}' lab healthy --json | head -1`], { env: process.env });
    assert.equal(r.stdout, '{\n');
    assert.equal(r.stderr, '');
  });

  test('a full disk (> /dev/full) is one line and exit 74', { skip: existsSync('/dev/full') ? false : 'no /dev/full here' }, async () => {
    const r = await runProcess('sh', ['-c', `'${process.execPath}' '${BIN}' lab healthy --json > /dev/full`], { env: process.env });
    assert.equal(r.code, 74);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /cannot write the report: ENOSPC/);
  });
});

describe('argv and file names reach the terminal sanitised', () => {
  const cases: [string, string[]][] = [
    ['an unknown option', ['--\u001b]0;pwned\u0007', 'a.test']],
    ['an unknown option with BEL and CSI', ['--x\u0007\u001b[31m', 'a.test']],
    ['a --resolver value', ['--resolver', '1.2.3.4\u001b[31m\u0007', 'a.test']],
    ['a --targets-file path', ['--targets-file', '/nonexistent/\u001b]0;pwned\u0007', '--resolver', '127.0.0.1:9']],
    ['a --ca-file path', ['--ca-file', '/nonexistent/\u001b[2J\u0007', '--resolver', '127.0.0.1:9', 'a.test']],
    ['an unknown lab scenario', ['lab', '\u001b]0;pwned\u0007']],
    ['an invalid target', ['\u001b[31mbad..name']],
  ];
  for (const [name, args] of cases) {
    test(`${name}: one usage line, exit 64, no raw control character`, async () => {
      const r = await runCli(args, { killAfterMs: 20_000 });
      assert.equal(r.code, 64, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, RAW_CONTROL, JSON.stringify(r.stderr));
    });
  }
});

describe('a bug anywhere is exit 70 with one line', () => {
  // A module preloaded into the real binary's process throws where no code of cdn-check can catch it.
  const cases: [string, string][] = [
    ['an uncaught exception in a timer', 'setTimeout(() => { throw new Error("boom \\u001b[31m in a timer"); }, 200);'],
    ['an unhandled rejection', 'setTimeout(() => { Promise.reject(new Error("rejected")); }, 200);'],
  ];
  for (const [name, code] of cases) {
    test(`${name}, mid-run: exit 70, one line, no stack trace, never a verdict's code`, async () => {
      const hook = `data:text/javascript,${encodeURIComponent(code)}`;
      const r = await runProcess(process.execPath, ['--import', hook, BIN, 'lab', 'akamai-2021', '--latency', '1000'], { env: process.env, killAfterMs: 30_000 });
      assert.equal(r.code, 70, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^cdn-check: internal error: /);
      assert.doesNotMatch(r.stderr, RAW_CONTROL);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  }
});

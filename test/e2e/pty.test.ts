// Seen as a person would: the binary under a pseudo-terminal, so stderr is a TTY. The spinner must show on
// stderr while the run is in flight and be gone (line cleared, cursor back) before the first report line; and
// it must never show in CI, in JSON mode, or in the report itself.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPtyTool, runInPty, type PtyResult } from '../helpers/pty.ts';

const tool = findPtyTool();
const skip = tool ? false : 'no pseudo-terminal here: neither util-linux `script` nor python3 with its pty module';
/** ora's default spinner frames (braille dots); nothing in a report uses braille. */
const FRAME = /[\u2800-\u28ff]/;
// eslint-disable-next-line no-control-regex -- terminal control sequences are what this test reads
const SEQUENCE = /\u001b\[[0-9;?]*[A-Za-z]/g;
// eslint-disable-next-line no-control-regex -- as above
const CLEAR_LINE = /\u001b\[[02]?K/g;
const FIRST_REPORT_LINE = 'www.akamai.com  UP  ';
/**
 * Round trips as slow as a real network's: the spinner library loads while the first answers are on their
 * way, so a lab run without latency can end before a spinner is due, which is right for a person (no flicker).
 */
const REAL_WORLD = ['--latency', '100'];

/** The environment of a person's shell: the test runner's, without CI (which `.ci/run` sets). */
const interactive = { ...process.env, CI: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined };

function lastFrameIndex(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (FRAME.test(text[i]!)) return i;
  return -1;
}

function pty(args: string[], env: Record<string, string | undefined>, stdoutFile?: string): Promise<PtyResult> {
  assert.ok(tool);
  return runInPty(tool, ['lab', 'healthy', ...args], { env, ...(stdoutFile ? { stdoutFile } : {}) });
}

describe(`cdn-check on a terminal (${tool ?? 'no pty tool'})`, { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdn-check-pty-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the spinner shows while the run is in flight and its line is cleared before the first report line', async () => {
    const { code, transcript } = await pty(['--no-color', ...REAL_WORLD], interactive);
    assert.equal(code, 0, transcript);
    const first = transcript.indexOf(FIRST_REPORT_LINE);
    assert.ok(first > 0, 'the report follows the spinner');
    const frame = lastFrameIndex(transcript);
    assert.ok(frame >= 0, `a spinner frame was drawn: ${JSON.stringify(transcript.slice(0, 200))}`);
    assert.ok(frame < first, 'no spinner frame after the report starts');
    assert.match(transcript.slice(0, first), /checking|probing|resolving/, 'the spinner says what it is doing');
    const between = transcript.slice(frame, first);
    const clears = [...between.matchAll(CLEAR_LINE)];
    assert.ok(clears.length > 0, `the spinner line is cleared: ${JSON.stringify(between)}`);
    const left = between.slice(clears.at(-1)!.index).replace(SEQUENCE, '');
    assert.equal(left, '', 'nothing of the spinner is left on the line the report starts on');
    assert.ok(transcript.lastIndexOf('\u001b[?25h') > transcript.lastIndexOf('\u001b[?25l'), 'the cursor is shown again');
  });

  test('the spinner is on stderr only: with stdout in a file the terminal gets only the spinner, the file only the report', async () => {
    const file = join(dir, 'stdout.txt');
    const { code, transcript } = await pty(REAL_WORLD, interactive, file);
    assert.equal(code, 0);
    const report = readFileSync(file, 'utf8');
    assert.ok(report.startsWith(FIRST_REPORT_LINE), report.slice(0, 200));
    assert.ok(!FRAME.test(report) && !report.includes('\u001b'), 'the report file has no spinner and no colour (not a TTY)');
    assert.ok(FRAME.test(transcript), 'the terminal (stderr) showed the spinner');
    const clears = [...transcript.matchAll(CLEAR_LINE)];
    assert.ok(clears.length > 0);
    assert.equal(transcript.slice(clears.at(-1)!.index).replace(SEQUENCE, '').trim(), '', 'stderr ends on a cleared line');
  });

  test('a terminal that reports 0 columns (script without a size): the run ends with its report, the spinner and the report fitting no width', async () => {
    assert.ok(tool);
    const { code, transcript } = await runInPty(tool, ['lab', 'healthy', '--no-color', ...REAL_WORLD], { env: interactive, cols: 0, killAfterMs: 30_000 });
    assert.equal(code, 0, transcript.slice(-500));
    assert.ok(transcript.includes(FIRST_REPORT_LINE), 'the report is printed');
    assert.match(transcript, /Overall {2}3 targets: 3 UP/);
  });

  test('with CI set there is no spinner, only the report', async () => {
    const { code, transcript } = await pty(['--no-color'], { ...interactive, CI: 'true' });
    assert.equal(code, 0);
    assert.ok(!FRAME.test(transcript), 'no spinner frame');
    assert.ok(!transcript.includes('\u001b[?25l'), 'the cursor is never hidden');
    assert.ok(transcript.trimStart().startsWith(FIRST_REPORT_LINE), transcript.slice(0, 200));
  });

  test('with --json on a terminal there is no spinner: the terminal gets exactly one JSON document', async () => {
    const { code, transcript } = await pty(['--json'], interactive);
    assert.equal(code, 0);
    assert.ok(!FRAME.test(transcript) && !transcript.includes('\u001b'), 'no spinner, no escape sequence');
    assert.equal((JSON.parse(transcript) as { schemaVersion: number }).schemaVersion, 1);
  });
});

// Bounded inputs and nothing lost (issue 12, §4 and §5), through the built binary: --deadline bounds reading every
// input, odd files are usage errors, and every target given is in the report, checked or listed as not checked.
// DNS goes to a silent resolver on loopback (it never answers), so only the deadline ends the run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report, TargetReport } from '../../src/types.ts';
import { BIN, runCli, runProcess } from '../helpers/cli.ts';
import { ndjsonLineErrors, reportErrors } from '../helpers/schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'cdn-check-inputs-'));
let silent: Socket;
let resolver: string[];
const FAST = ['--no-builtin-canaries', '--no-builtin-controls', '--fingerprint-only', '--timeout', '1000'];
/** How long past --deadline a run may take on a loaded two-core machine: start-up, the scan after it, slack. */
const MARGIN_MS = 10_000;

before(async () => {
  silent = createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  resolver = ['--resolver', `127.0.0.1:${silent.address().port}`];
});
after(() => {
  silent.close();
  rmSync(dir, { recursive: true, force: true });
});

function hosts(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `www.site${i}.test`);
}

describe('a sweep cut by --deadline accounts for every target', () => {
  test('20,000 lines at --deadline 1500: every line is an NDJSON line, the unreached ones not checked, exit 5', async () => {
    const file = join(dir, 'many.txt');
    writeFileSync(file, `${hosts(20_000).join('\n')}\n`);
    const result = await runCli(['--targets-file', file, '--ndjson', '--deadline', '1500', ...FAST, ...resolver], { killAfterMs: 60_000 });
    assert.equal(result.code, 5, result.stderr);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as TargetReport & { schemaVersion: 1 });
    // The scan after the deadline is bounded in time: on a loaded machine it may stop before line 20,000, and
    // then says where. Either way every line it read is in the output, each once, in order of the file.
    const cut = /input not read past line (\d+)/.exec(result.stderr);
    const read = cut ? Number(cut[1]) : 20_000;
    if (cut) assert.match(result.stderr, /\d+\+ not checked/);
    assert.ok(read > 5000, `${read} lines read`);
    assert.equal(lines.length, read);
    assert.deepEqual(new Set(lines.map((l) => l.host)), new Set(hosts(read)));
    const notChecked = lines.filter((l) => l.notChecked);
    assert.ok(notChecked.length > 10_000, `${notChecked.length} not checked`);
    for (const l of notChecked.slice(0, 50)) {
      assert.equal(l.verdict.status, 'inconclusive');
      assert.equal(l.notChecked?.code, 'DEADLINE');
      assert.ok((l.notChecked?.line ?? 0) > 0);
    }
    assert.deepEqual(ndjsonLineErrors(notChecked[0]), []);
    assert.match(result.stderr, new RegExp(`${notChecked.length}\\+? not checked \\(--deadline passed`));
  });

  test('--json of a cut sweep is one schema-valid document listing every target, with `unreached`', async () => {
    const file = join(dir, 'json.txt');
    writeFileSync(file, `${hosts(3000).join('\n')}\n`);
    const result = await runCli(['--targets-file', file, '--json', '--deadline', '1500', ...FAST, ...resolver], { killAfterMs: 60_000 });
    assert.equal(result.code, 5, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    assert.deepEqual(reportErrors(report), []);
    assert.equal(report.targets.length, 3000);
    assert.equal(report.exitCode, 5);
    assert.equal(report.unreached?.inputComplete, true);
    assert.equal(report.unreached?.notChecked, report.targets.filter((t) => t.notChecked).length);
  });

  test('an unterminated last line is checked or listed like the others', async () => {
    const file = join(dir, 'unterminated.txt');
    writeFileSync(file, 'a.test\nb.test');
    const result = await runCli(['--targets-file', file, '--ndjson', '--deadline', '1500', ...FAST, ...resolver], { killAfterMs: 30_000 });
    assert.deepEqual(result.stdout.trim().split('\n').map((l) => (JSON.parse(l) as TargetReport).host).sort(), ['a.test', 'b.test']);
  });

  test('200 targets on the command line stream as a sweep: --json is still one schema-valid document', async () => {
    const result = await runCli(['--json', '--deadline', '1500', ...FAST, ...resolver, ...hosts(200)], { killAfterMs: 30_000 });
    const report = JSON.parse(result.stdout) as Report;
    assert.deepEqual(reportErrors(report), []);
    assert.deepEqual(report.targets.map((t) => t.host).sort(), hosts(200).sort());
  });
});

test('a sweep into `| head -1` stops when the reader goes away, quietly, long before its deadline', async () => {
  const file = join(dir, 'head.txt');
  writeFileSync(file, `${hosts(20_000).join('\n')}\n`);
  const [port] = resolver.slice(1);
  const cli = [BIN, '--targets-file', file, '--ndjson', '--deadline', '120000', ...FAST, '--resolver', port!].map((a) => `'${a}'`).join(' ');
  const started = performance.now();
  const r = await runProcess('sh', ['-c', `'${process.execPath}' ${cli} | head -1`], { env: process.env, killAfterMs: 100_000 });
  assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
  assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at |internal error/, r.stderr);
  assert.ok(performance.now() - started < 60_000, 'it did not sweep on for nobody');
});

describe('--deadline bounds reading every input', () => {
  const bounded = async (args: string[], opts: { stdinOpen?: boolean } = {}): Promise<{ code: number | null; stderr: string; ms: number }> => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args, '--deadline', '1500', ...FAST, ...resolver], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.resume();
    if (!opts.stdinOpen) child.stdin.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), 1500 + MARGIN_MS * 2);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(killer);
    child.stdin.destroy();
    return { code, stderr, ms: performance.now() - started };
  };

  test('a --targets-file FIFO nobody writes to: ends by itself, exit 5, saying the input was not read', async () => {
    const fifo = join(dir, 'targets.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await bounded(['--targets-file', fifo]);
    assert.equal(r.code, 5, r.stderr);
    assert.ok(r.ms < 1500 + MARGIN_MS, `${Math.round(r.ms)} ms`);
    assert.match(r.stderr, /not read past line 0/);
  });

  test('--targets-file /dev/stdin held open: ends by itself, exit 5', async () => {
    const r = await bounded(['--targets-file', '/dev/stdin'], { stdinOpen: true });
    assert.equal(r.code, 5, r.stderr);
    assert.ok(r.ms < 1500 + MARGIN_MS, `${Math.round(r.ms)} ms`);
  });

  test('--targets-file /dev/zero: one bad line at most, ends by itself, exit 5', async () => {
    const r = await bounded(['--targets-file', '/dev/zero']);
    assert.equal(r.code, 5, r.stderr);
    assert.ok(r.ms < 1500 + MARGIN_MS, `${Math.round(r.ms)} ms`);
    assert.doesNotMatch(r.stderr, /internal error|Invalid string length/);
  });

  test('a --ca-file FIFO nobody writes to: ends by itself with one usage line, exit 64', async () => {
    const fifo = join(dir, 'ca.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await bounded(['--ca-file', fifo, 'a.test']);
    assert.equal(r.code, 64);
    assert.ok(r.ms < 1500 + MARGIN_MS, `${Math.round(r.ms)} ms`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });
});

describe('inputs that are not files of targets are usage errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['a directory as --targets-file', ['--targets-file', '/tmp'], /is a directory/],
    ['a directory as --ca-file', ['--ca-file', '/tmp', 'a.test'], /is a directory/],
    ['/dev/zero as --ca-file', ['--ca-file', '/dev/zero', 'a.test'], /larger than 10 MiB/],
    ['a missing --targets-file', ['--targets-file', '/nonexistent/targets.txt'], /ENOENT/],
  ];
  for (const [name, args, message] of cases) {
    test(`${name}: exit 64, one line`, async () => {
      const r = await runCli([...args, '--deadline', '3000', ...FAST, ...resolver], { killAfterMs: 30_000 });
      assert.equal(r.code, 64, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    });
  }

  test('a targets file with no target, with --json: exit 64, one line, and nothing half-written on stdout', async () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '# only a comment\n\n');
    const r = await runCli(['--targets-file', empty, '--json', '--deadline', '3000', ...FAST, ...resolver], { killAfterMs: 30_000 });
    assert.equal(r.code, 64, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no target given/);
  });

  test('a --ca-file over 10 MiB: exit 64, one line', async () => {
    const big = join(dir, 'big.pem');
    writeFileSync(big, Buffer.alloc(10 * 2 ** 20 + 1, 0x41));
    const r = await runCli(['--ca-file', big, 'a.test', '--deadline', '3000', ...FAST, ...resolver], { killAfterMs: 30_000 });
    assert.equal(r.code, 64, r.stderr);
    assert.match(r.stderr, /larger than 10 MiB/);
  });
});

// Issue 15 §7–8: --format and -o/--output end to end on the lab: the file is written atomically (no temporary
// file left), an unwritable path is exit 74, and --format github fills GitHub's summary and outputs files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'cdn-check-out-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('-o writes the prometheus report to the file, atomically replacing the old one; stdout stays empty', async () => {
  const file = join(dir, 'cdn.prom');
  writeFileSync(file, 'old\n');
  const result = await runCli(['lab', 'origin-down', '--format', 'prometheus', '-o', file]);
  assert.equal(result.stdout, '');
  assert.equal(result.code, 1, result.stderr);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^cdn_check_verdict\{target="[^"]+",status="site-outage"\} 1$/m);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  if (spawnSync('sh', ['-c', 'command -v promtool']).status === 0) {
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  }
});

test('-o into a directory that does not exist: one line on stderr and exit 74, whatever the verdict', async () => {
  const result = await runCli(['lab', 'healthy', '--json', '-o', join(dir, 'missing', 'r.json')]);
  assert.equal(result.code, 74);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^cdn-check: cannot write the report to .*r\.json: ENOENT/);
  assert.equal(result.stderr.trimEnd().split('\n').length, 1);
});

test('--format github: annotations on stdout, the job summary and outputs appended to GitHub’s files', async () => {
  const summary = join(dir, 'summary.md');
  const outputs = join(dir, 'outputs.txt');
  writeFileSync(outputs, 'earlier=1\n');
  const result = await runCli(['lab', 'origin-down', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs } });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /^::error title=cdn-check%3A \S+ SITE OUTAGE \(exit 1\)::/m);
  assert.match(readFileSync(summary, 'utf8'), /^\| \S+ \| SITE OUTAGE \| 1 \| /m);
  assert.match(readFileSync(outputs, 'utf8'), /^earlier=1\nexit-code=1\nverdicts=\{"[^"]+":"site-outage"\}\n$/);
});

test('--format junit on stdout; a bad --format, or --format that contradicts --json, is a usage error', async () => {
  const junit = await runCli(['lab', 'healthy', '--format', 'junit']);
  assert.equal(junit.code, 0);
  assert.match(junit.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="cdn-check"/);
  const bad = await runCli(['lab', 'healthy', '--format', 'yaml']);
  assert.equal(bad.code, 64);
  assert.match(bad.stderr, /--format "yaml" is not one of text, json, ndjson, github, junit, prometheus/);
  const both = await runCli(['lab', 'healthy', '--format', 'text', '--json']);
  assert.equal(both.code, 64);
  const same = await runCli(['lab', 'healthy', '--format', 'json', '--json']);
  assert.equal(same.code, 0);
  JSON.parse(same.stdout);
});

test('--report writes the JSON report to a file whatever --format prints; an unwritable one is exit 74', async () => {
  const file = join(dir, 'report.json');
  const result = await runCli(['lab', 'origin-down', '--no-color', '--report', file]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /SITE OUTAGE/, 'the text report on stdout');
  const report = JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number; exitCode: number; targets: { verdict: { status: string } }[] };
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.exitCode, 1);
  assert.ok(report.targets.every((t) => t.verdict.status === 'site-outage'));
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  const unwritable = await runCli(['lab', 'healthy', '--report', join(dir, 'missing', 'r.json')]);
  assert.equal(unwritable.code, 74);
  assert.match(unwritable.stderr, /^cdn-check: cannot write the report to .*r\.json: ENOENT/);
});

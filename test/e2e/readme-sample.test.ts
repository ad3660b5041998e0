// The README's "What it prints" sample is a real lab run (issue 15 §10): this test runs the same command and fails
// when the README shows anything the tool does not print. Only timings and the lab's port may differ (they change
// every run); UPDATE_GOLDEN=1 writes the run's output into the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { updating } from '../golden/golden.ts';
import { runCli } from '../helpers/cli.ts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
/** The command the README names above the sample; the sample is its first target, then the run's end. */
const COMMAND = ['lab', '--no-color'];
const FENCE = /(`npx cdn-check lab --no-color`[^\n]*\n(?:[^\n]+\n)*?\n```text\n)([\s\S]*?)(\n```)/;

/** The first target's block, a line for the others, then the cross-target part and the overall line. */
function sampleOf(output: string): string {
  const lines = output.trimEnd().split('\n');
  const second = lines.findIndex((line, i) => i > 0 && /^\S/.test(line));
  const tail = lines.findIndex((line) => line.startsWith('  Correlation across targets'));
  assert.ok(second > 0 && tail > second, `unexpected output shape:\n${output}`);
  const others = lines.slice(second).filter((line) => /^\S+ {2}[A-Z]/.test(line) && !line.startsWith('Overall')).map((line) => line.split('  ')[0]);
  return [...lines.slice(0, second), `[… ${others.join(' and ')}: the same shape …]`, '', ...lines.slice(tail)].join('\n');
}

/** What may differ between two runs: times, the lab's resolver port, and the padding that aligns them. */
function mask(text: string): string {
  return text
    .replace(/\b\d+ms\b/g, 'Nms')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    // The lab's status pages date their incidents from the time of the run.
    .replace(/\b\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\b/g, 'DATE UTC')
    .replace(/ {2,}/g, '  ');
}

test('the README sample is what `cdn-check lab --no-color` prints (timings and port aside)', async () => {
  const result = await runCli(COMMAND, { env: { COLUMNS: undefined } });
  assert.equal(result.code, 2, result.stderr);
  const sample = sampleOf(result.stdout);
  const readme = readFileSync(README, 'utf8');
  const match = FENCE.exec(readme);
  assert.ok(match, 'README has the sample under "npx cdn-check lab --no-color"');
  if (updating()) {
    writeFileSync(README, readme.replace(FENCE, (_all, head: string, _body: string, end: string) => `${head}${sample}${end}`));
    return;
  }
  assert.equal(mask(match[2]!), mask(sample), 'README sample differs from the lab run (UPDATE_GOLDEN=1 rewrites it after review)');
});

// The first line per target is what a tired engineer reads: it wraps at words on a narrow terminal and
// the reasons below it do not repeat it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderers } from '../../../src/render/index.ts';
import { makePalette } from '../../../src/render/palette.ts';
import { wrapWords } from '../../../src/render/sections.ts';
import type { Report } from '../../../src/types.ts';
import { akamai2021, healthyCloudflare } from '../../fixtures/reports.ts';

const plain = makePalette(false);

test('words wrap at spaces and a word longer than the width stands alone', () => {
  assert.deepEqual(wrapWords('aa bb cc dd', 5), ['aa bb', 'cc dd']);
  assert.deepEqual(wrapWords('a verylongword b', 5), ['a', 'verylongword', 'b']);
  assert.deepEqual(wrapWords('', 10), []);
});

test('at 80 columns the verdict summary wraps under itself and never splits a word', () => {
  const text = renderers.text(akamai2021, { palette: plain, verbose: false, width: 80 });
  const target = akamai2021.targets[0]!;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${target.host}  PROVIDER OUTAGE  `));
  assert.ok(start >= 0);
  const indent = target.host.length + 'PROVIDER OUTAGE'.length + 4;
  const head = [lines[start]!.slice(indent)];
  for (let i = start + 1; lines[i]!.startsWith(' '.repeat(indent)); i++) head.push(lines[i]!.slice(indent));
  assert.ok(head.length > 1, 'the long summary wrapped');
  for (const line of [lines[start]!, ...head.slice(1).map((l) => ' '.repeat(indent) + l)]) assert.ok(line.length <= 80, line);
  assert.equal(head.join(' '), target.verdict.summary);
});

test('a reason the summary already says is not repeated under it', () => {
  const target = healthyCloudflare.targets[0]!;
  const report: Report = { ...healthyCloudflare, targets: [{ ...target, verdict: { ...target.verdict, reasons: [target.verdict.summary, 'another fact'] } }] };
  const text = renderers.text(report, { palette: plain, verbose: false });
  assert.equal(text.split(target.verdict.summary).length - 1, 1);
  assert.match(text, /· another fact/);
});

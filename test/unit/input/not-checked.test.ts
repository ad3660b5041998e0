// Targets the deadline kept the run from reaching: how they are reported (entry, text line, stderr summary).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makePalette, renderText } from '../../../src/render/index.ts';
import { notCheckedReport } from '../../../src/run/report.ts';
import { renderSweepSummary } from '../../../src/run/sweep.ts';
import { parseTarget } from '../../../src/target.ts';
import { combineExitCodes } from '../../../src/verdict/exit.ts';
import { healthyCloudflare } from '../../fixtures/reports.ts';
import { reportErrors } from '../../helpers/schema.ts';

const target = (() => {
  const parsed = parseTarget('www.example.org');
  assert.ok(parsed.ok);
  return parsed.target;
})();

test('a target not reached is inconclusive (exit 5) with notChecked DEADLINE and its line, and is schema-valid', () => {
  const entry = notCheckedReport(target, 42);
  assert.equal(entry.verdict.status, 'inconclusive');
  assert.equal(entry.verdict.exitCode, 5);
  assert.deepEqual({ code: entry.notChecked?.code, line: entry.notChecked?.line }, { code: 'DEADLINE', line: 42 });
  assert.match(entry.verdict.summary, /line 42/);
  const report = { ...healthyCloudflare, targets: [...healthyCloudflare.targets, entry], exitCode: 5, unreached: { notChecked: 1, inputComplete: true, linesRead: 42 } };
  assert.deepEqual(reportErrors(report), []);
  assert.equal(combineExitCodes([0, entry.verdict.exitCode]), 5, 'one target not reached makes the run inconclusive');
});

test('the text report gives it one NOT CHECKED line, and the overall line counts it as inconclusive', () => {
  const report = { ...healthyCloudflare, targets: [...healthyCloudflare.targets, notCheckedReport(target, 0)], exitCode: 5 };
  const text = renderText(report, { palette: makePalette(false), verbose: false });
  assert.match(text, /^www\.example\.org {2}NOT CHECKED {2}not checked: --deadline passed before the run reached it$/m);
  assert.match(text, /2 targets: 1 INCONCLUSIVE, 1 UP/);
});

test('the sweep summary counts targets not checked, with "+" and where reading stopped when the input was not read to its end', () => {
  const complete = renderSweepSummary([], 20_000, 0, 1800, (id) => id, { notChecked: 17_824, inputComplete: true, linesRead: 20_000 });
  assert.match(complete, /2176 targets in 1\.8 s .*, 17824 not checked \(--deadline passed\)/);
  const open = renderSweepSummary([], 10, 1, 1800, (id) => id, { notChecked: 4, inputComplete: false, linesRead: 11 });
  assert.match(open, /6 targets in 1\.8 s .*, 1 bad line skipped, 4\+ not checked \(--deadline passed; input not read past line 11, more may follow\)/);
  assert.doesNotMatch(renderSweepSummary([], 3, 0, 100, (id) => id), /not checked/);
});

// Issue 15 §1: the report reads at any width. Goldens at 50, 80 and 120 columns for every fixed report, and the
// promises behind them checked directly: no line past the screen's edge, no name cut, the answer last.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderers } from '../../../src/render/index.ts';
import { makePalette } from '../../../src/render/palette.ts';
import { statusLabel } from '../../../src/render/labels.ts';
import { wrapLine } from '../../../src/render/table.ts';
import { FIXTURES, akamai2021, degraded, hostile } from '../../fixtures/reports.ts';
import { assertGolden } from '../../golden/golden.ts';

const WIDTHS = [50, 80, 120];
const render = (name: string, width: number, verbose = false) =>
  renderers.text(FIXTURES[name]!, { palette: makePalette(false), verbose, width });
const codePoints = (line: string) => Array.from(line).length;

describe('text report at fixed widths', () => {
  for (const name of Object.keys(FIXTURES)) {
    for (const width of WIDTHS) {
      it(`renders ${name} at ${width} columns like its golden file, no line wider than ${width}`, () => {
        const out = render(name, width);
        assertGolden(`render/width/${name}.${width}.txt`, out);
        for (const line of out.split('\n')) assert.ok(codePoints(line) <= width, `${codePoints(line)} > ${width}: ${line}`);
      });
    }
    it(`renders ${name} verbose at 80 columns with no line wider than 80`, () => {
      const out = render(name, 80, true);
      assertGolden(`render/width/${name}.80.verbose.txt`, out);
      for (const line of out.split('\n')) assert.ok(codePoints(line) <= 80, line);
    });
  }

  it('cuts nothing at 80 columns: no "…" but what sanitising long hostile text put there', () => {
    for (const [name, report] of Object.entries(FIXTURES)) {
      if (report === hostile) continue;
      assert.doesNotMatch(render(name, 80), /…/, name);
      assert.doesNotMatch(render(name, 80, true), /…/, name);
    }
  });

  it('keeps the failing hop readable at 80 and 50: its name whole in the failure line, in order in the table', () => {
    for (const width of [80, 50]) {
      const out = renderers.text(akamai2021, { palette: makePalette(false), verbose: false, width });
      assert.match(out, /e1234\.a\.akamaiedge\.net/);
      assert.match(out.replace(/\n\s+/g, ''), /e1234\.a\.akamaiedge\.net/);
    }
  });

  it('wraps the verdict at 50 columns at words, under a hanging indent, and ends a single target with its answer', () => {
    const out = renderers.text(degraded, { palette: makePalette(false), verbose: false, width: 50 });
    const lines = out.trimEnd().split('\n');
    const target = degraded.targets[0]!;
    assert.equal(lines[0], `${target.host}  DEGRADED`);
    const summary: string[] = [];
    for (let i = 1; lines[i]!.startsWith('  ') && !lines[i]!.startsWith('  https://'); i++) summary.push(lines[i]!.trim());
    assert.equal(summary.join(' '), target.verdict.summary, 'every word of the summary, none split');
    assert.equal(lines.at(-1), `${target.host}  ${statusLabel(target.verdict.status)} · exit ${target.verdict.exitCode}`);
  });
});

describe('wrapLine', () => {
  it('breaks after a dot, space or hyphen where it can, exactly at the limit where it cannot, and loses nothing', () => {
    assert.deepEqual(wrapLine('e7071.a.akamaiedge.net', 12), ['e7071.a.', 'akamaiedge.', 'net']);
    assert.deepEqual(wrapLine('certificate has expired', 12), ['certificate', 'has expired']);
    assert.deepEqual(wrapLine('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
    assert.deepEqual(wrapLine('short', 10), ['short']);
  });
});

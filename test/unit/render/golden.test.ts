// Every fixed report rendered every way (text plain/coloured, default/verbose, JSON) matches its golden file.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderers } from '../../../src/render/index.ts';
import { makePalette } from '../../../src/render/palette.ts';
import { FIXTURES } from '../../fixtures/reports.ts';
import { assertGolden } from '../../golden/golden.ts';

const VARIANTS = [
  { suffix: 'txt', color: false, verbose: false },
  { suffix: 'verbose.txt', color: false, verbose: true },
  { suffix: 'ansi.txt', color: true, verbose: false },
  { suffix: 'verbose.ansi.txt', color: true, verbose: true },
];

describe('renderer goldens', () => {
  for (const [name, report] of Object.entries(FIXTURES)) {
    for (const variant of VARIANTS) {
      it(`renders ${name} as ${variant.color ? 'coloured' : 'plain'} ${variant.verbose ? 'verbose ' : ''}text like its golden file`, () => {
        assertGolden(`render/${name}.${variant.suffix}`, renderers.text(report, { palette: makePalette(variant.color), verbose: variant.verbose }));
      });
    }
    it(`renders ${name} as JSON like its golden file`, () => {
      assertGolden(`render/${name}.json`, renderers.json(report, { palette: makePalette(false), verbose: false }));
    });
  }
});

describe('assertGolden', () => {
  const root = mkdtempSync(join(tmpdir(), 'golden-'));

  it('fails when the golden file is missing and updating is off', () => {
    assert.throws(() => assertGolden('missing.txt', 'x', { root, update: false }), /missing; run with UPDATE_GOLDEN=1/);
  });

  it('writes the file when updating, then passes on equal output and fails on different output', () => {
    assertGolden('dir/new.txt', 'one\n', { root, update: true });
    assert.equal(readFileSync(join(root, 'dir/new.txt'), 'utf8'), 'one\n');
    assertGolden('dir/new.txt', 'one\n', { root, update: false });
    assert.throws(() => assertGolden('dir/new.txt', 'two\n', { root, update: false }), /differs/);
    rmSync(root, { recursive: true, force: true });
  });
});

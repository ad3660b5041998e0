// The renderers loaded on first use (render/load.ts, what a run calls) are the ones of the static table
// (render/index.ts, what the goldens check): both must print every fixed report alike in every format.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderers, type ReportFormat } from '../../../src/render/index.ts';
import { loadRenderer, loadTextRenderer } from '../../../src/render/load.ts';
import { makePalette } from '../../../src/render/palette.ts';
import { FIXTURES } from '../../fixtures/reports.ts';

const FORMATS = Object.keys(renderers) as ReportFormat[];

describe('renderers loaded on first use', () => {
  for (const format of FORMATS) {
    it(`${format}: the same output as the static table, for every fixed report`, async () => {
      const render = await loadRenderer(format);
      for (const [name, report] of Object.entries(FIXTURES)) {
        for (const verbose of [false, true]) {
          const ctx = { palette: makePalette(false), verbose, width: 100 };
          assert.equal(render(report, ctx), renderers[format](report, ctx), `${name}${verbose ? ' -v' : ''}`);
        }
      }
    });
  }

  it("text's streamed pieces come from the same module as the whole report", async () => {
    const text = await loadTextRenderer();
    assert.equal(text.renderText, await loadRenderer('text'));
  });
});

// A sweep's --json is written a target at a time; pieced together it must be the document renderJson gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPieces, renderJson } from '../../../src/render/json.ts';
import type { Report } from '../../../src/types.ts';
import { FIXTURES } from '../../fixtures/reports.ts';

function pieced(report: Report): string {
  const { targets, schemaVersion, tool, startedAt, durationMs, exitCode, correlation, unreached } = report;
  return jsonPieces.head({ schemaVersion, tool, startedAt }) + targets.map((t, i) => jsonPieces.target(t, i === 0)).join('') + jsonPieces.tail({ durationMs, exitCode, correlation, unreached });
}

for (const [name, report] of Object.entries(FIXTURES)) {
  test(`${name}: the streamed document parses to the same value as the whole one, with no raw control character`, () => {
    const text = pieced(report);
    assert.deepEqual(JSON.parse(text), JSON.parse(renderJson(report)));
    assert.doesNotMatch(text, /[\u007f-\u009f\u2028\u2029\u202e]/);
  });
}

test('no targets, and an `unreached` field, still make one valid document', () => {
  const report = { ...FIXTURES[Object.keys(FIXTURES)[0]!]!, targets: [], unreached: { notChecked: 0, inputComplete: false, linesRead: 0 } };
  assert.deepEqual(JSON.parse(pieced(report)), JSON.parse(renderJson(report)));
});

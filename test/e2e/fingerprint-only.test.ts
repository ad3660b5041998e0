// Issue 15 §2: --fingerprint-only probes nothing, so it claims neither up nor down: status "fingerprinted", exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Report } from '../../src/types.ts';
import { runCli } from '../helpers/cli.ts';
import { reportErrors } from '../helpers/schema.ts';

test('lab origin-down --fingerprint-only: fingerprinted, exit 0, schema-valid, and the text says nothing was probed', async () => {
  const json = await runCli(['lab', 'origin-down', '--fingerprint-only', '--json']);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as Report;
  assert.deepEqual(reportErrors(report), []);
  for (const target of report.targets) {
    assert.equal(target.verdict.status, 'fingerprinted', target.host);
    assert.equal(target.probes.length, 0);
  }
  const text = await runCli(['lab', 'origin-down', '--fingerprint-only']);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /FINGERPRINTED {2}DNS only: resolved to \d+ address(es)? \(nothing probed\)/);
  assert.doesNotMatch(text.stdout, /\bUP\b|OUTAGE/);
});

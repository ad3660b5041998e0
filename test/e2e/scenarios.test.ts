// Every lab scenario is an end-to-end test: the built binary is spawned as `cdn-check lab <name>`, and what it
// prints and exits with is held to the scenario's own expected verdicts and to the shipped JSON Schema.
// A new scenario data file is a new test here with no edit.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import type { Scenario } from '../../src/lab/scenario.ts';
import type { Report, Status, TargetReport } from '../../src/types.ts';
import { runCli } from '../helpers/cli.ts';
import { ndjsonLineErrors, reportErrors, undescribedFields } from '../helpers/schema.ts';

const ESC = '\u001b';
const EXTENTS = ['provider-wide', 'partial', 'this-site', 'unknown'];
/** The label a person reads first: the status in capitals, words apart ("PROVIDER OUTAGE"). Not imported from the renderer. */
const label = (status: Status): string => status.replace(/-/g, ' ').toUpperCase();

function scenario(name: string): Scenario {
  const found = SCENARIOS.find((s) => s.name === name);
  assert.ok(found, `scenario ${name} exists`);
  return found;
}

function targetFor(report: Report, host: string): TargetReport {
  const target = report.targets.find((t) => t.host === host);
  assert.ok(target, `the report has a target ${host} (has: ${report.targets.map((t) => t.host).join(', ')})`);
  return target;
}

/** Checks a report against the scenario's expected verdicts, comparing only the keys the scenario gives. */
function assertExpected(report: Report, s: Scenario): void {
  assert.equal(report.exitCode, s.expected.exitCode, 'report.exitCode');
  assert.equal(report.targets.length, s.targets.length, 'one report entry per scenario target');
  for (const [host, expected] of Object.entries(s.expected.targets)) {
    const { verdict } = targetFor(report, host);
    const context = `${host}: ${verdict.status} ${verdict.provider ?? '-'} ${verdict.layer ?? '-'} — ${verdict.summary}`;
    assert.equal(verdict.status, expected.status, context);
    if ('provider' in expected) assert.equal(verdict.provider, expected.provider, context);
    if ('layer' in expected) assert.equal(verdict.layer, expected.layer, context);
    if ('extent' in expected) assert.equal(verdict.extent, expected.extent, context);
  }
  // Every verdict carries an extent: one of the four for a provider outage, null for anything else.
  for (const { host, verdict } of report.targets) {
    if (verdict.status === 'provider-outage') assert.ok(EXTENTS.includes(verdict.extent as string), `${host}: extent ${verdict.extent}`);
    else assert.equal(verdict.extent, null, `${host}: a ${verdict.status} has no extent`);
    // Every verdict says what to do next (issue 17 §3); a provider outage points at the provider.
    assert.ok(typeof verdict.next === 'string' && verdict.next.length > 0, `${host}: verdict.next`);
    if (verdict.status === 'provider-outage') assert.match(verdict.next, /not your site: hold deploys/, host);
  }
}

describe('every lab scenario, spawned as `cdn-check lab <name> --json`', { concurrency: 3 }, () => {
  for (const s of SCENARIOS) {
    const hosts = Object.entries(s.expected.targets).map(([host, v]) => `${host} ${v.status}`).join(', ');
    test(`${s.name} exits ${s.expected.exitCode} with ${hosts}, and its JSON validates against the shipped schema`, async () => {
      const result = await runCli(['lab', s.name, '--json'], { killAfterMs: 60_000 });
      assert.equal(result.stderr, '', 'nothing on stderr');
      const report = JSON.parse(result.stdout) as Report;
      assert.deepEqual(reportErrors(report), [], 'schema violations');
      assert.deepEqual(undescribedFields(report), [], 'fields the shipped schema does not describe');
      assert.equal(report.schemaVersion, 1);
      assertExpected(report, s);
      assert.equal(result.code, s.expected.exitCode, 'process exit code');
      assert.ok(!result.stdout.includes(ESC), 'no ESC byte in JSON output');
    });
  }
});

describe('cdn-check lab, the other output formats and the defaults', () => {
  test('--ndjson prints one schema-valid JSON line per target, each with schemaVersion 1, and exits with the verdict code', async () => {
    const s = scenario('akamai-2021');
    const result = await runCli(['lab', s.name, '--ndjson']);
    assert.equal(result.stderr, '');
    assert.ok(result.stdout.endsWith('\n'), 'the last line is terminated');
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, s.targets.length, result.stdout);
    const hosts = lines.map((text) => {
      const line = JSON.parse(text) as { schemaVersion: number; host: string; verdict: { status: Status; exitCode: number } };
      assert.deepEqual(ndjsonLineErrors(line), [], `schema violations in ${text.slice(0, 80)}`);
      assert.equal(line.schemaVersion, 1);
      assert.equal(line.verdict.status, s.expected.targets[line.host]?.status);
      return line.host;
    });
    assert.deepEqual([...hosts].sort(), [...s.targets].sort());
    assert.equal(result.code, s.expected.exitCode);
  });

  test('--quiet prints nothing at all and exits with the same code as --json', async () => {
    for (const name of ['origin-down', 'healthy']) {
      const result = await runCli(['lab', name, '--quiet']);
      assert.equal(result.stdout, '', `${name}: stdout`);
      assert.equal(result.stderr, '', `${name}: stderr`);
      assert.equal(result.code, scenario(name).expected.exitCode, name);
    }
  });

  for (const name of ['akamai-2021', 'origin-down']) {
    test(`the text report of ${name} starts each target with its host and the upper-case status, with no ESC byte when stdout is not a terminal`, async () => {
      const s = scenario(name);
      const result = await runCli(['lab', name]);
      assert.equal(result.code, s.expected.exitCode);
      assert.equal(result.stderr, '', 'no spinner or warnings when stderr is a pipe');
      assert.ok(!result.stdout.includes(ESC), 'no ESC byte');
      const all = result.stdout.trimEnd().split('\n');
      // Issue 15 §1: a single target's report ends with its verdict again (short form), the answer last on screen.
      const closing = s.targets.length === 1 ? all.pop() : undefined;
      if (closing !== undefined) assert.match(closing, new RegExp(`^${Object.keys(s.expected.targets)[0]!.replace(/\./g, '\\.')}  [A-Z ]+ · exit ${s.expected.exitCode}$`));
      const firstLines = all.filter((line) => /^\S/.test(line) && !line.startsWith('Overall'));
      assert.equal(firstLines.length, s.targets.length, `one verdict line per target:\n${firstLines.join('\n')}`);
      for (const [host, expected] of Object.entries(s.expected.targets)) {
        const line = firstLines.find((l) => l.startsWith(`${host}  `));
        assert.ok(line, `a verdict line for ${host}`);
        assert.ok(line.startsWith(`${host}  ${label(expected.status)}  `), line);
      }
      assert.match(result.stdout, new RegExp(`exit ${s.expected.exitCode}`));
    });
  }

  test('lab --list lists every scenario, one line each with its date and provider, and exits 0', async () => {
    const result = await runCli(['lab', '--list']);
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
    const lines = result.stdout.split('\n');
    for (const s of SCENARIOS) {
      const line = lines.find((l) => l.trim().split(/\s+/)[0] === s.name);
      assert.ok(line, `a line for ${s.name}`);
      assert.ok(line.includes(s.date ?? 'synthetic'), `${s.name} shows its date: ${line}`);
      if (s.provider) assert.ok(line.includes(s.provider), `${s.name} shows its provider: ${line}`);
    }
  });

  test('lab with no scenario replays akamai-2021 and exits 2', async () => {
    const result = await runCli(['lab', '--json']);
    assert.equal(result.code, 2);
    const report = JSON.parse(result.stdout) as Report;
    assert.deepEqual(report.targets.map((t) => t.host), scenario('akamai-2021').targets);
    assertExpected(report, scenario('akamai-2021'));
  });
});

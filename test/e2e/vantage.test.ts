// --from end to end: the built binary, the lab's Globalping (loopback), the scenarios that need a second
// vantage, and the token that must never be printed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS, findScenario } from '../../src/lab/scenarios/index.ts';
import { startLab, type LabInstance } from '../../src/lab/start.ts';
import type { Report } from '../../src/types.ts';
import { runCli } from '../helpers/cli.ts';
import { reportErrors, undescribedFields } from '../helpers/schema.ts';

describe('lab scenarios with --from, spawned as `cdn-check lab <name> --from … --json`', { concurrency: 3 }, () => {
  for (const s of SCENARIOS.filter((x) => x.fromExpected)) {
    const expected = s.fromExpected!;
    const hosts = Object.entries(expected.targets).map(([host, v]) => `${host} ${v.status} (${v.scope ?? 'no'} scope)`).join(', ');
    test(`${s.name} --from ${expected.from} exits ${expected.exitCode} with ${hosts}; its JSON validates`, async () => {
      const result = await runCli(['lab', s.name, '--from', expected.from, '--json'], { killAfterMs: 60_000, env: { GLOBALPING_API_URL: 'http://192.0.2.1:9' } });
      assert.equal(result.stderr, '');
      const report = JSON.parse(result.stdout) as Report;
      assert.deepEqual(reportErrors(report), [], 'schema violations');
      assert.deepEqual(undescribedFields(report), [], 'fields the shipped schema does not describe');
      assert.equal(result.code, expected.exitCode);
      for (const [host, want] of Object.entries(expected.targets)) {
        const t = report.targets.find((x) => x.host === host);
        assert.ok(t, host);
        const context = `${host}: ${t.verdict.status} ${t.verdict.scope ?? '-'} — ${t.verdict.summary}`;
        assert.equal(t.verdict.status, want.status, context);
        assert.equal(t.verdict.scope, want.scope, context);
        if ('provider' in want) assert.equal(t.verdict.provider, want.provider, context);
        assert.ok(t.vantage && t.vantage.probes.length > 0 && t.vantage.error === null, context);
        // The lab's Globalping, never the address in the environment.
        assert.ok(t.vantage.measurements.every((m) => m.url.startsWith('http://127.0.0.1:')), JSON.stringify(t.vantage.measurements));
      }
    });
  }

  test('the text report has a "From elsewhere" table grouped by country, and the verdict says "Down only from here"', async () => {
    const result = await runCli(['lab', 'isp-path', '--from', 'IN,US,DE']);
    assert.equal(result.code, 3);
    assert.match(result.stdout, /LOCAL NETWORK {2}Down only from here: up from DE, IN, US \(9\/9 probes\)/);
    assert.match(result.stdout, /From elsewhere {2}via Globalping · scope: only here/);
    const rows = result.stdout.split('\n').filter((l) => /^ {4}(DE|IN|US) /.test(l)).map((l) => l.trim().slice(0, 2));
    assert.deepEqual(rows, ['DE', 'DE', 'DE', 'IN', 'IN', 'IN', 'US', 'US', 'US']);
  });
});

describe('--from against a Globalping API named by GLOBALPING_API_URL', () => {
  let lab: LabInstance;
  before(async () => {
    const s = findScenario('regional-edge');
    assert.ok(s);
    lab = await startLab(s, { globalping: true });
  });
  after(() => lab.close());
  const TOKEN = 'gp-secret-4f9a1c';

  test('the token goes to the API as a Bearer header and nowhere else: not stdout, not stderr, not --debug', async () => {
    for (const format of [['--json'], [], ['--debug']]) {
      const result = await runCli([...lab.args, ...format, '--from', 'IN,US', lab.scenario.targets[0]!], { env: { GLOBALPING_TOKEN: TOKEN, GLOBALPING_API_URL: lab.globalping!.mock.url } });
      assert.equal(result.code, 2, result.stderr);
      assert.ok(!result.stdout.includes(TOKEN) && !result.stderr.includes(TOKEN), `token printed with ${format.join(' ')}`);
    }
    assert.ok(lab.globalping!.mock.posted.length > 0);
    assert.ok(lab.globalping!.mock.posted.every((p) => p.authorization === `Bearer ${TOKEN}`));
    assert.ok(lab.globalping!.mock.posted.every((p) => /^cdn-check\/\d+\.\d+\.\d+/.test(p.userAgent ?? '')));
  });

  test('only the target\'s name (and the measurement options) is sent: no local results, no headers', () => {
    for (const { body } of lab.globalping!.mock.posted) {
      const keys = Object.keys(body as object).sort();
      assert.deepEqual(keys, ['locations', 'measurementOptions', 'target', 'timeout', 'type']);
      assert.equal((body as { target: string }).target, lab.scenario.targets[0]);
      assert.ok(!JSON.stringify(body).includes('headers'));
    }
  });

  test('a run that would exceed the cap is refused before anything is sent (exit 64, one line)', async () => {
    const sent = lab.globalping!.mock.posted.length;
    const result = await runCli([...lab.args, '--from', 'IN,US,DE', '--probes', '10', 'a.example', 'b.example'], { env: { GLOBALPING_API_URL: lab.globalping!.mock.url } });
    assert.equal(result.code, 64);
    assert.match(result.stderr, /^cdn-check: --from would spend 120 Globalping tests .*\n$/);
    assert.equal(lab.globalping!.mock.posted.length, sent);
  });
});

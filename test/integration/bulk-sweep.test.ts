// Bulk mode through the built binary against a generated lab: --targets-file with comments, blank and bad
// lines; one ndjson line per target; the per-provider summary on stderr; canaries run once per provider for
// the whole sweep (counted at the lab's edges); a rate-limiting resolver handled by bounded retries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providerName } from '../../src/fingerprint/match.ts';
import { bulkProviderOf, bulkScenario } from '../../src/lab/bulk.ts';
import { startDnsServer } from '../../src/lab/dns-server.ts';
import type { Scenario } from '../../src/lab/scenario.ts';
import { labArgs, startLab, type LabInstance } from '../../src/lab/start.ts';
import { buildWorld } from '../../src/lab/world.ts';
import type { TargetReport } from '../../src/types.ts';
import { runCli } from '../helpers/cli.ts';

const COUNT = 40;
const DOWN_EVERY = 8;
/** Generous: a sweep is cut by the deadline, and these must finish on a loaded CI machine. */
const LIMITS = ['--deadline', '60000', '--timeout', '3000'];

type Line = TargetReport & { schemaVersion: number };

function parseLines(stdout: string): Line[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

/** Provider name → [targets, down] from the sweep summary on stderr. */
function summaryOf(stderr: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const m of stderr.matchAll(/^ {2}(\S.*?)\s+(\d+) targets\s+(\d+) down$/gm)) out.set(m[1]!, [Number(m[2]), Number(m[3])]);
  return out;
}

describe('a sweep from --targets-file against a generated lab of mixed providers', () => {
  const scenario = bulkScenario({ count: COUNT, downEvery: DOWN_EVERY });
  let lab: LabInstance;
  let dir: string;
  before(async () => {
    lab = await startLab(scenario);
    dir = await mkdtemp(join(tmpdir(), 'cdn-check-bulk-test-'));
  });
  after(async () => {
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  });

  // Line numbers are 1-based: 1 comment, 2 blank, 3.. targets, with bad lines and comments in between.
  const bad = ['not a host name!', 'http://', 'exa mple.com'];
  const lines = ['# inventory of company domains', ''];
  const badLineNumbers: number[] = [];
  scenario.targets.forEach((host, i) => {
    lines.push(i % 10 === 3 ? `${host}   # a trailing comment` : host);
    if (i % 13 === 5) {
      lines.push(bad[badLineNumbers.length % bad.length]!);
      badLineNumbers.push(lines.length);
    }
    if (i === 20) lines.push('   ', '# a comment in the middle');
  });

  test('every target gets exactly one schema-versioned ndjson line, and the exit code is the highest of theirs', async () => {
    const file = join(dir, 'targets.txt');
    await writeFile(file, `${lines.join('\n')}\n`);
    const result = await runCli(['--targets-file', file, '--ndjson', ...lab.args, ...LIMITS], { killAfterMs: 60_000 });
    const reports = parseLines(result.stdout);
    assert.equal(reports.length, COUNT, result.stderr);
    assert.deepEqual(reports.map((r) => r.host).sort(), [...scenario.targets].sort());
    assert.ok(reports.every((r) => r.schemaVersion === 1));
    assert.equal(result.code, Math.max(...reports.map((r) => r.verdict.exitCode)));
    const down = reports.filter((r) => !['up', 'degraded'].includes(r.verdict.status)).map((r) => r.host).sort();
    const expectedDown = scenario.targets.filter((_, i) => i % DOWN_EVERY === DOWN_EVERY - 1).sort();
    assert.deepEqual(down, expectedDown);
  });

  test('bad lines are reported on stderr with their line number and skipped; comments and blank lines are not', async () => {
    const file = join(dir, 'targets-bad.txt');
    await writeFile(file, `${lines.join('\n')}\n`);
    const result = await runCli(['--targets-file', file, '--ndjson', '--fingerprint-only', ...lab.args, ...LIMITS], { killAfterMs: 60_000 });
    const reported = [...result.stderr.matchAll(/targets-bad\.txt:(\d+): invalid target "([^"]*)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(reported, badLineNumbers);
    assert.match(result.stderr, new RegExp(`${COUNT} targets in [\\d.]+ s .*, ${badLineNumbers.length} bad lines skipped`));
    assert.equal(parseLines(result.stdout).length, COUNT);
  });

  test('the summary counts, per provider, the targets on it and those down, from stdin with --fingerprint-only and no HTTP request', async () => {
    const requestsBefore = lab.edges.requestCount();
    const result = await runCli(['--targets-file', '-', '--ndjson', '--fingerprint-only', ...lab.args, ...LIMITS], { stdin: `${scenario.targets.join('\n')}\n`, killAfterMs: 60_000 });
    assert.equal(lab.edges.requestCount(), requestsBefore, 'fingerprint-only probes nothing');
    assert.equal(parseLines(result.stdout).length, COUNT);
    const summary = summaryOf(result.stderr);
    // A target counts once per provider whatever its role (CDN, DNS host or both); a down target (its CDN's
    // edge DNS fails) counts only against its CDN, the piece that failed.
    const expected = new Map<string, [number, number]>();
    scenario.targets.forEach((_, i) => {
      const { cdn, dns } = bulkProviderOf(i);
      const isDown = i % DOWN_EVERY === DOWN_EVERY - 1;
      for (const id of new Set(isDown ? [cdn] : [cdn, dns])) {
        const name = providerName(id);
        const [total, down] = expected.get(name) ?? [0, 0];
        expected.set(name, [total + 1, down + (isDown ? 1 : 0)]);
      }
    });
    for (const [name, counts] of expected) assert.deepEqual(summary.get(name), counts, `${name} in:\n${result.stderr}`);
    const onAkamai = scenario.targets.filter((_, i) => {
      const { cdn, dns } = bulkProviderOf(i);
      return cdn === 'akamai' || (dns === 'akamai' && i % DOWN_EVERY !== DOWN_EVERY - 1);
    });
    assert.equal(summary.get('Akamai')?.[0], onAkamai.length);
  });
});

describe('canaries and controls in a sweep', () => {
  // Every Akamai target (all on Akamai DNS too) is down at its edge DNS, so each one asks for the Akamai canaries.
  const base = bulkScenario({ count: 60 });
  const akamai = base.targets.filter((_, i) => bulkProviderOf(i).cdn === 'akamai' && bulkProviderOf(i).dns === 'akamai');
  const scenario: Scenario = {
    ...base,
    sites: base.sites.map((site) => (akamai.includes(site.host) ? { ...site, dnsFault: { at: 'leaf', fault: 'servfail' } } : site)),
  };
  let lab: LabInstance;
  before(async () => {
    lab = await startLab(scenario);
  });
  after(async () => lab.close());

  const sweep = async (targets: string[]): Promise<number> => {
    const before = lab.edges.requestCount();
    const result = await runCli(['--targets-file', '-', '--ndjson', ...lab.args, ...LIMITS], { stdin: targets.join('\n'), killAfterMs: 60_000 });
    const reports = parseLines(result.stdout);
    assert.equal(reports.length, targets.length, result.stderr);
    assert.ok(reports.every((r) => r.canaries.some((c) => c.host === 'www.canary-akamai.test')), 'every down target cites the Akamai canary');
    return lab.edges.requestCount() - before;
  };

  test('are checked once per provider for the whole sweep: 2 down targets and 9 cost the lab the same edge requests', async () => {
    assert.ok(akamai.length >= 9, `enough Akamai targets (${akamai.length})`);
    const few = await sweep(akamai.slice(0, 2));
    const many = await sweep(akamai.slice(0, 9));
    assert.ok(few > 0, 'canaries and the control were probed');
    assert.equal(many, few);
  });
});

describe('a resolver that rate-limits during a sweep', () => {
  const REFUSED_FIRST = 6;
  const scenario = bulkScenario({ count: 10 });
  let lab: LabInstance;
  let limited: Awaited<ReturnType<typeof startDnsServer>>;
  before(async () => {
    lab = await startLab(scenario);
    limited = await startDnsServer(buildWorld(scenario).zone, { overload: { first: REFUSED_FIRST, fault: 'refused' } });
  });
  after(async () => {
    await limited.close();
    await lab.close();
  });

  test('answers REFUSED to the first queries; they are retried with backoff, every target resolves, and the retries are reported', async () => {
    const args = labArgs({ ...lab.setup, resolvers: [`${limited.host}:${limited.port}`] });
    const result = await runCli(['--targets-file', '-', '--ndjson', '--fingerprint-only', ...args, ...LIMITS], { stdin: scenario.targets.join('\n'), killAfterMs: 60_000 });
    const reports = parseLines(result.stdout);
    assert.equal(reports.length, scenario.targets.length, result.stderr);
    assert.ok(reports.every((r) => r.dns?.error === null && r.verdict.status === 'fingerprinted'), 'no target is reported down for the resolver\'s refusals');
    // The first queries on the wire are the targets' own (every target starts before any answer comes back).
    assert.equal(reports.reduce((n, r) => n + (r.dns?.retries ?? 0), 0), REFUSED_FIRST);
    assert.ok(reports.some((r) => r.dns?.retries === undefined), 'a trace without retries carries no retries field');
    assert.match(result.stderr, new RegExp(`resolver ${limited.host}:${limited.port}: ${REFUSED_FIRST} queries retried after REFUSED or a timeout`));
  });

  test('drops every transmission of the first queries: each times out, is retried once and answered', async () => {
    // One target: its A, AAAA and NS queries are the first three messages; half way to the timeout each is
    // retransmitted over UDP and asked over TCP too, the next six; all nine are dropped, so each query times
    // out and is retried.
    const silent = await startDnsServer(buildWorld(scenario).zone, { overload: { first: 9, fault: 'drop' } });
    try {
      const args = labArgs({ ...lab.setup, resolvers: [`${silent.host}:${silent.port}`] });
      const result = await runCli(['--targets-file', '-', '--ndjson', '--fingerprint-only', ...args, '--timeout', '400', '--deadline', '20000'], { stdin: `${scenario.targets[0]}\n`, killAfterMs: 30_000 });
      const [report] = parseLines(result.stdout);
      assert.equal(report?.dns?.error, null, result.stderr);
      assert.equal(report?.dns?.retries, 3);
      assert.match(result.stderr, /: 3 queries retried after REFUSED or a timeout/);
    } finally {
      await silent.close();
    }
  });

  test('a single check (no targets file) does not retry: the refusal is reported as the resolver gave it', async () => {
    const fresh = await startDnsServer(buildWorld(scenario).zone, { overload: { first: 1000, fault: 'refused' } });
    try {
      const args = labArgs({ ...lab.setup, resolvers: [`${fresh.host}:${fresh.port}`] });
      const result = await runCli(['--json', '--fingerprint-only', ...args, ...LIMITS, scenario.targets[0]!], { killAfterMs: 60_000 });
      const report = JSON.parse(result.stdout) as { targets: TargetReport[] };
      assert.equal(report.targets[0]?.dns?.error?.code, 'REFUSED');
      assert.equal(report.targets[0]?.dns?.retries, undefined);
      assert.doesNotMatch(result.stderr, /retried/);
    } finally {
      await fresh.close();
    }
  });
});

test('the bulk generator refuses a count below 1 and a downEvery of 1 (no healthy target would be left)', () => {
  assert.throws(() => bulkScenario({ count: 0 }), RangeError);
  assert.throws(() => bulkScenario({ count: 10, downEvery: 1 }), RangeError);
  assert.equal(bulkScenario({ count: 10, downEvery: 2 }).targets.length, 10);
});

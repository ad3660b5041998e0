// `cdn-check audit` as a user or a CI job runs it: the built binary against the lab's audit sites on loopback,
// text and JSON (held to the shipped schema), --targets-file from stdin, --fail-on and exit 6, usage errors.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startAuditLab, type AuditLab } from '../../src/lab/audit-lab.ts';
import { AUDIT_LAB_TARGETS } from '../../src/lab/audit-sites.ts';
import type { LabDnsServer } from '../../src/lab/dns-server.ts';
import { runCli } from '../helpers/cli.ts';
import { auditNdjsonLineErrors, auditReportErrors } from '../helpers/schema.ts';

describe('cdn-check audit (e2e)', () => {
  let audit: AuditLab;
  let lab: LabDnsServer;
  let steered: LabDnsServer;
  let base: string[];
  before(async () => {
    audit = await startAuditLab();
    [lab, steered] = audit.resolvers;
    base = ['audit', '--resolver', lab.resolver.label, '--ns-port', String(audit.nsPort), '--port', String(audit.edgePort), '--timeout', '4000', '--deadline', '20000'];
  });
  after(async () => {
    await audit.close();
  });

  it('prints each target in input order, its findings and the concentration table, and exits 0 without --fail-on', async () => {
    const r = await runCli([...base, 'www.single.test', 'twodns.test', 'deadns.test']);
    assert.equal(r.code, 0, r.stderr);
    const single = r.stdout.indexOf('www.single.test');
    assert.ok(single >= 0 && single < r.stdout.indexOf('twodns.test') && r.stdout.indexOf('twodns.test') < r.stdout.indexOf('deadns.test'));
    assert.match(r.stdout, /CRITICAL_DNS .*Cloudflare/);
    assert.match(r.stdout, /NS_NOT_ANSWERING .*ns2\.deadns\.test/);
    assert.match(r.stdout, /Concentration/);
    assert.ok(!r.stdout.includes('\u001b'), 'no ANSI codes when stdout is not a TTY');
  });

  it('writes a JSON document that the shipped schema describes completely', async () => {
    const r = await runCli([...base, '--json', '--resolver', steered.resolver.label, 'www.single.test', 'mixed.test', 'www.multicdn.test', 'www.pagedeps.test', 'www.fastlyonly.test', 'lame.test']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { targets: { target: string; audit: { cdn: { redundant: boolean }; dns: { ownership: string } } }[]; concentration: { role: string; provider: string }[]; exitCode: number };
    assert.deepEqual(auditReportErrors(report), []);
    assert.deepEqual(report.targets.map((t) => t.target), ['www.single.test', 'mixed.test', 'www.multicdn.test', 'www.pagedeps.test', 'www.fastlyonly.test', 'lame.test']);
    assert.equal(report.targets[1]?.audit.dns.ownership, 'both');
    assert.equal(report.targets[2]?.audit.cdn.redundant, true, 'steered between Akamai and Fastly by resolver');
    assert.ok(report.concentration.some((row) => row.role === 'dns' && row.provider === 'cloudflare'));
    assert.equal(report.exitCode, 0);
  });

  it('exits 6 when a --fail-on finding matches, and 0 when only others are found', async () => {
    const hit = await runCli([...base, '--fail-on', 'ns-not-answering', '--quiet', 'deadns.test']);
    assert.equal(hit.code, 6, hit.stderr);
    assert.equal(hit.stdout, '');
    const miss = await runCli([...base, '--fail-on', 'critical-cdn,ns-not-answering', 'twodns.test', 'mixed.test']);
    assert.equal(miss.code, 0, miss.stderr);
  });

  it('prints the page\'s hosts by CDN, "if Fastly fails, 2 of 7 hosts this page loads fail with it"', async () => {
    const r = await runCli([...base, '--fail-on', 'single-cdn-page-dependency', 'www.pagedeps.test']);
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stdout, /if Fastly fails, 2 of 7 host\(s\) this page loads fail with it — render-blocking: static\.pagecdn-fastly\.test/);
    assert.match(r.stdout, /SINGLE_CDN_PAGE_DEPENDENCY .*static\.pagecdn-fastly\.test/);
    const dnsOnly = await runCli([...base, '--fingerprint-only', '--fail-on', 'single-cdn-page-dependency', 'www.pagedeps.test']);
    assert.equal(dnsOnly.code, 0, dnsOnly.stderr);
    assert.doesNotMatch(dnsOnly.stdout, /page https/);
  });

  it('finds a lame delegation: a listed NS that answers without the AA bit', async () => {
    const r = await runCli([...base, '--fail-on', 'ns-lame-delegation', 'lame.test', 'mixed.test']);
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stdout, /NS_LAME_DELEGATION .*ns\.lame-dns\.test/);
    assert.match(r.stdout, /ns1\.lame\.test +answers\n/, 'the authoritative NS is not lame');
    assert.doesNotMatch(r.stdout, /NS_NOT_ANSWERING/);
  });

  it('reads targets from stdin with --targets-file -, skipping bad lines with a warning', async () => {
    const r = await runCli([...base, '--json', '--fail-on', 'CRITICAL_DNS', '--targets-file', '-'], { stdin: 'www.single.test\n# a comment\nbad..name\ntwodns.test\n' });
    assert.equal(r.code, 6, r.stderr);
    const report = JSON.parse(r.stdout) as { targets: { target: string }[]; failOn: { matched: number } };
    assert.deepEqual(report.targets.map((t) => t.target), ['www.single.test', 'twodns.test']);
    assert.equal(report.failOn.matched, 1);
    assert.match(r.stderr, /line 3 skipped/);
  });

  it('streams NDJSON: a line per target as it finishes, then the summary with the concentration, each held to the schema', async () => {
    const r = await runCli([...base, '--ndjson', '--fail-on', 'critical-dns', 'www.single.test', 'www.pagedeps.test', 'lame.test']);
    assert.equal(r.code, 6, r.stderr);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; target?: string; concentration?: unknown[]; exitCode?: number });
    for (const l of lines) assert.deepEqual(auditNdjsonLineErrors(l), [], JSON.stringify(l).slice(0, 200));
    assert.deepEqual(lines.slice(0, 3).map((l) => l.target).sort(), ['lame.test', 'www.pagedeps.test', 'www.single.test']);
    const summary = lines[3];
    assert.equal(summary?.type, 'summary');
    assert.equal(summary?.exitCode, 6);
    assert.ok((summary?.concentration?.length ?? 0) > 0);
    assert.equal(lines.length, 4);
  });

  it('writes the CI formats: GitHub annotations, JUnit XML and Prometheus text', async () => {
    const args = [...base, '--fail-on', 'critical-dns', 'www.single.test', 'lame.test'];
    const github = await runCli([...args, '--format', 'github']);
    assert.equal(github.code, 6, github.stderr);
    assert.match(github.stdout, /^::error title=cdn-check audit%3A www\.single\.test CRITICAL_DNS::every NS of single\.test/m);
    assert.match(github.stdout, /^::warning title=cdn-check audit%3A lame\.test NS_LAME_DELEGATION::/m);
    const junit = await runCli([...args, '--format', 'junit']);
    assert.match(junit.stdout, /<testsuites name="cdn-check audit" tests="2" failures="1"/);
    assert.match(junit.stdout, /<testcase classname="cdn-check.audit" name="www.single.test">\n {6}<failure message="--fail-on matched: CRITICAL_DNS"/);
    const prom = await runCli([...args, '--format', 'prometheus']);
    assert.match(prom.stdout, /^cdn_check_audit_critical\{target="www\.single\.test",role="dns"\} 1$/m);
    assert.match(prom.stdout, /^cdn_check_audit_provider_critical_share\{role="dns",provider="cloudflare",name="Cloudflare DNS"\} 0\.5$/m);
    assert.match(prom.stdout, /^cdn_check_audit_exit_code 6$/m);
  });

  it('-o writes the report to the file atomically and nothing to stdout; --report adds the JSON document whatever the format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdn-check-audit-out-'));
    try {
      const xml = join(dir, 'audit.xml');
      const json = join(dir, 'audit.json');
      writeFileSync(xml, 'old\n');
      const r = await runCli([...base, '--format', 'junit', '-o', xml, '--report', json, '--fail-on', 'critical-dns', 'www.single.test', 'twodns.test']);
      assert.equal(r.code, 6, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(readFileSync(xml, 'utf8'), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="cdn-check audit" tests="2" failures="1"/);
      const report = JSON.parse(readFileSync(json, 'utf8')) as { targets: { target: string }[]; exitCode: number };
      assert.deepEqual(auditReportErrors(report), []);
      assert.deepEqual(report.targets.map((t) => t.target), ['www.single.test', 'twodns.test']);
      assert.equal(report.exitCode, 6);
      const streamed = await runCli([...base, '--ndjson', '--report', json, 'deadns.test']);
      assert.equal(streamed.code, 0, streamed.stderr);
      assert.equal(streamed.stdout.trimEnd().split('\n').length, 2, 'NDJSON still on stdout: a target line and the summary');
      assert.deepEqual((JSON.parse(readFileSync(json, 'utf8')) as { targets: { target: string }[] }).targets.map((t) => t.target), ['deadns.test']);
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
      const missing = await runCli([...base, '--json', '-o', join(dir, 'missing', 'r.json'), 'twodns.test']);
      assert.equal(missing.code, 74);
      assert.match(missing.stderr, /^cdn-check: cannot write the report to .*r\.json: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--format github appends the job summary and step outputs to the files GitHub names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdn-check-audit-gh-'));
    try {
      const summary = join(dir, 'summary.md');
      const outputs = join(dir, 'outputs.txt');
      writeFileSync(outputs, 'earlier=1\n');
      const r = await runCli([...base, '--format', 'github', '--fail-on', 'ns-not-answering', 'www.single.test', 'deadns.test'], { env: { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs } });
      assert.equal(r.code, 6, r.stderr);
      assert.match(r.stdout, /^::error title=cdn-check audit%3A deadns\.test NS_NOT_ANSWERING::/m);
      const md = readFileSync(summary, 'utf8');
      assert.match(md, /^### cdn-check audit: 2 target\(s\), \d+ finding\(s\), 1 matching --fail-on, exit 6$/m);
      assert.match(md, /^\| www\.single\.test \| DNS, CDN \| CRITICAL_DNS, CRITICAL_CDN \|$/m);
      assert.match(md, /^\| deadns\.test \| .* \| .*NS_NOT_ANSWERING.* \|$/m);
      assert.match(md, /^\| dns \| Cloudflare DNS \| \d+ \| \d+ \| \d+\.\d%/m);
      const out = readFileSync(outputs, 'utf8');
      assert.match(out, /^earlier=1\nexit-code=6\nfindings=\{.*\}\n$/);
      const findings = JSON.parse(/^findings=(.*)$/m.exec(out)?.[1] ?? '{}') as Record<string, string[]>;
      assert.ok(findings['deadns.test']?.includes('NS_NOT_ANSWERING'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs as `cdn-check lab audit`: every audit site against its own lab, listed by lab --list', async () => {
    const r = await runCli(['lab', 'audit', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { targets: { target: string; audit: { findings: { code: string }[] } }[]; concentration: unknown[] };
    assert.deepEqual(auditReportErrors(report), []);
    assert.deepEqual(report.targets.map((t) => t.target), [...AUDIT_LAB_TARGETS]);
    const codes = new Set(report.targets.flatMap((t) => t.audit.findings.map((f) => f.code)));
    for (const code of ['CRITICAL_DNS', 'CRITICAL_CDN', 'CRITICAL_CA', 'CRITICAL_INDIRECT_DNS', 'NS_NOT_ANSWERING', 'NS_LAME_DELEGATION', 'SINGLE_CDN_PAGE_DEPENDENCY']) assert.ok(codes.has(code), `the lab shows ${code}`);
    assert.ok(report.concentration.length > 0);
    const list = await runCli(['lab', '--list']);
    assert.match(list.stdout, /^ {2}audit +synthetic +- +cdn-check audit on/m);
  });

  it('refuses bad input with one line and exit 64', async () => {
    const bad = [['--fail-on', 'nope', 'x.test'], ['--ns-port', '70000', 'x.test'], [], ['--format', 'xml', 'x.test'], ['--json', '--ndjson', 'x.test'], ['--quiet', '--format', 'junit', 'x.test']];
    bad.push(['-o', 'same.json', '--report', 'same.json', 'x.test'], ['--quiet', '-o', 'r.txt', 'x.test'], ['-o', 'dir/', 'x.test']);
    for (const args of bad) {
      const r = await runCli([...base, ...args]);
      assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });
});

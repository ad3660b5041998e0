// The audit's renderers from one fixed run (a site critical on DNS and CDN with a page on three CDNs, a lame
// delegation, a CDN on a third party's DNS), every format against its golden file, plain and coloured.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditTarget, concentration, type AuditFacts } from '../../../src/audit/analyze.ts';
import { renderAuditGithub, renderAuditJunit, renderAuditPrometheus, auditSummaryLine, auditTargetLine } from '../../../src/audit/render-ci.ts';
import { renderAuditJson, renderAuditTarget, renderConcentration, type AuditReport } from '../../../src/audit/render.ts';
import { makePalette } from '../../../src/render/palette.ts';
import { assertGolden } from '../../golden/golden.ts';
import { auditNdjsonLineErrors, auditReportErrors } from '../../helpers/schema.ts';

const ok = (name: string, authoritative = true) => ({ name, at: '127.0.0.1:53', answering: true, authoritative, error: null });
const FACTS: AuditFacts[] = [
  {
    host: 'www.shop.test',
    zone: 'shop.test',
    nameservers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
    nsError: null,
    nsChecks: [ok('ada.ns.cloudflare.com'), { name: 'bob.ns.cloudflare.com', at: '127.0.0.2:53', answering: false, authoritative: null, error: { code: 'TIMEOUT', message: 'dns: TIMEOUT from 127.0.0.2:53 for shop.test (NS)' } }],
    cdnByResolver: ['akamai'],
    tls: { ok: true, at: '127.20.0.1:443', issuer: 'Lab "Issuing" CA <1>', subjectAltNames: ['www.shop.test'], stapled: false },
    cdnDomains: [{ domain: 'akamaiedge.net', nameservers: ['a1-1.akam.net'], error: null }],
    page: {
      url: 'https://www.shop.test/',
      status: 200,
      truncated: false,
      error: null,
      resources: [
        { url: 'https://static.fastly.test/site.css', host: 'static.fastly.test', kind: 'stylesheet', renderBlocking: true },
        { url: 'https://img.cf.test/a.png', host: 'img.cf.test', kind: 'image', renderBlocking: false },
        { url: 'https://www.shop.test/b.png', host: 'www.shop.test', kind: 'image', renderBlocking: false },
      ],
      hosts: [{ host: 'static.fastly.test', cdn: 'fastly' }, { host: 'img.cf.test', cdn: 'cloudflare' }, { host: 'www.shop.test', cdn: 'akamai' }],
    },
  },
  {
    host: 'lame.test',
    zone: 'lame.test',
    nameservers: ['ns1.lame.test', 'ns.old-host.test'],
    nsError: null,
    nsChecks: [ok('ns1.lame.test'), ok('ns.old-host.test', false)],
    cdnByResolver: ['fastly'],
    tls: null,
    cdnDomains: [{ domain: 'fastly.net', nameservers: ['dns1.p01.nsone.net'], error: null }],
    page: null,
  },
];
const AUDITS = FACTS.map(auditTarget);
const REPORT: AuditReport = {
  schemaVersion: 1,
  tool: { name: 'cdn-check', version: '0.0.0-golden' },
  command: 'audit',
  startedAt: '2026-01-02T03:04:05.678Z',
  durationMs: 1234,
  exitCode: 6,
  targets: AUDITS.map((audit) => ({ target: audit.host, audit })),
  concentration: concentration(AUDITS),
  notChecked: ['late.test'],
  failOn: { codes: ['CRITICAL_DNS'], matched: 1 },
};

describe('audit renderer goldens', () => {
  for (const color of [false, true]) {
    it(`renders the targets and the concentration as ${color ? 'coloured' : 'plain'} text like its golden file`, () => {
      const palette = makePalette(color);
      const text = AUDITS.map((a) => renderAuditTarget(a, palette)).join('') + renderConcentration(REPORT.concentration, AUDITS.length, palette);
      assertGolden(`audit/run.${color ? 'ansi.txt' : 'txt'}`, text);
    });
  }
  it('renders JSON that the shipped schema describes completely, like its golden file', () => {
    assert.deepEqual(auditReportErrors(JSON.parse(renderAuditJson(REPORT))), []);
    assertGolden('audit/run.json', renderAuditJson(REPORT));
  });
  it('renders NDJSON lines that the schema describes completely, like its golden file', () => {
    const lines = AUDITS.map(auditTargetLine).join('') + auditSummaryLine({ targets: 2, concentration: REPORT.concentration, notChecked: REPORT.notChecked, failOn: REPORT.failOn, durationMs: 1234, exitCode: 6 });
    for (const l of lines.trimEnd().split('\n')) assert.deepEqual(auditNdjsonLineErrors(JSON.parse(l)), []);
    assertGolden('audit/run.ndjson', lines.replace(/"version":"[^"]+"/g, '"version":"0.0.0-golden"'));
  });
  it('renders GitHub annotations, JUnit XML and Prometheus text like their golden files', () => {
    assertGolden('audit/run.github.txt', renderAuditGithub(REPORT));
    assertGolden('audit/run.junit.xml', renderAuditJunit(REPORT));
    assertGolden('audit/run.prom', renderAuditPrometheus(REPORT));
  });
});

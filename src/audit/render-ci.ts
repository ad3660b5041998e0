// Audits in the machine formats: NDJSON lines (a target as it finishes, the run's concentration at the end), and
// the CI formats — GitHub annotations, JUnit XML, Prometheus text. Pure: plain data in, a string out.
import { escapeData, escapeProperty, markdownCell } from '../render/github.ts';
import { escapeUnsafe } from '../render/json.ts';
import { xmlEscape } from '../render/junit.ts';
import { renderFamilies, type Family } from '../render/prometheus.ts';
import { sanitize } from '../render/sanitize.ts';
import { VERSION } from '../version.ts';
import type { ConcentrationRow, Finding, TargetAudit } from './analyze.ts';
import type { AuditReport } from './render.ts';

const TOOL = { name: 'cdn-check', version: VERSION } as const;

const line = (value: unknown): string => `${escapeUnsafe(JSON.stringify(value))}\n`;

/** One NDJSON line: a target's audit, standing alone (schema version and tool on every line). */
export function auditTargetLine(audit: TargetAudit): string {
  return line({ schemaVersion: 1, tool: TOOL, command: 'audit', type: 'target', target: audit.host, audit });
}

/** One NDJSON line: a target the deadline left unaudited. */
export function auditNotCheckedLine(host: string): string {
  return line({ schemaVersion: 1, tool: TOOL, command: 'audit', type: 'not-checked', target: host });
}

/** The last NDJSON line: the run's concentration, what --fail-on matched and the exit code. */
export function auditSummaryLine(summary: { targets: number; concentration: ConcentrationRow[]; notChecked: string[]; failOn: AuditReport['failOn']; durationMs: number; exitCode: number }): string {
  return line({ schemaVersion: 1, tool: TOOL, command: 'audit', type: 'summary', ...summary });
}

const matches = (report: AuditReport) => {
  const wanted = new Set<string>(report.failOn.codes);
  return (f: Finding): boolean => wanted.has(f.code);
};

/**
 * GitHub workflow commands: one annotation per finding — an error when --fail-on names its code (it fails the
 * job: exit 6), a warning otherwise — then a plain closing line. Network text is sanitised, then escaped.
 */
export function renderAuditGithub(report: AuditReport): string {
  const failing = matches(report);
  const out: string[] = [];
  for (const { target, audit } of report.targets) {
    for (const f of audit.findings) {
      const title = `cdn-check audit: ${sanitize(target, 255)} ${f.code}`;
      out.push(`::${failing(f) ? 'error' : 'warning'} title=${escapeProperty(title)}::${escapeData(sanitize(f.message, 1024))}\n`);
    }
  }
  for (const host of report.notChecked) out.push(`::warning title=${escapeProperty(`cdn-check audit: ${sanitize(host, 255)} not checked`)}::${escapeData('not audited before --deadline')}\n`);
  const findings = report.targets.reduce((n, t) => n + t.audit.findings.length, 0);
  out.push(`cdn-check audit: ${report.targets.length} target(s), ${findings} finding(s), ${report.failOn.matched} matching --fail-on, exit ${report.exitCode}\n`);
  return out.join('');
}

/** Targets listed one per row in the job summary; GitHub caps a summary at 1 MiB, a long list says how many more. */
const SUMMARY_ROWS = 1000;

/**
 * The job summary (Markdown, appended to GITHUB_STEP_SUMMARY): a row per target with the roles it depends on
 * critically and its findings, the targets the deadline left, then the concentration table.
 */
export function auditGithubSummary(report: AuditReport): string {
  const findings = report.targets.reduce((n, t) => n + t.audit.findings.length, 0);
  const critical = (audit: TargetAudit): string => [audit.dns.critical && 'DNS', audit.cdn.critical && 'CDN', audit.ca?.critical && 'CA'].filter(Boolean).join(', ') || '-';
  const rows = report.targets.slice(0, SUMMARY_ROWS).map(({ target, audit }) => `| ${markdownCell(target)} | ${critical(audit)} | ${audit.findings.map((f) => f.code).join(', ') || '-'} |`);
  const unchecked = report.notChecked.slice(0, Math.max(0, SUMMARY_ROWS - rows.length)).map((host) => `| ${markdownCell(host)} | not checked before --deadline | - |`);
  const listed = rows.length + unchecked.length;
  const more = report.targets.length + report.notChecked.length - listed;
  const out = [
    `### cdn-check audit: ${report.targets.length} target(s), ${findings} finding(s), ${report.failOn.matched} matching --fail-on, exit ${report.exitCode}`,
    '',
    '| target | critical | findings |',
    '|---|---|---|',
    ...rows,
    ...unchecked,
    ...(more > 0 ? ['', `… and ${more} more target(s): see the JSON report (--report).`] : []),
  ];
  if (report.concentration.length > 0) {
    out.push('', '| role | provider | targets | critical | share |', '|---|---|---|---|---|');
    for (const row of report.concentration) out.push(`| ${row.role} | ${markdownCell(row.name)} | ${row.targets} | ${row.critical} | ${(row.share * 100).toFixed(1)}% |`);
  }
  return `${out.join('\n')}\n\n`;
}

/** Step outputs (appended to GITHUB_OUTPUT): `exit-code`, and `findings` as compact JSON ({ target: [codes] }). */
export function auditGithubOutputs(report: AuditReport): string {
  const findings = Object.fromEntries(report.targets.map(({ target, audit }) => [sanitize(target, 255), [...new Set(audit.findings.map((f) => f.code))]]));
  return `exit-code=${report.exitCode}\nfindings=${JSON.stringify(findings)}\n`;
}

/**
 * JUnit XML: one test case per target. It fails when it has a finding --fail-on names (the reason for exit 6);
 * its other findings are its output; a target not reached before the deadline is skipped.
 */
export function renderAuditJunit(report: AuditReport): string {
  const failing = matches(report);
  const text = (s: string, max = 1024): string => xmlEscape(sanitize(s, max));
  const cases = report.targets.map(({ target, audit }) => {
    const head = `    <testcase classname="cdn-check.audit" name="${text(target, 255)}">`;
    const failed = audit.findings.filter(failing);
    const listed = audit.findings.map((f) => `${f.code}: ${sanitize(f.message, 1024)}`).map(xmlEscape).join('\n');
    if (failed.length > 0) {
      const codes = [...new Set(failed.map((f) => f.code))].join(', ');
      return `${head}\n      <failure message="${xmlEscape(`--fail-on matched: ${codes}`)}" type="${codes}">${listed}</failure>\n    </testcase>`;
    }
    return `${head}\n      <system-out>${listed === '' ? 'no findings' : listed}</system-out>\n    </testcase>`;
  });
  const skipped = report.notChecked.map((host) => `    <testcase classname="cdn-check.audit" name="${text(host, 255)}">\n      <skipped message="not audited before --deadline"/>\n    </testcase>`);
  const tests = cases.length + skipped.length;
  const failures = report.targets.filter((t) => t.audit.findings.some(failing)).length;
  const time = (Math.max(0, report.durationMs) / 1000).toFixed(3);
  const attrs = `tests="${tests}" failures="${failures}" errors="0" skipped="${skipped.length}" time="${time}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cdn-check audit" ${attrs}>`,
    `  <testsuite name="cdn-check audit" ${attrs} timestamp="${xmlEscape(report.startedAt.replace(/(\.\d+)?Z$/, ''))}">`,
    ...cases,
    ...skipped,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * Prometheus text (for node_exporter's textfile collector): per target its critical roles and findings, per
 * provider the concentration — gauges a dashboard can alert on ("a second DNS provider went away").
 */
export function renderAuditPrometheus(report: AuditReport): string {
  const critical: Family = { name: 'cdn_check_audit_critical', help: 'Whether the target depends critically (one third-party provider, no backup) on a role: dns, cdn, ca', samples: [] };
  const finding: Family = { name: 'cdn_check_audit_findings', help: 'Findings of the target by stable code', samples: [] };
  const dependents: Family = { name: 'cdn_check_audit_provider_targets', help: 'Audited targets that depend on the provider', samples: [] };
  const criticalDependents: Family = { name: 'cdn_check_audit_provider_critical_targets', help: 'Audited targets that fail if the provider fails (indirect ones through a CDN included for DNS)', samples: [] };
  const share: Family = { name: 'cdn_check_audit_provider_critical_share', help: 'Share of audited targets that fail if the provider fails, 0-1 (indirect included)', samples: [] };
  const targets: Family = { name: 'cdn_check_audit_targets', help: 'Targets audited, and not audited before the deadline', samples: [] };
  const exit: Family = { name: 'cdn_check_audit_exit_code', help: 'The exit code of the audit (6: a --fail-on finding)', samples: [] };
  for (const { target, audit } of report.targets) {
    const roles: [string, boolean][] = [['dns', audit.dns.critical], ['cdn', audit.cdn.critical], ['ca', audit.ca?.critical ?? false]];
    for (const [role, value] of roles) critical.samples.push({ labels: { target, role }, value: value ? 1 : 0 });
    const counts = new Map<string, number>();
    for (const f of audit.findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
    for (const [code, n] of counts) finding.samples.push({ labels: { target, code }, value: n });
  }
  for (const row of report.concentration) {
    const labels = { role: row.role, provider: row.provider, name: row.name };
    dependents.samples.push({ labels, value: row.targets });
    criticalDependents.samples.push({ labels, value: row.critical + row.indirect });
    share.samples.push({ labels, value: row.shareWithIndirect });
  }
  targets.samples.push({ labels: { state: 'audited' }, value: report.targets.length }, { labels: { state: 'not-checked' }, value: report.notChecked.length });
  exit.samples.push({ labels: {}, value: report.exitCode });
  return renderFamilies([critical, finding, dependents, criticalDependents, share, targets, exit]);
}

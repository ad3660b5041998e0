// GitHub Actions output: workflow commands (annotations) on stdout, and the Markdown job summary and step outputs
// that the CLI layer appends to the files GITHUB_STEP_SUMMARY and GITHUB_OUTPUT name. Pure: strings in, strings out.
import type { Report, Status, TargetReport } from '../types.ts';
import { statusLabel } from './labels.ts';
import { sanitize } from './sanitize.ts';

/** Which annotation each verdict raises: outages and unknowns are errors, degraded a warning, the rest notices. */
const LEVEL: Record<Status, 'error' | 'warning' | 'notice'> = {
  'provider-outage': 'error',
  'site-outage': 'error',
  'local-network': 'error',
  inconclusive: 'error',
  degraded: 'warning',
  up: 'notice',
  fingerprinted: 'notice',
};

/** A workflow command's message: "%", CR and LF escaped, as the runner's command parser expects. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: the message escapes plus ":" and ",", which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(target: TargetReport): string {
  const { verdict } = target;
  const host = sanitize(target.host, 255);
  const title = `cdn-check: ${host} ${statusLabel(verdict.status)} (exit ${verdict.exitCode})`;
  // A line that starts "::" is a command, so every network string is sanitised first (no control characters,
  // hence no stray newline that could start a command of its own), then escaped.
  const reasons = verdict.reasons.map((r) => `· ${sanitize(r, 1024)}`);
  const message = [sanitize(verdict.summary, 1024), ...reasons].join('\n');
  return `::${LEVEL[verdict.status]} title=${escapeProperty(title)}::${escapeData(message)}\n`;
}

/** The annotations: one per target, then a plain overall line (which the runner shows as log text). */
export function renderGithub(report: Report): string {
  const lines = report.targets.map(annotation);
  lines.push(`cdn-check: ${report.targets.length} target${report.targets.length === 1 ? '' : 's'}, exit ${report.exitCode}\n`);
  return lines.join('');
}

/** A Markdown table cell: sanitised, pipes escaped, on one line. */
export function markdownCell(text: string): string {
  return sanitize(text, 300).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** The job summary: a heading and one table row per target. */
export function githubSummary(report: Report): string {
  const rows = report.targets.map((t) => `| ${markdownCell(t.host)} | ${statusLabel(t.verdict.status)} | ${t.verdict.exitCode} | ${markdownCell(t.verdict.provider ?? '-')} | ${markdownCell(t.verdict.summary)} |`);
  return [`### cdn-check: exit ${report.exitCode}`, '', '| target | verdict | exit | provider | summary |', '|---|---|---|---|---|', ...rows, ''].join('\n') + '\n';
}

/** Step outputs, one `name=value` line each: `exit-code`, and `verdicts` as compact JSON ({ host: status }). */
export function githubOutputs(report: Report): string {
  const verdicts = Object.fromEntries(report.targets.map((t) => [sanitize(t.host, 255), t.verdict.status]));
  return `exit-code=${report.exitCode}\nverdicts=${JSON.stringify(verdicts)}\n`;
}

// JUnit XML, the format every CI's test reporter reads: one test case per target. A site or provider outage is a
// failure; local-network and inconclusive are skipped (the target could not be judged from here), the rest pass.
import type { Report, TargetReport } from '../types.ts';
import { statusLabel } from './labels.ts';
import { sanitize } from './sanitize.ts';

/** XML 1.0 text or attribute: the five predefined entities; sanitise first drops characters XML cannot carry. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);
const text = (s: string, max = 1024): string => xmlEscape(sanitize(s, max));

function outcome(target: TargetReport): 'failure' | 'skipped' | 'pass' {
  const status = target.verdict.status;
  if (status === 'site-outage' || status === 'provider-outage') return 'failure';
  if (status === 'local-network' || status === 'inconclusive') return 'skipped';
  return 'pass';
}

function testcase(target: TargetReport): string {
  const { verdict } = target;
  const head = `    <testcase classname="cdn-check" name="${text(target.host, 255)}" time="${seconds(target.durationMs)}"`;
  const body = [sanitize(verdict.summary, 1024), ...verdict.reasons.map((r) => `· ${sanitize(r, 1024)}`)].map(xmlEscape).join('\n');
  const message = `${statusLabel(verdict.status)}: ${sanitize(verdict.summary, 1024)}`;
  switch (outcome(target)) {
    case 'failure':
      return `${head}>\n      <failure message="${xmlEscape(message)}" type="${verdict.status}">${body}</failure>\n    </testcase>`;
    case 'skipped':
      return `${head}>\n      <skipped message="${xmlEscape(message)}"/>\n    </testcase>`;
    case 'pass':
      return `${head}>\n      <system-out>${xmlEscape(message)}</system-out>\n    </testcase>`;
  }
}

/** The report as a JUnit XML document: <testsuites> with one <testsuite name="cdn-check">. */
export function renderJunit(report: Report): string {
  const failures = report.targets.filter((t) => outcome(t) === 'failure').length;
  const skipped = report.targets.filter((t) => outcome(t) === 'skipped').length;
  const tests = report.targets.length;
  const time = seconds(report.durationMs);
  const timestamp = report.startedAt.replace(/\.\d+Z$/, '').replace(/Z$/, '');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cdn-check" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}">`,
    `  <testsuite name="cdn-check" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}" timestamp="${xmlEscape(timestamp)}" hostname="localhost" id="0" package="cdn-check">`,
    '    <properties/>',
    ...report.targets.map(testcase),
    '    <system-out/>',
    '    <system-err/>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

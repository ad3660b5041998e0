// The text report (the default): one block per target, then the correlation across targets and an overall line.
import type { Report, Status, TargetReport } from '../types.ts';
import { formatMs, statusLabel } from './labels.ts';
import type { Palette } from './palette.ts';
import { sanitize } from './sanitize.ts';
import { dnsBlock, edgesBlock, peersBlock, popBlock, providersBlock, table, title, verdictBlock, type SectionContext } from './sections.ts';
import { edgeDetailBlocks, resolversBlock } from './verbose.ts';
import { vantageBlock } from './vantage.ts'; // [vantage]
import { statusBlock } from './status.ts';

export interface TextOptions {
  palette: Palette;
  verbose: boolean;
  /** Screen width; wide columns (names, data, messages) wrap inside their cells and free text wraps at words to fit. No limit when undefined. */
  width?: number;
  /** Display name of a provider id, for canaries, controls, hop owners and correlation. */
  names?: (id: string) => string;
}

/**
 * The default name lookup: display names the report itself carries (each target's CDN, stacked layers and DNS host;
 * a CDN name wins over a DNS-host name for the same id), else the id unchanged.
 */
function namesFromReport(report: Report): (id: string) => string {
  const known = new Map<string, string>();
  for (const target of report.targets) {
    for (const match of [target.providers.cdn, ...target.providers.layers]) if (match && !known.has(match.id)) known.set(match.id, match.name);
  }
  for (const target of report.targets) {
    const dns = target.providers.dns;
    if (dns && !known.has(dns.id)) known.set(dns.id, dns.name);
  }
  return (id) => known.get(id) ?? id;
}

function peersKey(target: TargetReport): string {
  return JSON.stringify([target.canaries, target.controls]);
}

function targetBlock(target: TargetReport, ctx: SectionContext, sameAs: string | null): string {
  // Never reached before --deadline: one line, so thousands of them stay a list rather than pages.
  if (target.notChecked) {
    return `${ctx.palette.strong(sanitize(target.host, 255))}  ${ctx.palette.status('inconclusive', 'NOT CHECKED')}  ${ctx.palette.muted(sanitize(target.notChecked.message, 200))}`;
  }
  const sections: string[][] = [
    verdictBlock(target, ctx),
    statusBlock(target, ctx),
    dnsBlock(target, ctx),
    ...(ctx.verbose ? [resolversBlock(target, ctx)] : []),
    edgesBlock(target, ctx),
    ...(ctx.verbose ? edgeDetailBlocks(target, ctx) : []),
    providersBlock(target, ctx),
    popBlock(target, ctx),
    peersBlock(target, ctx, sameAs),
    vantageBlock(target, ctx), // [vantage] "From elsewhere" (--from only)
  ];
  return sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n');
}

function correlationBlock(report: Pick<Report, 'correlation'>, ctx: SectionContext): string {
  const rows = report.correlation.map((entry) => [
    ctx.name(entry.provider),
    { text: `${entry.down}/${entry.total} down`, style: entry.down === 0 ? ctx.palette.good : entry.down === entry.total ? ctx.palette.bad : ctx.palette.warn },
  ]);
  return [title(ctx, 'Correlation across targets'), table(ctx, [{ head: 'provider' }, { head: 'targets' }], rows)].join('\n');
}

/**
 * A single target's answer again, short, as the report's last line: after the tables have scrolled the verdict
 * off an 80×24 screen, the last thing on it is still the answer. "paytm.com  PROVIDER OUTAGE · exit 2"
 */
function closingLine(target: TargetReport, palette: Palette): string {
  return `${palette.strong(sanitize(target.host, 255))}  ${palette.status(target.verdict.status, statusLabel(target.verdict.status))} ${palette.muted(`· exit ${target.verdict.exitCode}`)}`;
}

/** Statuses in the order the overall line lists them: worst news first. */
const STATUS_ORDER: Status[] = ['provider-outage', 'site-outage', 'local-network', 'inconclusive', 'degraded', 'up', 'fingerprinted'];

/** "3 targets: 2 PROVIDER OUTAGE, 1 UP · exit 2 · 3204ms" */
function overallLine(statuses: Partial<Record<Status, number>>, report: Pick<Report, 'exitCode' | 'durationMs'>, palette: Palette, width?: number): string {
  const counts = STATUS_ORDER.map((status) => ({ status, n: statuses[status] ?? 0 })).filter((c) => c.n > 0);
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  const tally = counts.map((c) => `${c.n} ${palette.status(c.status, statusLabel(c.status))}`).join(', ');
  const plainLength = `Overall  ${total} targets: ${counts.map((c) => `${c.n} ${statusLabel(c.status)}`).join(', ')} · exit ${report.exitCode} · ${formatMs(report.durationMs)}`.length;
  // Too wide: the exit code and time go under the tally rather than the terminal splitting a word.
  const gap = width !== undefined && plainLength > width ? `\n${' '.repeat(9)}` : ' ';
  return `${palette.strong('Overall')}  ${total} targets: ${tally}${gap}${palette.muted(`· exit ${report.exitCode} · ${formatMs(report.durationMs)}`)}`;
}

function countStatuses(targets: readonly TargetReport[]): Partial<Record<Status, number>> {
  const counts: Partial<Record<Status, number>> = {};
  for (const t of targets) counts[t.verdict.status] = (counts[t.verdict.status] ?? 0) + 1;
  return counts;
}

function contextOf(options: TextOptions, report: Report | null): SectionContext {
  const name = options.names ?? (report ? namesFromReport(report) : (id: string) => id);
  return { palette: options.palette, verbose: options.verbose, width: options.width, name };
}

/** One target's block of a sweep's text report, written as soon as it is decided (blocks are separated by a blank line). */
export function renderTextTarget(target: TargetReport, options: TextOptions): string {
  return `${targetBlock(target, contextOf(options, null), null)}\n\n`;
}

/** The end of a sweep's text report: the correlation table when something was down, and the overall line. */
export function renderTextEnd(statuses: Partial<Record<Status, number>>, report: Pick<Report, 'exitCode' | 'durationMs' | 'correlation'>, options: TextOptions): string {
  const ctx = contextOf(options, null);
  const blocks = report.correlation.some((entry) => entry.down > 0) ? [correlationBlock(report, ctx)] : [];
  blocks.push(overallLine(statuses, report, options.palette, options.width));
  return `${blocks.join('\n\n')}\n`;
}

/**
 * Renders the whole report as text. Every string from the network is sanitised; failures show as code and message.
 * One target: its block, then its verdict line again in short form (unless it was never checked). Several: one block each (canaries and controls identical to an earlier target's are
 * summarised as "same as <host>"), then the correlation table when there is one, then one overall line.
 * Always ends with a newline; an empty report renders as "no targets".
 */
export function renderText(report: Report, options: TextOptions): string {
  const ctx = contextOf(options, report);
  if (report.targets.length === 0) return 'no targets\n';
  const seen = new Map<string, string>();
  const blocks = report.targets.map((target) => {
    const key = peersKey(target);
    const block = targetBlock(target, ctx, ctx.verbose ? null : (seen.get(key) ?? null));
    if (!seen.has(key)) seen.set(key, sanitize(target.host, 255));
    return block;
  });
  if (report.targets.length > 1) {
    // Targets as evidence for each other matter only when something is down.
    if (report.correlation.some((entry) => entry.down > 0)) blocks.push(correlationBlock(report, ctx));
    blocks.push(overallLine(countStatuses(report.targets), report, options.palette, options.width));
  } else {
    const only = report.targets[0];
    if (only && !only.notChecked) blocks.push(closingLine(only, options.palette));
  }
  return `${blocks.join('\n\n')}\n`;
}

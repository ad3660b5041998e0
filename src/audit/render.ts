// Renders audits: text (per target its DNS and CDN dependencies and findings, then the concentration table) and
// JSON (an `audit` per target and a `concentration` for the run). Pure: plain data in, a string out.
import { escapeUnsafe } from '../render/json.ts';
import type { Palette } from '../render/palette.ts';
import { sanitize } from '../render/sanitize.ts';
import { renderTable } from '../render/table.ts';
import type { ConcentrationRow, IndirectDependency, PageAudit, TargetAudit } from './analyze.ts';

export interface AuditReport {
  schemaVersion: 1;
  tool: { name: 'cdn-check'; version: string };
  command: 'audit';
  startedAt: string;
  targets: { target: string; audit: TargetAudit }[];
  /** Per role and third-party provider: dependents, critical dependents and their share of all targets. */
  concentration: ConcentrationRow[];
  /** Targets not audited before the deadline. */
  notChecked: string[];
  /** The --fail-on codes, and how many findings matched them (the reason for exit 6). */
  failOn: { codes: string[]; matched: number };
  durationMs: number;
  exitCode: number;
}

export function renderAuditJson(report: AuditReport): string {
  return `${escapeUnsafe(JSON.stringify(report, null, 2))}\n`;
}

/** One target: the headline (critical or redundant per role), the DNS providers, the NS checks, the findings. */
export function renderAuditTarget(audit: TargetAudit, palette: Palette): string {
  const s = (text: string): string => sanitize(text, 300);
  const mark = (critical: boolean, redundant: boolean): string =>
    critical ? palette.bad('critical') : redundant ? palette.good('redundant') : palette.muted('—');
  const lines: string[] = [];
  lines.push(`${palette.strong(s(audit.host))}  DNS ${mark(audit.dns.critical, audit.dns.redundant)}${audit.dns.ownership ? palette.muted(` (${audit.dns.ownership})`) : ''}  CDN ${mark(audit.cdn.critical, audit.cdn.redundant)}${audit.cdn.providers.length ? palette.muted(` (${audit.cdn.providers.map((p) => s(p.name)).join(', ')})`) : ''}${caPart(audit, palette)}`);
  if (audit.dns.providers.length > 0) {
    const answering = new Map(audit.dns.nsChecks.map((c) => [c.name, c]));
    const rows = audit.dns.providers.flatMap((g) =>
      g.nameservers.map((ns) => {
        const check = answering.get(ns);
        const state = !check
          ? palette.muted('not asked')
          : !check.answering
            ? palette.bad(`no: ${s(check.error?.code ?? '?')}`)
            : check.authoritative === false
              ? palette.warn('answers, not authoritative')
              : palette.good('answers');
        return [s(g.name), g.ownership, s(ns), state];
      }),
    );
    lines.push(renderTable([{ head: 'DNS provider' }, { head: 'kind' }, { head: 'NS', flex: true }, { head: 'for the zone' }], rows, { palette, indent: 2 }).trimEnd());
  }
  for (const dep of audit.indirect) lines.push(`  ${palette.muted('behind')} ${s(dep.cdnName)} ${palette.muted(`(${s(dep.domain)})`)}: ${indirectHosts(dep, palette)}`);
  if (audit.page) lines.push(...pageLines(audit.page, palette));
  for (const f of audit.findings) lines.push(`  ${palette.warn(f.code)}  ${s(f.message)}`);
  return `${lines.join('\n')}\n`;
}

/** The page's hosts by CDN: "if Akamai fails, 14 of 31 hosts this page loads fail with it", render-blocking ones named. */
function pageLines(page: PageAudit, palette: Palette): string[] {
  const s = (text: string): string => sanitize(text, 300);
  const head = `  ${palette.muted('page')} ${s(page.url)}${page.status !== null ? palette.muted(` (${page.status})`) : ''}`;
  if (page.error) return [`${head}  ${palette.muted(`not read: ${s(page.error.code)}`)}`];
  const lines = [`${head}  ${page.hosts} host(s), ${page.resources} resource(s)${page.truncated ? palette.muted(' (HTML cut at 1 MiB)') : ''}`];
  for (const g of page.providers) {
    const blocking = g.renderBlocking.length > 0 ? palette.bad(` — render-blocking: ${g.renderBlocking.map(s).join(', ')}`) : '';
    const what = g.provider === null ? `${g.hosts.length} of ${page.hosts} host(s) with no CDN named` : `if ${s(g.name)} fails, ${g.hosts.length} of ${page.hosts} host(s) this page loads fail with it`;
    lines.push(`    ${what}${blocking}`);
  }
  return lines;
}

/** "Akamai Edge DNS (the CDN's own)", "NS1 (third-party, critical)", or why the domain's NS could not be read. */
function indirectHosts(dep: IndirectDependency, palette: Palette): string {
  if (dep.error) return palette.muted(`NS not read: ${sanitize(dep.error.code, 60)}`);
  const kind = (g: IndirectDependency['providers'][number]): string => (g.ownership === 'private' ? "the CDN's own" : dep.critical ? palette.bad('third-party, critical') : 'third-party');
  return dep.providers.map((g) => `${sanitize(g.name, 80)} ${palette.muted('(')}${kind(g)}${palette.muted(')')}`).join(', ');
}

/** "  CA critical (issuer, no OCSP stapling)", or why the certificate could not be read; empty when not asked. */
function caPart(audit: TargetAudit, palette: Palette): string {
  const ca = audit.ca;
  if (!ca) return '';
  if (ca.error) return `  CA ${palette.muted(`not read: ${sanitize(ca.error.code, 60)}`)}`;
  const detail = `${sanitize(ca.issuer ?? 'unnamed issuer', 80)}, ${ca.stapled ? 'staples OCSP' : 'no OCSP stapling'}`;
  return `  CA ${ca.critical ? palette.bad('critical') : palette.good(ca.ownership === 'private' ? 'private' : 'stapled')}${palette.muted(` (${detail})`)}`;
}

/** The run's concentration table, one row per role and provider; empty string when there is nothing to show. */
export function renderConcentration(rows: readonly ConcentrationRow[], total: number, palette: Palette): string {
  if (rows.length === 0) return '';
  const cells = rows.map((r) => [r.role, sanitize(r.name, 80), String(r.targets), String(r.critical), `${(r.share * 100).toFixed(1)}%`, r.role === 'dns' ? String(r.indirect) : '', r.role === 'dns' ? `${(r.shareWithIndirect * 100).toFixed(1)}%` : '']);
  const table = renderTable(
    [
      { head: 'role' },
      { head: 'provider', flex: true },
      { head: 'targets', align: 'right' },
      { head: 'critical', align: 'right' },
      { head: `share of ${total}`, align: 'right' },
      { head: 'via CDN', align: 'right' },
      { head: 'with via CDN', align: 'right' },
    ],
    cells,
    { palette },
  );
  return `\n${palette.strong('Concentration')} ${palette.muted('(targets that fail if the provider fails: critical)')}\n${table.trimEnd()}\n`;
}

// "From elsewhere": what Globalping's probes saw of one target, one row per probe grouped by country,
// with the scope the verdict drew from them. Every string came from a third-party API: all sanitised.
import type { TargetReport } from '../types.ts';
import type { VantageProbe, VantageReport } from '../vantage/types.ts';
import { formatMs } from './labels.ts';
import { sanitize } from './sanitize.ts';
import { failureLine, hanging, table, title, type SectionContext } from './sections.ts';
import type { Cell, Column } from './table.ts';

const SCOPE_LABEL = { global: 'everywhere', regional: 'regional', local: 'only here' } as const;

export function vantageBlock(target: TargetReport, ctx: SectionContext): string[] {
  const v = target.vantage;
  if (!v) return [];
  const scope = target.verdict.scope;
  const note = `via Globalping${scope ? ` · scope: ${SCOPE_LABEL[scope]}` : ''}${rateNote(v)}`;
  const lines = [title(ctx, 'From elsewhere', note)];
  if (v.error) lines.push(failureLine(ctx, v.error.code, `remote vantage unavailable: ${v.error.message}`));
  if (v.probes.length > 0) {
    const columns: Column[] = [
      { head: 'location' },
      { head: 'network', flex: true },
      { head: 'DNS', flex: true },
      { head: 'HTTP' },
      { head: 'dns', align: 'right' },
      { head: 'tcp', align: 'right' },
      { head: 'tls', align: 'right' },
      { head: 'first byte', align: 'right' },
      { head: 'result', flex: true },
    ];
    // Grouped by country (stable: the sort keeps the API's order within a country).
    const probes = [...v.probes].sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
    lines.push(table(ctx, columns, probes.map((p) => row(p, ctx))));
  }
  if (ctx.verbose) {
    for (const m of v.measurements) lines.push(hanging(ctx, 4, '', `${m.type} measurement ${sanitize(m.id, 64)} (${sanitize(m.status, 20)}): ${sanitize(m.url, 200)}`, { text: ctx.palette.muted }));
  }
  return lines;
}

function row(p: VantageProbe, ctx: SectionContext): Cell[] {
  const t = p.http?.timings;
  const ms = (n: number | null | undefined) => (n === null || n === undefined ? { text: '-', style: ctx.palette.muted } : formatMs(n));
  const style = p.health === 'up' ? ctx.palette.good : p.health === 'down' ? ctx.palette.bad : ctx.palette.muted;
  return [
    sanitize(`${p.country}${p.city ? ` ${p.city}` : ''}`, 40),
    sanitize(`${p.asn !== null ? `AS${p.asn} ` : ''}${p.network ?? ''}`, 60),
    dnsCell(p),
    p.http?.statusCode !== null && p.http?.statusCode !== undefined ? String(p.http.statusCode) : { text: p.http ? sanitize(p.http.status, 16) : '-', style: ctx.palette.muted },
    ms(t?.dns),
    ms(t?.tcp),
    ms(t?.tls),
    ms(t?.firstByte),
    { text: sanitize(p.detail ?? p.health, 200), style },
  ];
}

/** "NOERROR 127.20.0.1" (the last address of the chain), or the rcode / status alone. */
function dnsCell(p: VantageProbe): string {
  if (!p.dns) return '-';
  const last = [...p.dns.answers].reverse().find((a) => a.type === 'A' || a.type === 'AAAA');
  return sanitize(`${p.dns.rcode ?? p.dns.status}${last ? ` ${last.value}` : ''}`, 80);
}

function rateNote(v: VantageReport): string {
  const r = v.rateLimit;
  return r?.remaining !== null && r?.remaining !== undefined ? ` · ${r.remaining} tests left this hour` : '';
}

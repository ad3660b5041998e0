// The --verbose additions to a target's text block: every resolver's outcome, disagreements, and each edge's
// certificate, response headers and error body.
import type { EdgeProbe, HeaderMap, HttpResult, TargetReport, TlsResult } from '../types.ts';
import { failedStep, formatMs } from './labels.ts';
import { boundedList, table, title, type SectionContext } from './sections.ts';
import { sanitize, sanitizeMultiline } from './sanitize.ts';
import type { Cell } from './table.ts';

/** Lines of an error body shown in verbose mode, and the characters they may hold. */
const BODY_LINES = 12;
const BODY_CHARS = 1200;

/** What each resolver said, and the names they answered differently. Empty for single-resolver runs that agree. */
export function resolversBlock(target: TargetReport, ctx: SectionContext): string[] {
  const dns = target.dns;
  if (!dns || dns.byResolver.length === 0) return [];
  const { palette } = ctx;
  const rows: Cell[][] = dns.byResolver.map((outcome) => [
    sanitize(outcome.resolver, 64),
    outcome.ok ? { text: 'ok', style: palette.good } : { text: sanitize(outcome.error?.code ?? 'no address', 40), style: palette.bad },
    outcome.ok ? boundedList(outcome.addresses, 'address', (a) => sanitize(a, 64)) || '-' : sanitize(outcome.error?.message ?? 'no address', 300),
  ]);
  const lines = [title(ctx, 'Resolvers'), table(ctx, [{ head: 'resolver' }, { head: 'outcome' }, { head: 'addresses / error', flex: true }], rows)];
  if (dns.disagreements.length > 0) {
    const disagreements: Cell[][] = dns.disagreements.flatMap((d) =>
      d.answers.map((answer, i) => [
        i === 0 ? `${sanitize(d.name, 255)} ${d.type}` : '',
        sanitize(answer.resolver, 64),
        { text: sanitize(answer.rcode, 32), style: answer.rcode === 'NOERROR' ? palette.good : palette.bad },
        answer.data.map((x) => sanitize(x, 255)).join(', ') || '-',
      ]),
    );
    lines.push(title(ctx, 'Disagreements'), table(ctx, [{ head: 'name' }, { head: 'resolver' }, { head: 'rcode' }, { head: 'answers', flex: true }], disagreements));
  }
  return lines;
}

function certRows(tls: TlsResult, ctx: SectionContext): Cell[][] {
  const { palette } = ctx;
  const rows: Cell[][] = [
    ['TLS', [tls.protocol, tls.cipher, tls.alpn ? `ALPN ${tls.alpn}` : null].filter((x): x is string => x !== null).map((x) => sanitize(x, 64)).join(' · ') || '-'],
    ['subject', sanitize(tls.subject ?? '-', 255)],
    ['SANs', tls.subjectAltNames.map((san) => sanitize(san, 255)).join(', ') || '-'],
    ['issuer', sanitize(tls.issuer ?? '-', 255)],
    ['valid', `${sanitize(tls.validFrom ?? '', 40) || '?'} → ${sanitize(tls.validTo ?? '', 40) || '?'}`],
  ];
  const verifyError = tls.verifyError;
  rows.push([
    'verified',
    tls.verified ? { text: 'yes', style: palette.good } : { text: verifyError ? `no: ${sanitize(verifyError.code, 64)} ${sanitize(verifyError.message, 300)}` : 'no', style: palette.bad },
  ]);
  return rows;
}

/** Each header value on its own row, under one "headers" label; a repeated header shows once per value. */
function headerRows(headers: HeaderMap): Cell[][] {
  const lines = Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${sanitize(name, 64)}: ${sanitize(v, 300)}`));
  return lines.map((line, i) => [i === 0 ? 'headers' : '', line]);
}

/** The first lines of an error body, each sanitised, as one multi-line cell; a cut body says so on its last line. */
function bodyText(http: HttpResult): string {
  const lines = sanitizeMultiline(http.body, BODY_CHARS).trim().split('\n');
  const cut = lines.length > BODY_LINES || http.bodyTruncated || http.body.length > BODY_CHARS;
  return [...lines.slice(0, BODY_LINES), ...(cut ? ['… (body cut)'] : [])].join('\n');
}

/** "proxy 127.0.0.1:3128 · CONNECT 200 in 1.2ms", or just the proxy when no tunnel was asked for. */
function tunnelText(probe: EdgeProbe): string {
  const tunnel = probe.tunnel;
  const connect = tunnel ? ` · CONNECT ${tunnel.status ?? tunnel.error?.code ?? 'failed'}${tunnel.ms !== null ? ` in ${formatMs(tunnel.ms)}` : ''}` : '';
  return sanitize(`${probe.via ?? ''}${connect}`, 200);
}

function edgeDetail(probe: EdgeProbe, ctx: SectionContext, bodies: Map<string, string>, ptrs: Record<string, string> | undefined): string[] {
  const rows: Cell[][] = [];
  const address = probe.family === 6 ? `[${probe.address}]:${probe.port}` : `${probe.address}:${probe.port}`;
  const ptr = ptrs?.[probe.address];
  if (ptr) rows.push(['PTR', sanitize(ptr, 255)]);
  if (probe.via) rows.push(['via', tunnelText(probe)]);
  if (probe.tls && (probe.tls.ok || probe.tls.subject !== null)) rows.push(...certRows(probe.tls, ctx));
  const failed = failedStep(probe);
  if (failed) rows.push([failed.step, { text: `${sanitize(failed.result.error?.code ?? 'FAILED', 40)} ${sanitize(failed.result.error?.message ?? '', 300)}`, style: ctx.palette.bad }]);
  const http = probe.http;
  if (http) {
    if (http.location) rows.push(['location', sanitize(http.location, 300)]);
    rows.push(...headerRows(http.headers));
    if (http.status !== null && http.status >= 400 && http.body.trim() !== '') {
      const body = bodyText(http);
      const first = bodies.get(body);
      rows.push(['body', first === undefined ? { text: body, style: ctx.palette.muted } : `same as ${first}`]);
      if (first === undefined) bodies.set(body, address);
    }
  }
  const lines = [title(ctx, `Edge ${sanitize(address, 64)}`)];
  if (rows.length > 0) lines.push(table(ctx, [{ head: '' }, { head: '', flex: true }], rows));
  return lines;
}

/** One detail block per probed edge: PTR, TLS and certificate, the failure if any, headers, the error body (once per distinct body). */
export function edgeDetailBlocks(target: TargetReport, ctx: SectionContext): string[][] {
  const bodies = new Map<string, string>();
  return target.probes.map((probe) => edgeDetail(probe, ctx, bodies, target.dns?.ptr));
}

// The blocks of one target in the text report: verdict, DNS chain, edges, providers, POP, canaries and controls.
import type { CanaryResult, ControlResult, EdgeProbe, Evidence, Hop, ProviderMatch, StepResult, TargetReport } from '../types.ts';
import { failedStep, formatMs, statusLabel } from './labels.ts';
import type { Palette } from './palette.ts';
import { sanitize } from './sanitize.ts';
import { renderTable, wrapLine, type Cell, type Column } from './table.ts';

/** What every section needs: the palette, verbosity, the screen width and how to name a provider id. */
export interface SectionContext {
  palette: Palette;
  verbose: boolean;
  width?: number;
  name: (id: string) => string;
}

/** Evidence shown per provider before "+N more" when not verbose. */
const EVIDENCE_SHOWN = 2;

type Style = (text: string) => string;

/** Below this many columns left for the text after its lead, continuation lines hang at the indent instead. */
const MIN_HANG_TEXT = 24;

/**
 * A line of free text: `indent` spaces, a `lead` ("✗ SERVFAIL  ", "· ", "DNS  ") styled as given, then `text`.
 * With a width it wraps at words, continuation lines hanging under the text (or under the lead when that would
 * leave too little room); a word wider than the line is broken rather than run past the screen's edge.
 * Both `lead` and `text` must already be sanitised. Returns the lines joined with "\n".
 */
export function hanging(ctx: SectionContext, indent: number, lead: string, text: string, styles: { lead?: Style; text?: Style } = {}): string {
  const leadStyle = styles.lead ?? ((t: string) => t);
  const textStyle = styles.text ?? ((t: string) => t);
  const styledLead = lead === '' ? '' : `${leadStyle(lead.trimEnd())}${lead.slice(lead.trimEnd().length)}`;
  const leadWidth = Array.from(lead).length;
  const { width } = ctx;
  if (width === undefined || indent + leadWidth + Array.from(text).length <= width) return `${' '.repeat(indent)}${styledLead}${text === '' ? '' : textStyle(text)}`;
  const hang = width - indent - leadWidth >= MIN_HANG_TEXT ? indent + leadWidth : indent + 2;
  const firstRoom = Math.max(1, width - indent - leadWidth);
  const room = Math.max(1, width - hang);
  const words = wrapWords(text, firstRoom);
  // A first word too long for the rest of the lead's line, that a whole line would hold, starts on the next one.
  const first = Array.from(words[0] ?? '').length > firstRoom && Array.from(words[0] ?? '').length <= room ? '' : (words.shift() ?? '');
  const [head = '', ...spill] = wrapLine(first, firstRoom);
  const rest = wrapWords([...spill, ...words].join(' '), room).flatMap((line) => wrapLine(line, room));
  return [`${' '.repeat(indent)}${styledLead}${head === '' ? '' : textStyle(head)}`.trimEnd(), ...rest.map((line) => `${' '.repeat(hang)}${textStyle(line)}`)].join('\n');
}

/** A section title at two spaces, with an optional muted note on the same line (wrapping under itself). */
export function title(ctx: SectionContext, text: string, note?: string): string {
  return hanging(ctx, 2, note ? `${text}  ` : text, note ? sanitize(note) : '', { lead: ctx.palette.strong, text: ctx.palette.muted });
}

/** A failure as its code and message, never a blank; `what` names the step when the message does not. */
export function failureLine(ctx: SectionContext, code: string, message: string, what?: string): string {
  return hanging(ctx, 4, `✗ ${what ? `${what} ` : ''}${sanitize(code, 64)}  `, sanitize(message), { lead: ctx.palette.bad });
}

/** A warning under a section: "! what: detail", the detail wrapping under itself. */
function warningLine(ctx: SectionContext, what: string, detail: string): string {
  return hanging(ctx, 4, `! ${what}: `, detail, { lead: ctx.palette.warn });
}

export function table(ctx: SectionContext, columns: Column[], rows: Cell[][]): string {
  return renderTable(columns, rows, { palette: ctx.palette, width: ctx.width });
}

const dash = (ctx: SectionContext): Cell => ({ text: '-', style: ctx.palette.muted });

/** Records of one name and type listed in the text report (a screenful); the JSON keeps them all. */
export const RECORDS_SHOWN = 10;

/** "a, b, c" — or, past RECORDS_SHOWN items, the first of them and "+5,990 more addresses". Only those shown are formatted. */
export function boundedList(items: readonly string[], noun: string, format: (item: string) => string): string {
  const shown = items.slice(0, RECORDS_SHOWN).map(format).join(', ');
  const more = items.length - RECORDS_SHOWN;
  return more <= 0 ? shown : `${shown} +${more.toLocaleString('en-US')} more ${noun}${more === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
}

// ───────────────────────────── verdict ─────────────────────────────

/**
 * `host  STATUS  summary`, then the URL, exit code, a provider outage's extent and time, then the verdict's reasons (those the summary
 * does not already say). With a width, the summary wraps at word boundaries under itself, never mid-word.
 */
export function verdictBlock(target: TargetReport, ctx: SectionContext): string[] {
  const { palette } = ctx;
  const { verdict } = target;
  const host = sanitize(target.host, 255);
  const label = statusLabel(verdict.status);
  const summary = sanitize(verdict.summary, 1024).trim();
  const lead = `${host}  ${label}  `;
  const leadWidth = Array.from(lead).length;
  // On a narrow screen the summary starts on its own line under the host, so it still wraps at words.
  const head =
    ctx.width === undefined || ctx.width - leadWidth >= MIN_HANG_TEXT
      ? [hanging(ctx, 0, lead, summary, { lead: () => `${palette.strong(host)}  ${palette.status(verdict.status, label)}` })]
      : [`${palette.strong(host)}  ${palette.status(verdict.status, label)}`, hanging(ctx, 2, '', summary)];
  // A provider outage says how far it reaches, in the words scripts read from --json (verdict.extent).
  const extent = verdict.extent ? ` · extent ${verdict.extent}` : '';
  const meta = hanging(ctx, 2, '', `${sanitize(target.url)} · exit ${verdict.exitCode}${extent} · ${formatMs(target.durationMs)}`, { text: palette.muted });
  // The canaries and controls have their own table below (or in the target it names): their reason lines would repeat it.
  const tabled = [...target.canaries.map((c) => `canary ${c.host} (`), ...target.controls.flatMap((c) => [`control ${c.host} (`, `control ${c.host}:`])];
  const reasons = verdict.reasons
    .filter((reason) => !tabled.some((prefix) => reason.startsWith(prefix)))
    .map((reason) => sanitize(reason, 1024).trim())
    // "paytm.com: edge DNS SERVFAIL at …" says again what the summary just said.
    .filter((reason) => !summary.includes(reason) && !summary.includes(reason.startsWith(`${host}: `) ? reason.slice(host.length + 2) : reason));
  // What to do next closes the verdict (issue 17 §3): after the evidence, before the tables.
  const next = verdict.next ? [hanging(ctx, 2, '→ next: ', sanitize(verdict.next, 400), { lead: palette.strong })] : [];
  return [...head, meta, ...reasons.map((reason) => hanging(ctx, 2, '· ', reason)), ...next];
}

/** Splits text into lines of at most `width` characters at spaces (a longer word stands on its own line). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

// ───────────────────────────── DNS ─────────────────────────────

/** Who owns a hop's zone: "site (its DNS host)" for the site's own zone, else the provider the fingerprint named, else "-". */
function hopOwner(target: TargetReport, index: number, hop: Hop, ctx: SectionContext): string {
  const dns = target.dns;
  const owner = dns?.hopOwners?.[index] ?? null;
  const zone = dns?.zone ?? null;
  if (zone !== null && (hop.name === zone || hop.name.endsWith(`.${zone}`))) {
    const host = target.providers.dns ? sanitize(target.providers.dns.name, 64) : owner && ctx.name(owner);
    return host ? `site (${host})` : 'site';
  }
  return owner ? ctx.name(owner) : '-';
}

function rcodeCell(ctx: SectionContext, rcode: string, tcp: boolean | undefined): Cell {
  const text = `${sanitize(rcode, 32)}${tcp ? '/tcp' : ''}`;
  return { text, style: rcode === 'NOERROR' ? ctx.palette.good : ctx.palette.bad };
}

/** The chain as walked, one row a hop; the failing name gets a row even when the chain stops before it. */
export function dnsBlock(target: TargetReport, ctx: SectionContext): string[] {
  const dns = target.dns;
  if (!dns && target.pinned) return [title(ctx, 'DNS', `not used: --resolve ${sanitize(target.pinned.spec, 300)}`)];
  if (!dns && target.connectTo) return [title(ctx, 'DNS', `not used: --connect-to ${sanitize(target.connectTo.spec, 300)}`)];
  if (!dns) return [title(ctx, 'DNS', 'not used: the target is an IP address')];
  const family = target.addressFamily ? `${target.addressFamily === 4 ? 'A' : 'AAAA'} only (-${target.addressFamily})` : null;
  const connect = target.connectTo ? `for --connect-to ${sanitize(target.connectTo.host, 255)}` : null;
  const note = [`resolver ${dns.resolvers.join(', ') || '-'}`, connect, dns.zone ? `zone ${dns.zone}` : null, family, formatMs(dns.ms)].filter(Boolean).join(' · ');
  const columns: Column[] = [
    { head: 'hop', flex: true },
    { head: 'type' },
    { head: 'data', flex: true },
    { head: 'TTL', align: 'right' },
    { head: 'rcode' },
    { head: 'time', align: 'right' },
    { head: 'owner', flex: true },
    ...(ctx.verbose ? [{ head: 'resolver', flex: true }] : []),
  ];
  // A name with thousands of records (6,000 A over TCP) shows a screenful of them and how many more there are.
  const shown = new Map<string, { rows: number; more: Cell[] | null; hidden: number }>();
  const rows: Cell[][] = [];
  dns.chain.forEach((hop, i) => {
    const key = `${hop.name}\u0000${hop.type}`;
    const set = shown.get(key) ?? { rows: 0, more: null, hidden: 0 };
    shown.set(key, set);
    if (set.rows >= RECORDS_SHOWN) {
      set.hidden++;
      if (!set.more) rows.push((set.more = [dash(ctx), hop.type, dash(ctx), dash(ctx), dash(ctx), dash(ctx), dash(ctx), ...(ctx.verbose ? [dash(ctx)] : [])]));
      set.more[2] = { text: `+${set.hidden.toLocaleString('en-US')} more ${hop.type} record${set.hidden === 1 ? '' : 's'}`, style: ctx.palette.muted };
      return;
    }
    set.rows++;
    rows.push([
      sanitize(hop.name, 255),
      hop.type,
      hop.data === null ? dash(ctx) : sanitize(hop.data, 255),
      hop.ttl === null ? dash(ctx) : String(hop.ttl),
      rcodeCell(ctx, hop.rcode, hop.tcp),
      formatMs(hop.ms),
      hopOwner(target, i, hop, ctx),
      ...(ctx.verbose ? [sanitize(hop.resolver, 64)] : []),
    ]);
  });
  const error = dns.error;
  if (error && !dns.chain.some((hop) => hop.name === error.name && hop.type === error.type && hop.rcode !== 'NOERROR')) {
    const hop: Hop = { name: error.name, type: error.type, data: null, ttl: null, rcode: error.rcode, resolver: error.resolver, ms: Number.NaN };
    rows.push([sanitize(hop.name, 255), hop.type, dash(ctx), dash(ctx), rcodeCell(ctx, error.code, false), dash(ctx), hopOwner(target, -1, hop, ctx), ...(ctx.verbose ? [sanitize(hop.resolver, 64)] : [])]);
  }
  const lines = [title(ctx, 'DNS', note)];
  if (rows.length > 0) lines.push(table(ctx, columns, rows));
  if (error) lines.push(failureLine(ctx, error.code, error.message));
  if (dns.nsError) lines.push(failureLine(ctx, dns.nsError.code, dns.nsError.message, 'NS lookup'));
  const failed = dns.byResolver.filter((outcome) => !outcome.ok);
  if (!ctx.verbose && dns.byResolver.length > 1 && failed.length > 0) {
    lines.push(warningLine(ctx, `${failed.length} of ${dns.byResolver.length} resolvers failed`, failed.map((o) => `${sanitize(o.resolver, 64)} ${sanitize(o.error?.code ?? 'no address', 32)}`).join(', ')));
  }
  const overTcp = [...new Map(dns.chain.filter((h) => h.udpError).map((h) => [h.resolver, h.udpError ?? ''])).entries()];
  for (const [resolver, why] of overTcp) {
    lines.push(warningLine(ctx, 'asked over TCP', `UDP to ${sanitize(resolver, 64)} failed (${sanitize(why, 32)})`));
  }
  if (!ctx.verbose && dns.disagreements.length > 0) {
    lines.push(warningLine(ctx, `resolvers disagree on ${dns.disagreements.length} name${dns.disagreements.length === 1 ? '' : 's'}`, dns.disagreements.map((d) => sanitize(d.name, 255)).join(', ')));
  }
  return lines;
}

// ───────────────────────────── edges ─────────────────────────────

/** A step's time, or its error code in red at the step that failed, or "-" when it never ran. */
function stepCell(ctx: SectionContext, step: StepResult | null, ms?: number | null): Cell {
  if (!step) return dash(ctx);
  if (!step.ok) return { text: sanitize(step.error?.code ?? 'FAILED', 40), style: ctx.palette.bad };
  return formatMs(ms === undefined ? step.ms : ms);
}

/**
 * The HTTP step split as httpstat splits it: server processing up to the response headers, then content transfer.
 * A failure lands in the phase it happened in (no headers: server; headers but no body: transfer). Reports from
 * before `timings` existed fall back to the step's first byte and its remainder.
 */
function httpPhaseCells(ctx: SectionContext, probe: EdgeProbe): [Cell, Cell] {
  const http = probe.http;
  if (!http) return [dash(ctx), dash(ctx)];
  const server = probe.timings ? probe.timings.serverProcessing : http.firstByteMs;
  const transfer = probe.timings ? probe.timings.contentTransfer : http.ms !== null && http.firstByteMs !== null ? Math.max(0, http.ms - http.firstByteMs) : null;
  const bad = (): Cell => ({ text: sanitize(http.error?.code ?? 'FAILED', 40), style: ctx.palette.bad });
  if (http.ok) return [formatMs(server), formatMs(transfer)];
  return http.status === null ? [bad(), dash(ctx)] : [formatMs(server), bad()];
}

/** curl -w's cumulative times for one edge; all "-" for a report from before `timings` existed. */
function cumulativeCells(probe: EdgeProbe): Cell[] {
  const t = probe.timings;
  return [t?.namelookup, t?.connect, t?.pretransfer, t?.starttransfer, t?.total].map((ms) => formatMs(ms));
}

/** "HTTP/2", "HTTP/1.1", or both, for the probes that spoke HTTP at all. */
function protocolsNote(probes: EdgeProbe[]): string | null {
  const names = { h2: 'HTTP/2', 'http/1.1': 'HTTP/1.1' } as const;
  const spoken = [...new Set(probes.flatMap((p) => (p.http?.protocol ? [names[p.http.protocol]] : [])))];
  return spoken.length > 0 ? spoken.join(' and ') : null;
}

/** The last column of an edge row: the HTTP status and who generated an error page, or the failure's message. */
function resultCell(ctx: SectionContext, probe: EdgeProbe): Cell {
  const { palette } = ctx;
  const failed = failedStep(probe);
  if (failed) return { text: sanitize(failed.result.error?.message ?? `${failed.step} failed`, 200), style: palette.bad };
  const http = probe.http;
  if (!http || http.status === null) return dash(ctx);
  const parts = [`${http.status}${http.reason ? ` ${sanitize(http.reason, 64)}` : ''}`];
  if (probe.errorSource) parts.push(`${probe.errorSource.kind} error (${ctx.name(probe.errorSource.provider)})`);
  if (http.location) parts.push(`→ ${sanitize(http.location, 200)}`);
  if (probe.tls && !probe.tls.verified && probe.tls.verifyError) parts.push(`cert ${sanitize(probe.tls.verifyError.code, 64)}`);
  const style = http.status >= 500 ? palette.bad : http.status >= 400 ? palette.warn : palette.good;
  return { text: parts.join(' · '), style };
}

function edgeAddress(probe: EdgeProbe): string {
  return probe.family === 6 ? `[${probe.address}]:${probe.port}` : `${probe.address}:${probe.port}`;
}

export function edgesBlock(target: TargetReport, ctx: SectionContext): string[] {
  const { probes } = target;
  if (probes.length === 0) {
    const why = target.dns?.error ? 'none probed: DNS gave no address' : 'not probed';
    return [title(ctx, 'Edges', why)];
  }
  // Healthy: an HTTP answer that is not a server error, the same line the verdict draws for "up".
  const healthy = probes.filter((p) => p.http?.ok && p.http.status !== null && p.http.status < 500).length;
  // Per phase, as httpstat's boxes (TCP connection, TLS handshake, server processing, content transfer), then
  // curl's time_total (DNS lookup included); --verbose adds every cumulative time as curl -w names them.
  const columns: Column[] = [
    { head: 'edge' },
    { head: 'TCP', align: 'right' },
    { head: 'TLS', align: 'right' },
    { head: 'server', align: 'right' },
    { head: 'transfer', align: 'right' },
    { head: 'total', align: 'right' },
    { head: 'result', flex: true },
  ];
  const rows: Cell[][] = probes.map((probe) => [
    sanitize(edgeAddress(probe), 64),
    stepCell(ctx, probe.tcp, probe.timings?.tcpConnection ?? probe.tcp.ms),
    stepCell(ctx, probe.tls),
    ...httpPhaseCells(ctx, probe),
    formatMs(probe.timings?.total ?? probe.totalMs),
    resultCell(ctx, probe),
  ]);
  const cumulative: Column[] = [{ head: 'cumulative' }, ...['namelookup', 'connect', 'pretransfer', 'starttransfer', 'total'].map((head): Column => ({ head, align: 'right' }))];
  const cumulativeRows: Cell[][] = probes.map((probe) => [sanitize(edgeAddress(probe), 64), ...cumulativeCells(probe)]);
  // Through a proxy, "TCP" is the connect to the proxy plus the CONNECT tunnel; the tunnel's own time is in --verbose.
  const via = [...new Set(probes.map((p) => p.via).filter((v): v is string => typeof v === 'string'))];
  const family = target.addressFamily ? `IPv${target.addressFamily} only` : null;
  const pinned = target.pinned ? 'pinned by --resolve' : null;
  const connect = target.connectTo ? `--connect-to ${sanitize(target.connectTo.host, 255)}:${target.connectTo.port}` : null;
  const note = [`${healthy} of ${probes.length} healthy`, protocolsNote(probes), family, pinned, connect, via.length > 0 ? `via ${via.join(', ')}` : null].filter(Boolean).join(' · ');
  const lines = [title(ctx, 'Edges', note), table(ctx, columns, rows)];
  if (ctx.verbose && probes.some((p) => p.timings)) lines.push(table(ctx, cumulative, cumulativeRows));
  if (target.skippedAddresses.length > 0) {
    lines.push(hanging(ctx, 4, `+ ${target.skippedAddresses.length} not probed: `, boundedList(target.skippedAddresses, 'address', (a) => sanitize(a, 64) || '?'), { lead: ctx.palette.muted, text: ctx.palette.muted }));
  }
  return lines;
}

// ───────────────────────────── providers and POP ─────────────────────────────

function evidenceText(evidence: Evidence): string {
  return `${evidence.source} ${sanitize(evidence.value, 200)} (${sanitize(evidence.match, 100)})`;
}

function evidenceCell(ctx: SectionContext, evidence: Evidence[], fallback: string): Cell {
  if (evidence.length === 0) return { text: fallback, style: ctx.palette.muted };
  const shown = ctx.verbose ? evidence : evidence.slice(0, EVIDENCE_SHOWN);
  const more = evidence.length - shown.length;
  return [...shown.map(evidenceText), ...(more > 0 ? [`+${more} more (--verbose)`] : [])].join('\n');
}

function providerRow(ctx: SectionContext, role: string, match: ProviderMatch | null, fallback: string): Cell[] {
  if (!match) return [role, { text: 'unknown', style: ctx.palette.muted }, { text: fallback, style: ctx.palette.muted }];
  return [role, sanitize(match.name, 64), evidenceCell(ctx, match.evidence, 'no evidence recorded')];
}

export function providersBlock(target: TargetReport, ctx: SectionContext): string[] {
  const { providers } = target;
  const nameservers = target.dns?.nameservers ?? [];
  const nsNote = nameservers.length > 0 ? `ns ${nameservers.map((ns) => sanitize(ns, 255)).join(', ')}` : 'no nameservers found';
  const rows: Cell[][] = [
    providerRow(ctx, 'CDN', providers.cdn, 'no CDN evidence'),
    ...providers.layers.map((layer) => providerRow(ctx, 'behind', layer, '')),
    ...(providers.steering ?? []).map((steer) => providerRow(ctx, 'steering', steer, '')),
    providerRow(ctx, 'DNS', providers.dns, nsNote),
  ];
  const lines = [title(ctx, 'Providers'), table(ctx, [{ head: 'role' }, { head: 'provider' }, { head: 'evidence', flex: true }], rows)];
  for (const conflict of providers.conflicts) lines.push(hanging(ctx, 4, '! ', sanitize(conflict, 1024), { lead: ctx.palette.warn }));
  return lines;
}

/** One line: the POP code and city, and the header that told it. Empty when no POP is known. */
export function popBlock(target: TargetReport, ctx: SectionContext): string[] {
  const pop = target.popDetail;
  if (pop) {
    const where = [sanitize(pop.code, 16), pop.city ? sanitize(pop.city, 64) : null].filter(Boolean).join(' ');
    return [hanging(ctx, 2, `POP  ${where}  `, `from ${sanitize(pop.source, 200)}`, { lead: (t) => `${ctx.palette.strong('POP')}${t.slice(3)}`, text: ctx.palette.muted })];
  }
  return target.pop ? [`${title(ctx, 'POP')}  ${sanitize(target.pop, 16)}`] : [];
}

// ───────────────────────────── canaries and controls ─────────────────────────────

/** "3/3 canaries down, 4/4 controls up", counting confirmed canaries only. */
function peersNote(canaries: CanaryResult[], controls: ControlResult[]): string {
  const confirmed = canaries.filter((c) => c.confirmed);
  const parts: string[] = [];
  // With none confirmed, "0/0 canaries down" reads as a measurement; say what it means instead.
  if (canaries.length > 0) parts.push(confirmed.length === 0 ? 'no confirmed canaries' : `${confirmed.filter((c) => c.status === 'down').length}/${confirmed.length} canaries down`);
  if (controls.length > 0) parts.push(`${controls.filter((c) => c.status === 'up').length}/${controls.length} controls up`);
  return parts.join(', ');
}

function peerRow(ctx: SectionContext, role: string, peer: CanaryResult | ControlResult): Cell[] {
  return [
    role,
    sanitize(peer.host, 255),
    peer.provider ? ctx.name(peer.provider) : dash(ctx),
    { text: peer.status, style: peer.status === 'up' ? ctx.palette.good : ctx.palette.bad },
    peer.layer ?? dash(ctx),
    peer.code === null ? dash(ctx) : { text: sanitize(peer.code, 40), style: ctx.palette.bad },
    formatMs(peer.ms),
  ];
}

/** The canaries and controls, or one line pointing at an earlier target that had the very same ones. */
export function peersBlock(target: TargetReport, ctx: SectionContext, sameAs: string | null): string[] {
  const { canaries, controls } = target;
  if (canaries.length === 0 && controls.length === 0) return [title(ctx, 'Canaries and controls', 'none run')];
  const note = peersNote(canaries, controls);
  if (sameAs !== null) return [title(ctx, 'Canaries and controls', `${note} · same as ${sameAs}`)];
  const columns: Column[] = [{ head: 'role' }, { head: 'host', flex: true }, { head: 'provider' }, { head: 'status' }, { head: 'layer' }, { head: 'code' }, { head: 'time', align: 'right' }];
  const rows = [
    ...canaries.map((c) => peerRow(ctx, `canary${c.confirmed ? '' : '?'}${c.role === 'dns' ? ' (dns)' : ''}`, c)),
    ...controls.map((c) => peerRow(ctx, 'control', c)),
  ];
  const lines = [title(ctx, 'Canaries and controls', note), table(ctx, columns, rows)];
  if (canaries.some((c) => !c.confirmed)) lines.push(hanging(ctx, 4, 'canary? = ', 'not confirmed on that provider today: shown, not counted', { lead: ctx.palette.muted, text: ctx.palette.muted }));
  return lines;
}

// Reads a provider's status feed (issue 17 §2) into plain facts: Atlassian Statuspage v2 summary.json, Google
// Cloud's incidents.json or an RSS 2.0 history feed, recognised by content so any override may serve any of
// them. Pure. Feed text is network text: every string is cut to length here, and escaped where it is shown.
import type { StatusFeedKind } from '../fingerprint/status-pages.ts';
import type { StatusComponent, StatusIncident } from '../types.ts';

/** What one feed says, before it is matched to a target's POP. */
export interface FeedFacts {
  format: StatusFeedKind;
  /** Statuspage's page indicator (none, minor, major, critical, maintenance), derived for Google, null for RSS. */
  indicator: string | null;
  description: string | null;
  /** Open incidents (unresolved; for RSS, recent items not marked resolved), newest first. */
  incidents: StatusIncident[];
  /** Every leaf component with its status (Cloudflare has one per data centre). */
  components: StatusComponent[];
}

export type FeedParse = { ok: true; facts: FeedFacts } | { ok: false; error: { code: 'FEED_UNREADABLE'; message: string } };

/** Incidents kept per feed: a page in a bad hour lists a handful; a longer list is noise in a terminal. */
export const MAX_INCIDENTS = 10;
/** Components kept per feed (Cloudflare lists about 330). */
const MAX_COMPONENTS = 2000;
const MAX_NAME = 200;
const MAX_UPDATE = 400;
/** An RSS item this recent (and not marked resolved) counts as open: RSS has no notion of "unresolved". */
export const RSS_RECENT_MS = 24 * 3_600_000;

const STATUSPAGE_CLOSED = new Set(['resolved', 'postmortem', 'completed']);
const GOOGLE_SEVERITY: Readonly<Record<string, string>> = { high: 'major', medium: 'minor', low: 'minor' };
const INDICATOR_RANK = ['none', 'maintenance', 'minor', 'major', 'critical'];

/** Parses a feed body; `now` (epoch ms) dates RSS items. Never throws. */
export function parseStatusFeed(body: string, now: number): FeedParse {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text.startsWith('<')) return rss(text, now);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return unreadable('neither JSON nor XML');
  }
  if (Array.isArray(json)) return google(json);
  if (isRecord(json) && (isRecord(json.status) || isRecord(json.page) || Array.isArray(json.incidents))) return statuspage(json);
  return unreadable('JSON of an unknown shape (not Statuspage, not Google Cloud incidents)');
}

function statuspage(json: Record<string, unknown>): FeedParse {
  const status = isRecord(json.status) ? json.status : {};
  const incidents = list(json.incidents)
    .filter((i) => !STATUSPAGE_CLOSED.has(String(i.status ?? '').toLowerCase()))
    .map((i): StatusIncident => {
      const latest = list(i.incident_updates)[0];
      return {
        name: text(i.name, MAX_NAME) ?? '(no name)',
        status: text(i.status, 40),
        impact: text(i.impact, 40),
        updatedAt: text(i.updated_at, 40) ?? text(i.created_at, 40),
        url: text(i.shortlink, MAX_NAME),
        update: latest ? text(latest.body, MAX_UPDATE) : null,
      };
    });
  // Group components only head a list of children; their own status repeats the worst child's.
  const components = list(json.components)
    .filter((c) => c.group !== true)
    .slice(0, MAX_COMPONENTS)
    .map((c) => ({ name: text(c.name, MAX_NAME) ?? '', status: text(c.status, 40) ?? 'unknown' }));
  return { ok: true, facts: { format: 'statuspage', indicator: text(status.indicator, 40), description: text(status.description, MAX_NAME), incidents: newestFirst(incidents), components } };
}

function google(items: unknown[]): FeedParse {
  const open = items.filter(isRecord).filter((i) => i.end === undefined || i.end === null || i.end === '');
  const incidents = open.map((i): StatusIncident => {
    const latest = isRecord(i.most_recent_update) ? i.most_recent_update : {};
    return {
      name: text(i.external_desc, MAX_NAME) ?? text(i.service_name, MAX_NAME) ?? '(no name)',
      status: text(latest.status, 40) ?? text(i.status_impact, 40),
      impact: text(i.severity, 40),
      updatedAt: text(i.modified, 40) ?? text(latest.created, 40),
      url: typeof i.uri === 'string' ? text(`https://status.cloud.google.com/${i.uri.replace(/^\/+/, '')}`, MAX_NAME) : null,
      update: text(latest.text, MAX_UPDATE),
    };
  });
  const indicator = open.reduce((worst, i) => {
    const level = GOOGLE_SEVERITY[String(i.severity ?? '').toLowerCase()] ?? 'minor';
    return INDICATOR_RANK.indexOf(level) > INDICATOR_RANK.indexOf(worst) ? level : worst;
  }, 'none');
  const description = open.length === 0 ? 'No open incidents' : `${open.length} open incident${open.length === 1 ? '' : 's'}`;
  return { ok: true, facts: { format: 'google-incidents', indicator, description, incidents: newestFirst(incidents), components: [] } };
}

function rss(xml: string, now: number): FeedParse {
  if (!/<(?:rss|channel|feed)\b/i.test(xml)) return unreadable('XML that is not an RSS feed');
  const items = [...xml.matchAll(/<item\b[^>]*>([\s\S]*?)<\/item>/gi)].slice(0, 100).map((m) => m[1] ?? '');
  const incidents: StatusIncident[] = [];
  for (const item of items) {
    const title = text(stripTags(tag(item, 'title')), MAX_NAME);
    const published = tag(item, 'pubDate');
    const at = published === null ? NaN : Date.parse(published);
    if (Number.isNaN(at) || now - at > RSS_RECENT_MS || at - now > RSS_RECENT_MS) continue;
    const update = text(stripTags(tag(item, 'description')), MAX_UPDATE);
    const resolved = /\b(?:resolved|completed)\b/i.test(`${title ?? ''} ${(update ?? '').slice(0, 80)}`);
    if (resolved) continue;
    incidents.push({ name: title ?? '(no title)', status: null, impact: null, updatedAt: new Date(at).toISOString(), url: text(tag(item, 'link'), MAX_NAME), update });
  }
  const recent = newestFirst(incidents);
  const description = recent.length === 0 ? 'No incident in the last 24 h' : `${recent.length} incident${recent.length === 1 ? '' : 's'} in the last 24 h`;
  return { ok: true, facts: { format: 'rss', indicator: null, description, incidents: recent, components: [] } };
}

/**
 * The components a feed names for a POP: Cloudflare's "Mumbai, India - (BOM)". Only a bracketed code counts, so
 * "BOM" never matches a component that merely contains those letters.
 */
export function componentsForPop(components: readonly StatusComponent[], pop: string | null): StatusComponent[] {
  if (pop === null || !/^[A-Z0-9]{3,5}$/.test(pop)) return [];
  return components.filter((c) => c.name.includes(`(${pop})`));
}

/** How many components are not operational. */
export function affectedCount(components: readonly StatusComponent[]): number {
  return components.filter((c) => c.status !== 'operational').length;
}

function newestFirst(incidents: StatusIncident[]): StatusIncident[] {
  const time = (i: StatusIncident) => (i.updatedAt === null ? 0 : Date.parse(i.updatedAt) || 0);
  return [...incidents].sort((a, b) => time(b) - time(a)).slice(0, MAX_INCIDENTS);
}

function tag(xml: string, name: string): string | null {
  const m = new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`, 'i').exec(xml);
  if (!m) return null;
  const inner = m[1] ?? '';
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(inner);
  return cdata ? (cdata[1] ?? '') : decodeEntities(inner);
}

function stripTags(html: string | null): string | null {
  return html === null ? null : decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return safeChar(parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith('#')) return safeChar(parseInt(name.slice(1), 10)) ?? whole;
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function safeChar(code: number): string | null {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

/** A string field cut to `max` characters (whole code points), or null when absent or not a string. */
function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const chars = Array.from(value);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : value;
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unreadable(message: string): FeedParse {
  return { ok: false, error: { code: 'FEED_UNREADABLE', message: `status feed unreadable: ${message}` } };
}

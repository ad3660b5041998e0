// "Status pages": what the target's providers say about themselves (issue 17 §2), shown as corroboration under the
// verdict. Every string came from a provider's feed: all sanitised and cut to length here.
import type { StatusFeed, TargetReport } from '../types.ts';
import { sanitize } from './sanitize.ts';
import { hanging, title, type SectionContext } from './sections.ts';

/** Incidents shown per provider before "+N more"; --json keeps the feed's list (at most 10). */
const INCIDENTS_SHOWN = 3;
/** Components shown per provider (those named for the target's POP). */
const COMPONENTS_SHOWN = 3;

export function statusBlock(target: TargetReport, ctx: SectionContext): string[] {
  const feeds = target.statusFeeds ?? [];
  if (feeds.length === 0) return [];
  const lines = [title(ctx, 'Status pages', 'what the providers say: corroboration, never the verdict')];
  for (const feed of feeds) lines.push(...feedLines(feed, target, ctx));
  return lines;
}

function feedLines(feed: StatusFeed, target: TargetReport, ctx: SectionContext): string[] {
  const { palette } = ctx;
  const name = sanitize(ctx.name(feed.provider), 80);
  if (!feed.ok) return [hanging(ctx, 4, `${name}  `, `status page not reachable (${sanitize(feed.error?.code ?? 'error', 40)})`, { lead: palette.strong, text: palette.muted })];
  const said = feed.description ?? (feed.indicator === null ? 'no page indicator' : feed.indicator);
  const indicator = feed.indicator !== null && feed.indicator !== 'none' && !said.toLowerCase().includes(feed.indicator) ? ` (${feed.indicator})` : '';
  const where = feed.page ?? feed.url;
  const style = feed.indicator === 'none' ? palette.good : feed.indicator === null ? (t: string) => t : palette.warn;
  const lines = [hanging(ctx, 4, `${name}  `, `${style(sanitize(said, 200))}${sanitize(indicator, 60)} · ${sanitize(where, 200)}`, { lead: palette.strong })];
  for (const incident of feed.incidents.slice(0, INCIDENTS_SHOWN)) {
    const status = incident.status ? `${sanitize(incident.status, 40)}  ` : '';
    const updated = incident.updatedAt ? ` · updated ${sanitize(shortTime(incident.updatedAt), 40)}` : '';
    lines.push(hanging(ctx, 6, 'incident  ', `${status}${sanitize(incident.name, 200)}${updated}`, { lead: palette.muted }));
  }
  const more = feed.incidents.length - INCIDENTS_SHOWN;
  if (more > 0) lines.push(hanging(ctx, 6, '', `+${more} more incident${more === 1 ? '' : 's'} (--json)`, { text: palette.muted }));
  for (const component of feed.components.slice(0, COMPONENTS_SHOWN)) {
    lines.push(hanging(ctx, 6, 'component  ', `${sanitize(component.name, 200)}: ${sanitize(component.status, 40)}`, { lead: palette.muted }));
  }
  // A page that says nothing while the verdict blames its provider is worth saying aloud: pages lag the probes.
  const blamed = target.verdict.status === 'provider-outage' && target.verdict.provider === feed.provider;
  if (blamed && feed.incidents.length === 0 && (feed.indicator === 'none' || feed.indicator === null)) {
    lines.push(hanging(ctx, 6, '! ', `no incident posted yet: status pages lag; the verdict stands on what was measured`, { lead: palette.warn }));
  }
  return lines;
}

/** "2021-07-22T16:09:51.123Z" → "2021-07-22 16:09 UTC"; anything else as written. */
function shortTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

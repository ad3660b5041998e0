// The bodies of the lab's status feeds (issue 17 §4): a scenario's status page written as the provider's real feed
// is — Statuspage v2 summary.json, Google Cloud incidents.json or RSS 2.0 — so the parser meets each format end to
// end. Pure: the page, the provider and the clock in, a body out.
import { providerName } from '../fingerprint/match.ts';
import { statusPageOf } from '../fingerprint/status-pages.ts';
import type { LabIncident, LabStatusPage } from './scenario.ts';

export const ALL_OPERATIONAL: LabStatusPage = { indicator: 'none', description: 'All Systems Operational' };

export interface FeedBody {
  contentType: string;
  body: string;
}

/** The feed of `provider` showing `page`, dated against `now` (epoch ms). */
export function feedBody(provider: string, page: LabStatusPage, now: number): FeedBody {
  const kind = statusPageOf(provider)?.kind ?? 'statuspage';
  if (kind === 'google-incidents') return { contentType: 'application/json', body: JSON.stringify(page.incidents?.map((i, n) => googleIncident(provider, i, n, now)) ?? []) };
  if (kind === 'rss') return { contentType: 'application/rss+xml; charset=utf-8', body: rss(provider, page, now) };
  return { contentType: 'application/json', body: JSON.stringify(summary(provider, page, now)) };
}

const iso = (now: number, minutesAgo: number): string => new Date(now - minutesAgo * 60_000).toISOString();

/** Statuspage's summary.json: page, status, components (the provider's own and the scenario's), unresolved incidents. */
function summary(provider: string, page: LabStatusPage, now: number) {
  const name = providerName(provider);
  const worst = page.indicator === 'none' ? 'operational' : page.indicator === 'minor' ? 'degraded_performance' : page.indicator === 'maintenance' ? 'under_maintenance' : 'partial_outage';
  const components = [{ name: `${name} services`, status: worst }, ...(page.components ?? [])].map((c, n) => ({
    id: `lab${n}`,
    name: c.name,
    status: c.status,
    created_at: iso(now, 60 * 24 * 365),
    updated_at: iso(now, 5),
    position: n + 1,
    description: null,
    showcase: false,
    group_id: null,
    page_id: `lab-${provider}`,
    group: false,
    only_show_if_degraded: false,
  }));
  const incidents = (page.incidents ?? [])
    .filter((i) => i.status !== 'resolved')
    .map((i, n) => ({
      id: `lab-incident-${n}`,
      name: i.name,
      status: i.status,
      impact: i.impact,
      created_at: iso(now, i.minutesAgo + 10),
      updated_at: iso(now, i.minutesAgo),
      monitoring_at: i.status === 'monitoring' ? iso(now, i.minutesAgo) : null,
      resolved_at: null,
      shortlink: `https://stspg.io/lab${n}`,
      page_id: `lab-${provider}`,
      incident_updates: [{ id: `lab-update-${n}`, status: i.status, body: i.update, created_at: iso(now, i.minutesAgo), updated_at: iso(now, i.minutesAgo), display_at: iso(now, i.minutesAgo) }],
      components: [],
    }));
  return {
    page: { id: `lab-${provider}`, name, url: statusPageOf(provider)?.page ?? 'https://status.example', time_zone: 'Etc/UTC', updated_at: iso(now, 1) },
    status: { indicator: page.indicator, description: page.description },
    components,
    incidents,
    scheduled_maintenances: [],
  };
}

function googleIncident(provider: string, i: LabIncident, n: number, now: number) {
  const severity = i.impact === 'critical' || i.impact === 'major' ? 'high' : i.impact === 'minor' ? 'medium' : 'low';
  return {
    id: `lab${n}`,
    number: String(1000 + n),
    begin: iso(now, i.minutesAgo + 10),
    created: iso(now, i.minutesAgo + 10),
    ...(i.status === 'resolved' ? { end: iso(now, i.minutesAgo) } : {}),
    modified: iso(now, i.minutesAgo),
    external_desc: i.name,
    service_name: providerName(provider),
    severity,
    status_impact: i.impact === 'none' ? 'SERVICE_INFORMATION' : 'SERVICE_DISRUPTION',
    most_recent_update: { created: iso(now, i.minutesAgo), text: i.update, status: i.status === 'resolved' ? 'AVAILABLE' : 'SERVICE_DISRUPTION' },
    uri: `incidents/lab${n}`,
  };
}

function rss(provider: string, page: LabStatusPage, now: number): string {
  const items = (page.incidents ?? []).map((i) => {
    const title = i.status === 'resolved' ? `Resolved: ${i.name}` : i.name;
    return `<item><title><![CDATA[${title}]]></title><link>${escapeXml(statusPageOf(provider)?.page ?? 'https://status.example/')}</link><pubDate>${new Date(now - i.minutesAgo * 60_000).toUTCString()}</pubDate><description><![CDATA[<p>${i.update}</p>]]></description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${escapeXml(providerName(provider))} status</title>${items.join('')}</channel></rss>`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

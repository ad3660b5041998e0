// Each provider's own public status page and the machine-readable feed behind it, as data (issue 17 §2). The
// verdict never depends on these: a feed is read as corroboration only (src/status/). Facts and their sources:
// shared/research/external-apis-and-anchors.md §2. Nothing here runs; a provider absent here has no known feed.

/**
 * How a feed is written. The parser recognises the format from the content itself (src/status/parse.ts), so an
 * override (`--status-feed id=url`, the lab) may serve any of them; `kind` documents what the real feed is.
 * - statuspage: Atlassian Statuspage v2 `/api/v2/summary.json` (page indicator, components, unresolved incidents);
 * - google-incidents: Google Cloud's `incidents.json` (an array; an open incident has no `end`);
 * - rss: an RSS 2.0 history feed (no indicator: only recent items can be shown).
 */
export type StatusFeedKind = 'statuspage' | 'google-incidents' | 'rss';

export interface StatusPage {
  /** The page people read: what a verdict's next step points to. */
  page: string;
  /** The machine-readable feed fetched for corroboration. */
  feed: string;
  kind: StatusFeedKind;
  /** Components are named per data centre, with the POP's code in brackets ("Mumbai, India - (BOM)"). */
  popComponents?: boolean;
  /** Where the URL comes from (the research file's evidence column). */
  source: string;
}

const statuspage = (host: string, source: string, popComponents = false): StatusPage => ({
  page: `https://${host}/`,
  feed: `https://${host}/api/v2/summary.json`,
  kind: 'statuspage',
  ...(popComponents ? { popComponents } : {}),
  source,
});

const AZURE: StatusPage = {
  page: 'https://azure.status.microsoft/en-us/status',
  feed: 'https://azure.status.microsoft/en-us/status/feed/',
  kind: 'rss',
  source: 'research §2.2: Azure RSS (several repositories)',
};
const AWS: StatusPage = {
  page: 'https://health.aws.amazon.com/health/status',
  // The current JSON (`/public/currentevents`) is UTF-16 and undocumented; the legacy RSS still answers.
  feed: 'https://status.aws.amazon.com/rss/all.rss',
  kind: 'rss',
  source: 'research §2.2: AWS legacy RSS [verify]',
};
const GOOGLE: StatusPage = {
  page: 'https://status.cloud.google.com/',
  feed: 'https://status.cloud.google.com/incidents.json',
  kind: 'google-incidents',
  source: 'research §2.2: Google Cloud incidents.json (TS interface, Python dataclass)',
};

/** Provider id (as in providers.ts) → its status page. */
const STATUS_PAGES: Readonly<Record<string, StatusPage>> = {
  akamai: statuspage('www.akamaistatus.com', 'research §2.2: verified (3p), ≥6 repositories'),
  cloudflare: statuspage('www.cloudflarestatus.com', 'research §2.2: verified; components per POP', true),
  fastly: { page: 'https://www.fastlystatus.com/', feed: 'https://www.fastlystatus.com/rss/', kind: 'rss', source: 'research §2.2: moved off Statuspage; RSS at /rss/ [verify]' },
  cloudfront: AWS,
  route53: AWS,
  'azure-frontdoor': AZURE,
  'azure-cdn': AZURE,
  'azure-traffic-manager': AZURE,
  'azure-dns': AZURE,
  'google-cloud-cdn': GOOGLE,
  'google-cloud-dns': GOOGLE,
  vercel: statuspage('www.vercel-status.com', 'research §2.2: 3p (several repositories)'),
  netlify: statuspage('www.netlifystatus.com', 'research §2.2: 3p'),
  bunny: statuspage('status.bunny.net', 'research §2.2: 3p'),
  'github-pages': statuspage('www.githubstatus.com', 'research §2.2: verified (stored /api page)'),
  'digitalocean-dns': statuspage('status.digitalocean.com', 'research §2.2: 3p (≥8 repositories)'),
  cachefly: statuspage('www.cacheflystatus.com', 'research §2.2: other Statuspage CDNs (3p)'),
  imperva: statuspage('status.imperva.com', 'research §2.2: other Statuspage CDNs (3p)'),
};

/** The status page of a provider id, or null when none is known. */
export function statusPageOf(id: string): StatusPage | null {
  return Object.hasOwn(STATUS_PAGES, id) ? (STATUS_PAGES[id] ?? null) : null;
}

// Fetches providers' status feeds (issue 17 §2): the only I/O of status/. One GET per provider per run, bounded by
// --timeout and the run's signal (--deadline, Ctrl-C), the body read up to a limit; redirects are not followed, so a
// feed pointed at loopback (the lab, a test) can never be sent elsewhere. Failures are values, never exceptions.
import type { Fingerprint, StatusFeed } from '../types.ts';
import { statusPageOf } from '../fingerprint/status-pages.ts';
import { affectedCount, componentsForPop, parseStatusFeed, type FeedFacts } from './parse.ts';
import type { StatusOptions } from './options.ts';

/** Cloudflare's summary.json, the largest known, is a few hundred KiB. */
const MAX_FEED_BYTES = 2 * 1024 * 1024;

export interface FeedContext {
  signal: AbortSignal;
  timeoutMs: number;
  userAgent: string;
  now: () => number;
  /** Wall clock (epoch ms) to date RSS items. */
  wallClock: () => number;
  /** The run's --debug timeline. */
  log: (stage: 'status', message: string) => void;
}

/** One provider's feed as fetched and parsed, before it is matched to a target's POP. */
export interface FetchedFeed {
  provider: string;
  page: string | null;
  url: string;
  ms: number | null;
  result: { ok: true; facts: FeedFacts } | { ok: false; error: { code: string; message: string } };
}

/**
 * Fetches and parses one provider's feed at `url`: fetchFeed by default; record and replay (src/record/) wrap or
 * replace it, as they do the DNS querier and the edge prober, so a replay asks no status page.
 */
export type FeedFetcher = (provider: string, url: string, ctx: FeedContext) => Promise<FetchedFeed>;

/**
 * The run's status feeds: each provider's fetched at most once, on first use, shared by every target on it. A
 * provider with neither a table entry nor an override has no feed and is skipped.
 */
export class StatusBoard {
  readonly #feeds = new Map<string, Promise<FetchedFeed>>();
  constructor(
    private readonly options: StatusOptions,
    private readonly ctx: FeedContext,
    private readonly fetcher: FeedFetcher = fetchFeed,
  ) {}

  /** The feeds of a down target's providers: its CDN, the CDNs behind it, its DNS host; matched to its POP. */
  async forTarget(fp: Fingerprint): Promise<StatusFeed[]> {
    const ids = [...new Set([fp.cdn?.id, ...fp.layers.map((l) => l.id), fp.dns?.id].filter((id): id is string => typeof id === 'string'))];
    const fetched = await Promise.all(ids.flatMap((id) => this.#start(id) ?? []));
    return fetched.map((feed) => forPop(feed, fp.pop?.code ?? null));
  }

  #start(provider: string): Promise<FetchedFeed> | null {
    const known = this.#feeds.get(provider);
    if (known) return known;
    const url = feedUrl(this.options, provider);
    if (url === null) return null;
    const started = this.fetcher(provider, url, this.ctx);
    this.#feeds.set(provider, started);
    return started;
  }
}

/** The feed URL for a provider: its override, the `*` template, or the provider table's. */
export function feedUrl(options: StatusOptions, provider: string): string | null {
  const own = options.overrides[provider];
  if (own !== undefined) return own;
  const table = statusPageOf(provider);
  // `*` mirrors the pages cdn-check knows: a provider without one has none there either.
  if (table === null) return null;
  return options.all !== null ? options.all.replaceAll('{provider}', provider) : table.feed;
}

/** The real fetch: one GET, no redirects, bounded by --timeout, the run's signal and MAX_FEED_BYTES. */
export const fetchFeed: FeedFetcher = async (provider, url, ctx) => {
  const page = statusPageOf(provider)?.page ?? null;
  const t0 = ctx.now();
  const done = (result: FetchedFeed['result']): FetchedFeed => ({ provider, page, url, ms: Math.round(ctx.now() - t0), result });
  if (ctx.signal.aborted) return { provider, page, url, ms: null, result: { ok: false, error: { code: 'DEADLINE', message: 'the run ended before the status feed was asked' } } };
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  try {
    const response = await fetch(url, {
      signal: AbortSignal.any([ctx.signal, timeout]),
      redirect: 'manual',
      headers: { accept: 'application/json, application/rss+xml, application/xml;q=0.9, */*;q=0.5', 'user-agent': ctx.userAgent },
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      return done({ ok: false, error: { code: `HTTP_${response.status}`, message: `status feed answered HTTP ${response.status}` } });
    }
    const body = await readBounded(response, MAX_FEED_BYTES);
    const parsed = parseStatusFeed(body, ctx.wallClock());
    ctx.log('status', `${provider}: ${url} ${parsed.ok ? `${parsed.facts.format}, indicator ${parsed.facts.indicator ?? '-'}` : parsed.error.code}`);
    return done(parsed);
  } catch (error) {
    const code = ctx.signal.aborted ? 'DEADLINE' : timeout.aborted ? 'TIMEOUT' : socketCode(error);
    ctx.log('status', `${provider}: ${url} not reachable (${code})`);
    return done({ ok: false, error: { code, message: `status page not reachable (${code})` } });
  }
};

/** The body as text, at most `max` bytes (the rest is dropped: the parser then sees truncated JSON and says so). */
async function readBounded(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    chunks.push(chunk);
    size += chunk.byteLength;
    if (size >= max) break;
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

/** fetch() wraps socket errors: the errno name is on the cause (ENOTFOUND, ECONNREFUSED, ENETUNREACH …). */
function socketCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; errors?: { code?: unknown }[] } | undefined) : undefined;
  // Several addresses tried (IPv6 then IPv4): an AggregateError whose parts carry the codes.
  const raw = cause?.code ?? cause?.errors?.[0]?.code;
  const code = typeof raw === 'string' ? raw : null;
  return code !== null && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'FETCH_FAILED';
}

function forPop(feed: FetchedFeed, pop: string | null): StatusFeed {
  const base = { provider: feed.provider, page: feed.page, url: feed.url, ms: feed.ms };
  if (!feed.result.ok) return { ...base, ok: false, error: feed.result.error, format: null, indicator: null, description: null, incidents: [], components: [], componentsAffected: 0 };
  const { facts } = feed.result;
  return {
    ...base,
    ok: true,
    error: null,
    format: facts.format,
    indicator: facts.indicator,
    description: facts.description,
    incidents: facts.incidents,
    components: componentsForPop(facts.components, pop),
    componentsAffected: affectedCount(facts.components),
  };
}

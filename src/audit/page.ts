// The audit's page I/O: reads the landing page from the target's edge (bounded size, redirects followed only
// within the site), lists what it loads (page-parse.ts), and names the CDN of every host it loads from by that
// host's DNS chain, as the diagnosis fingerprints targets. Returns plain PageFacts; never rejects.
import type { Querier, QueryOptions } from '../dns/query.ts';
import { resolveChain } from '../dns/chain.ts';
import { registrableDomain, traceDns } from '../dns/trace.ts';
import { fingerprint } from '../fingerprint/match.ts';
import { openTcp, startTls } from '../probe/connect.ts';
import { hostHeaderFor } from '../probe/edge.ts';
import { edgeLabel } from '../probe/errors.ts';
import { exchange } from '../probe/http.ts';
import { sanitize } from '../render/sanitize.ts';
import type { ResolverAddress } from '../types.ts';
import { memo } from './memo.ts';
import { pageResources, type PageResource } from './page-parse.ts';

/** Decoded HTML kept: a landing page's head and the top of its body name what matters; the rest is cut. */
const PAGE_BODY_LIMIT = 1024 * 1024;
/** Redirects followed within the site (apex → www → /en/ is three). */
const MAX_REDIRECTS = 5;
/** Distinct hosts whose CDN is asked; past this the rest count as not fingerprinted. */
const MAX_PAGE_HOSTS = 100;
const USER_AGENT = 'cdn-check (audit; +https://github.com/cdn-check)';

export interface PageFacts {
  /** The URL whose HTML was read (after redirects within the site). */
  url: string;
  status: number | null;
  /** The HTML was longer than PAGE_BODY_LIMIT and was read in part. */
  truncated: boolean;
  /** Why no page (or not all of it) was read: a transport code, HTTP_<status>, REDIRECT_OFF_SITE, NOT_HTML. */
  error: { code: string; message: string } | null;
  resources: PageResource[];
  /** The CDN each distinct host is served by (provider id), null when its chain names none or did not resolve. */
  hosts: { host: string; cdn: string | null }[];
}

export interface PageOptions extends QueryOptions {
  query: Querier;
  resolver: ResolverAddress;
  /** The site's registrable domain: a redirect elsewhere is not followed. */
  zone: string | null;
  tlsPort: number;
  /** The run's answers per resource host (fonts.example.net is on many pages): asked once per run. */
  hostCache?: Map<string, Promise<string | null>>;
}

type Fetched = { ok: true; url: URL; status: number; body: string; truncated: boolean; contentType: string } | { ok: false; url: URL; status: number | null; error: { code: string; message: string } };

/** Reads the landing page of `host` from `address`, then the CDN of every host it loads from. */
export async function readPage(host: string, address: string, opts: PageOptions): Promise<PageFacts> {
  const fetched = await fetchWithinSite(new URL(`https://${host.includes(':') ? `[${host}]` : host}/`), address, opts);
  if (!fetched.ok) return { url: fetched.url.href, status: fetched.status, truncated: false, error: fetched.error, resources: [], hosts: [] };
  const base = { url: fetched.url.href, status: fetched.status, truncated: fetched.truncated };
  if (fetched.contentType !== '' && !/html/i.test(fetched.contentType)) {
    return { ...base, error: { code: 'NOT_HTML', message: `http: the page is ${sanitize(fetched.contentType, 80)}, not HTML` }, resources: [], hosts: [] };
  }
  const resources = pageResources(fetched.body, fetched.url.href);
  const distinct = [...new Set(resources.map((r) => r.host))];
  const asked = distinct.slice(0, MAX_PAGE_HOSTS);
  const cdns = await Promise.all(asked.map((h) => cdnOfHost(h, opts)));
  const hosts = distinct.map((h, i) => ({ host: h, cdn: cdns[i] ?? null }));
  return { ...base, error: null, resources, hosts };
}

/** GET `url` from `address`, following redirects that stay in the site's registrable domain. */
async function fetchWithinSite(start: URL, address: string, opts: PageOptions): Promise<Fetched> {
  let url = start;
  let at = address;
  for (let hop = 0; ; hop++) {
    const port = url.port ? Number(url.port) : opts.tlsPort;
    const where = edgeLabel(at, port);
    const bounds = { timeoutMs: opts.timeoutMs, signal: opts.signal, where };
    const { socket, outcome } = await openTcp(at, port, bounds);
    if (!outcome.ok) return { ok: false, url, status: null, error: outcome.error };
    const name = url.hostname.replace(/^\[|\]$/g, '');
    // The certificate is the CA section's business (and the diagnosis's); here the page is evidence of what it loads.
    const { tls, outcome: handshake } = await startTls(socket, { host: name }, bounds);
    if (!handshake.ok) return { ok: false, url, status: null, error: handshake.error };
    const ex = await exchange(tls, { hostHeader: hostHeaderFor(name, port, 'https'), path: `${url.pathname}${url.search}`, userAgent: USER_AGENT, bodyLimit: PAGE_BODY_LIMIT }, bounds);
    if (!ex.outcome.ok) return { ok: false, url, status: ex.status, error: ex.outcome.error };
    const status = ex.status ?? 0;
    const location = ex.headers['location'];
    if (status >= 300 && status < 400 && typeof location === 'string') {
      const next = safeUrl(location, url);
      if (!next || next.protocol !== 'https:') return { ok: false, url, status, error: { code: 'REDIRECT_NOT_HTTPS', message: `http: ${status} to ${sanitize(location, 200)}, not an https URL` } };
      if (registrableDomain(next.hostname) !== opts.zone) return { ok: false, url, status, error: { code: 'REDIRECT_OFF_SITE', message: `http: ${status} to ${sanitize(next.href, 200)}, outside ${opts.zone ?? url.hostname}: not followed` } };
      if (hop >= MAX_REDIRECTS) return { ok: false, url, status, error: { code: 'TOO_MANY_REDIRECTS', message: `http: more than ${MAX_REDIRECTS} redirects` } };
      if (next.hostname !== url.hostname) {
        const resolved = await resolveChain(next.hostname, opts.resolver, { timeoutMs: opts.timeoutMs, signal: opts.signal, query: opts.query, speculate: false });
        const nextAddress = resolved.addresses[0];
        if (!nextAddress) return { ok: false, url: next, status: null, error: { code: resolved.error?.code ?? 'NO_ADDRESS', message: resolved.error?.message ?? `dns: ${next.hostname} has no address` } };
        at = nextAddress;
      }
      url = next;
      continue;
    }
    if (status < 200 || status >= 300) return { ok: false, url, status, error: { code: `HTTP_${status}`, message: `http: ${status} from ${where} for ${sanitize(url.href, 200)}` } };
    const type = ex.headers['content-type'];
    return { ok: true, url, status, body: ex.body, truncated: ex.bodyTruncated, contentType: typeof type === 'string' ? type : '' };
  }
}

function safeUrl(raw: string, base: URL): URL | null {
  try {
    return new URL(raw, base);
  } catch {
    return null;
  }
}

/** The CDN `host` is served by, by its DNS chain alone (as --fingerprint-only names it); cached per run. */
function cdnOfHost(host: string, opts: PageOptions): Promise<string | null> {
  return memo(opts.hostCache, host, async () => {
    const dns = await traceDns(host, [opts.resolver], { timeoutMs: opts.timeoutMs, signal: opts.signal, query: opts.query, nameservers: false, speculate: false });
    return fingerprint({ host, dns, probes: [] }).cdn?.id ?? null;
  });
}

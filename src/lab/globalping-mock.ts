// A loopback Globalping API for the lab and the tests, following the documented API (OpenAPI spec in
// jsdelivr/globalping, public/v1): POST /v1/measurements (202 + Location, 400 validation_error,
// 422 no_probes_found, 429 rate_limit_exceeded with X-RateLimit-*), GET /v1/measurements/{id} (200 with an
// ETag, 304 on If-None-Match, 404 not_found, 429 too_many_requests with Retry-After), results going from
// in-progress to finished over several polls, offline probes, reuse of a measurement's probes by its id.
// One deliberate difference: private and loopback targets are allowed — here every target is one.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dnsTest, httpTest, type HttpTestRequest, type MockProbe, type ProbeView } from './globalping-probes.ts';

export interface MockOptions {
  probes: readonly MockProbe[];
  views: Record<string, ProbeView>;
  /** Tests per hour (probes), anonymous and with a token (the API's 250 / 500). */
  hourlyLimit?: { anonymous: number; authenticated: number };
  /** GETs a measurement has to see before it may read finished (in-progress → finished over several polls). Default 2. */
  pollsToFinish?: number;
  /** GETs per measurement per 2 s before a 429 with Retry-After (the API's 5). */
  getsPer2s?: number;
}

export interface GlobalpingMock {
  url: string;
  /** Requests received, in order ("POST /v1/measurements", "GET /v1/measurements/x 304"); tests check what was sent. */
  log: string[];
  /** The JSON bodies of POSTs, the Authorization and User-Agent headers seen and when (Date.now()), for tests. */
  posted: { body: unknown; authorization: string | null; userAgent: string | null; at: number }[];
  close(): Promise<void>;
}

interface Stored {
  id: string;
  type: string;
  target: string;
  createdAt: string;
  updatedAt: string;
  probes: MockProbe[];
  results: Record<string, unknown>[];
  pending: number;
  polls: number;
  gets: number[];
  options: Record<string, unknown>;
}

const DOCS = 'https://globalping.io/docs/api.globalping.io';
/** The API's per-measurement cap on probes (sum of location limits), anonymous and with a token. */
const PROBE_CAP = { anonymous: 50, authenticated: 500 };

export async function startGlobalpingMock(opts: MockOptions): Promise<GlobalpingMock> {
  const measurements = new Map<string, Stored>();
  const spent = new Map<string, number>();
  const log: string[] = [];
  const posted: GlobalpingMock['posted'] = [];
  const limits = opts.hourlyLimit ?? { anonymous: 250, authenticated: 500 };
  const pollsToFinish = opts.pollsToFinish ?? 2;
  const getsPer2s = opts.getsPer2s ?? 5;
  let url = '';

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { error: { type: 'api_error', message: 'Internal Server Error.' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'POST' && path === '/v1/measurements') return create(req, res);
    const m = /^\/v1\/measurements\/([a-zA-Z0-9]+)$/.exec(path);
    if (req.method === 'GET' && m) return get(m[1]!, req, res);
    log.push(`${req.method} ${path} 404`);
    json(res, 404, { error: { type: 'not_found', message: "Couldn't find the requested route." } });
  }

  async function create(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const authorization = header(req, 'authorization');
    posted.push({ body: safeParse(raw), authorization, userAgent: header(req, 'user-agent'), at: Date.now() });
    const tier = authorization?.startsWith('Bearer ') ? 'authenticated' : 'anonymous';
    const body = safeParse(raw) as Record<string, unknown> | null;
    const invalid = (field: string, message: string) => {
      log.push('POST /v1/measurements 400');
      json(res, 400, { error: { type: 'validation_error', message: 'Parameter validation failed.', params: { [field]: message } }, links: { documentation: `${DOCS}#post-/v1/measurements` } });
    };
    if (!body || typeof body !== 'object') return invalid('measurement', '"measurement" must be of type object');
    if (body.type !== 'dns' && body.type !== 'http') return invalid('type', '"type" must be one of [ping, traceroute, dns, mtr, http]');
    if (typeof body.target !== 'string' || body.target === '') return invalid('target', '"target" is required');
    const opt = (body.measurementOptions ?? {}) as Record<string, unknown>;

    let probes: MockProbe[];
    if (typeof body.locations === 'string') {
      const previous = measurements.get(body.locations);
      if (!previous) {
        log.push('POST /v1/measurements 422');
        return json(res, 422, { error: { type: 'no_probes_found', message: 'No matching IPv4 probes available.' }, links: { documentation: `${DOCS}#post-/v1/measurements` } });
      }
      probes = previous.probes;
    } else {
      const locations = Array.isArray(body.locations) ? (body.locations as Record<string, unknown>[]) : [{ magic: 'world', limit: typeof body.limit === 'number' ? body.limit : 1 }];
      const sum = locations.reduce((n, l) => n + (typeof l.limit === 'number' ? l.limit : 1), 0);
      if (sum > PROBE_CAP[tier]) return invalid('locations', `the sum of limits must be less than or equal to ${PROBE_CAP[tier]}`);
      probes = select(opts.probes, locations);
    }
    if (probes.length === 0) {
      log.push('POST /v1/measurements 422');
      return json(res, 422, { error: { type: 'no_probes_found', message: 'No matching IPv4 probes available.' }, links: { documentation: `${DOCS}#post-/v1/measurements` } });
    }

    // Each probe costs one test against the hourly limit (rate-limiter-post.ts consumes numberOfProbes).
    const who = authorization ?? `ip:${req.socket.remoteAddress ?? ''}`;
    const used = spent.get(who) ?? 0;
    const limit = limits[tier];
    const rate = (consumed: number, remaining: number) => ({ 'x-ratelimit-limit': String(limit), 'x-ratelimit-consumed': String(consumed), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': '3600' });
    if (used + probes.length > limit) {
      log.push('POST /v1/measurements 429');
      return json(res, 429, { error: { type: 'rate_limit_exceeded', message: 'This measurement exceeds the remaining hourly rate limit for your IP address.' }, links: { documentation: `${DOCS}#post-/v1/measurements` } }, rate(used, limit - used));
    }
    spent.set(who, used + probes.length);

    const id = randomBytes(12).toString('base64url').replace(/[^a-zA-Z0-9]/g, 'x').slice(0, 16);
    const now = new Date().toISOString();
    const timeoutS = typeof body.timeout === 'number' ? body.timeout : body.type === 'http' ? 15 : 10;
    const stored: Stored = { id, type: body.type, target: body.target, createdAt: now, updatedAt: now, probes, results: probes.map(() => ({ status: 'in-progress', rawOutput: '' })), pending: probes.length, polls: 0, gets: [], options: opt };
    measurements.set(id, stored);
    probes.forEach((probe, i) => {
      void runTest(probe, stored, timeoutS).then((result) => {
        stored.results[i] = result;
        stored.pending--;
        stored.updatedAt = new Date().toISOString();
      });
    });
    log.push('POST /v1/measurements 202');
    json(res, 202, { id, probesCount: probes.length }, { location: `${url}/v1/measurements/${id}`, ...rate(used + probes.length, limit - used - probes.length) });
  }

  async function runTest(probe: MockProbe, m: Stored, timeoutS: number): Promise<Record<string, unknown>> {
    if (probe.offline) return { status: 'offline', rawOutput: '' };
    const view = opts.views[probe.view ?? 'world'];
    if (!view) return { status: 'failed', failureSource: 'internal', rawOutput: 'probe misconfigured' };
    if (m.type === 'dns') {
      const q = (m.options.query ?? {}) as Record<string, unknown>;
      return dnsTest(view, m.target, typeof q.type === 'string' ? q.type : 'A', timeoutS);
    }
    const r = (m.options.request ?? {}) as Record<string, unknown>;
    const req: HttpTestRequest = {
      method: typeof r.method === 'string' ? r.method : 'HEAD',
      path: typeof r.path === 'string' ? r.path : '/',
      query: typeof r.query === 'string' ? r.query : '',
      protocol: m.options.protocol === 'HTTP' || m.options.protocol === 'HTTP2' ? m.options.protocol : 'HTTPS',
    };
    return httpTest(view, m.target, req, timeoutS);
  }

  function get(id: string, req: IncomingMessage, res: ServerResponse): void {
    const m = measurements.get(id);
    if (!m) {
      log.push(`GET /v1/measurements/${id} 404`);
      return json(res, 404, { error: { type: 'not_found', message: "Couldn't find the requested measurement." }, links: { documentation: `${DOCS}#get-/v1/measurements/-id-` } });
    }
    const now = Date.now();
    m.gets = m.gets.filter((t) => now - t < 2000);
    if (m.gets.length >= getsPer2s) {
      log.push(`GET /v1/measurements/${id} 429`);
      return json(res, 429, { error: { type: 'too_many_requests', message: 'Too many requests. Please retry in 5 seconds.' } }, { 'retry-after': '5' });
    }
    m.gets.push(now);
    m.polls++;
    const finished = m.pending === 0 && m.polls >= pollsToFinish;
    const body = {
      id: m.id,
      type: m.type,
      status: finished ? 'finished' : 'in-progress',
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
      target: m.target,
      probesCount: m.probes.length,
      ...(Object.keys(m.options).length > 0 ? { measurementOptions: m.options } : {}),
      results: m.probes.map((probe, i) => ({ probe: probeView(probe), result: finished || m.results[i]?.status !== 'in-progress' ? m.results[i] : { status: 'in-progress', rawOutput: '' } })),
    };
    const text = JSON.stringify(body);
    const etag = `"${createHash('sha1').update(text).digest('hex')}"`;
    if (header(req, 'if-none-match') === etag) {
      log.push(`GET /v1/measurements/${id} 304`);
      res.writeHead(304, { etag, 'cache-control': 'public, max-age=0' }).end();
      return;
    }
    log.push(`GET /v1/measurements/${id} 200 ${body.status}`);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', etag, 'cache-control': 'public, max-age=0' }).end(text);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    log,
    posted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The probes a list of locations selects: each location takes up to its `limit` matching probes not taken
 * yet. A location matches on the API's selector keys or, for `magic`, on any of country, city, state
 * (US-NY), continent, region, ASN (AS9498), network and tags — every `+`-joined condition must match;
 * "world" matches every probe.
 */
function select(fleet: readonly MockProbe[], locations: Record<string, unknown>[]): MockProbe[] {
  const taken = new Set<MockProbe>();
  for (const location of locations) {
    const limit = typeof location.limit === 'number' ? location.limit : 1;
    const matching = fleet.filter((probe) => !taken.has(probe) && matches(probe, location));
    for (const probe of matching.slice(0, limit)) taken.add(probe);
  }
  return fleet.filter((probe) => taken.has(probe));
}

function matches(probe: MockProbe, location: Record<string, unknown>): boolean {
  const eq = (a: unknown, b: string | number | null) => a === undefined || String(a).toLowerCase() === String(b).toLowerCase();
  if (!eq(location.country, probe.country) || !eq(location.continent, probe.continent) || !eq(location.city, probe.city) || !eq(location.asn, probe.asn) || !eq(location.network, probe.network)) return false;
  if (typeof location.magic !== 'string') return true;
  return location.magic.split('+').every((condition) => magicMatches(probe, condition.trim().toLowerCase()));
}

function magicMatches(probe: MockProbe, c: string): boolean {
  if (c === 'world') return true;
  const exact = [probe.country, probe.continent, probe.city, probe.region, `as${probe.asn}`, ...probe.tags, probe.state ? `${probe.country}-${probe.state}` : ''].map((s) => s.toLowerCase());
  // Network names match by part ("Telekom"), but only from 4 letters: "IN" is India, not every "Inc.".
  return exact.includes(c) || (c.length >= 4 && probe.network.toLowerCase().includes(c)) || (c === 'europe' && probe.continent === 'EU') || (c === 'asia' && probe.continent === 'AS');
}

function probeView(probe: MockProbe): Record<string, unknown> {
  const { view: _view, offline: _offline, ...rest } = probe;
  return { ...rest, latitude: 0, longitude: 0, resolvers: ['private'] };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1_000_000) break;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

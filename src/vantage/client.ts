// The Globalping REST client: create a measurement, then poll it (ETag / If-None-Match, 500 ms after each
// response, as the API's client guidelines ask) until it is final or the run's deadline comes. Every
// outcome is a value: an unreachable API, a 4xx/5xx, a 429, a malformed body never throw.
import { request } from 'undici';
import type { ErrorInfo } from '../types.ts';
import { readApiError, readCreated, readMeasurement, type ApiMeasurement } from './api.ts';
import type { VantageRateLimit } from './types.ts';

/** Stable codes of the remote part's failures (each becomes "remote vantage unavailable: …"). */
export const VANTAGE_CODES = {
  unreachable: 'VANTAGE_UNREACHABLE',
  rejected: 'VANTAGE_REJECTED',
  rateLimited: 'VANTAGE_RATE_LIMITED',
  noProbes: 'VANTAGE_NO_PROBES',
  malformed: 'VANTAGE_MALFORMED',
  deadline: 'VANTAGE_DEADLINE',
  cap: 'VANTAGE_CAP',
  internal: 'VANTAGE_INTERNAL',
} as const;

/** The guidelines' pause after each poll response. */
const POLL_INTERVAL_MS = 500;
/** Bodies larger than this are not Globalping measurements (50 probes × 10 KB bodies stay far below). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface ClientConfig {
  /** API root without trailing slash. */
  apiUrl: string;
  /** Sent as a Bearer token; never logged or reported. */
  token: string | null;
  userAgent: string;
  /** Monotonic clock (ms) and the moment the remote part must be done by. */
  now: () => number;
  deadlineAt: number;
  signal: AbortSignal;
}

type Reply = { ok: true; status: number; headers: Record<string, string | string[] | undefined>; body: unknown } | { ok: false; error: ErrorInfo };

export type Created = { ok: true; id: string; probesCount: number; rateLimit: VantageRateLimit | null } | { ok: false; error: ErrorInfo; rateLimit: VantageRateLimit | null };

/** POST /v1/measurements. A 429 whose Retry-After ends before the deadline is waited out and tried once more. */
export async function createMeasurement(cfg: ClientConfig, body: object): Promise<Created> {
  for (let attempt = 0; ; attempt++) {
    const reply = await send(cfg, 'POST', '/v1/measurements', { 'content-type': 'application/json' }, JSON.stringify(body));
    if (!reply.ok) return { ok: false, error: reply.error, rateLimit: null };
    const rateLimit = readRateLimit(reply.headers);
    if (reply.status === 202) {
      const created = readCreated(reply.body);
      if (!created) return { ok: false, error: { code: VANTAGE_CODES.malformed, message: 'the API accepted the measurement but sent no id' }, rateLimit };
      return { ok: true, ...created, rateLimit };
    }
    const api = readApiError(reply.body);
    if (reply.status === 429) {
      const wait = retryAfterMs(reply.headers);
      if (attempt === 0 && wait !== null && cfg.now() + wait < cfg.deadlineAt && (await pause(wait, cfg.signal))) continue;
      const left = rateLimit?.remaining !== null && rateLimit?.remaining !== undefined ? `; ${rateLimit.remaining} tests left this hour` : '';
      const reset = rateLimit?.resetSeconds ? `, resets in ${rateLimit.resetSeconds} s` : '';
      return { ok: false, error: { code: VANTAGE_CODES.rateLimited, message: `Globalping rate limit: ${api?.message ?? 'too many requests'}${left}${reset}` }, rateLimit };
    }
    if (reply.status === 422 && api?.type === 'no_probes_found') return { ok: false, error: { code: VANTAGE_CODES.noProbes, message: `no Globalping probe matches: ${api.message}` }, rateLimit };
    return { ok: false, error: { code: VANTAGE_CODES.rejected, message: `Globalping answered ${reply.status}${api ? ` ${api.type}: ${api.message}` : ''}` }, rateLimit };
  }
}

export type Polled = { measurement: ApiMeasurement | null; error: ErrorInfo | null };

/**
 * GET /v1/measurements/{id} until its status is not `in-progress`, sending the last ETag so an unchanged
 * measurement costs a 304. 429 waits Retry-After when the deadline allows. At the deadline, the last
 * measurement seen is returned (its unfinished tests read as unknown) with a VANTAGE_DEADLINE error.
 */
export async function awaitMeasurement(cfg: ClientConfig, id: string): Promise<Polled> {
  let etag: string | null = null;
  let last: ApiMeasurement | null = null;
  const path = `/v1/measurements/${encodeURIComponent(id)}`;
  for (;;) {
    const reply = await send(cfg, 'GET', path, etag ? { 'if-none-match': etag } : {});
    if (!reply.ok) return { measurement: last, error: reply.error };
    let wait = POLL_INTERVAL_MS;
    if (reply.status === 200) {
      const measurement = readMeasurement(reply.body);
      if (!measurement) return { measurement: last, error: { code: VANTAGE_CODES.malformed, message: 'the measurement the API sent is not one' } };
      last = measurement;
      const tag = reply.headers.etag;
      etag = typeof tag === 'string' ? tag.slice(0, 256) : null;
      if (measurement.status !== 'in-progress') return { measurement, error: null };
    } else if (reply.status === 429) {
      wait = Math.max(retryAfterMs(reply.headers) ?? 1000, POLL_INTERVAL_MS);
    } else if (reply.status !== 304) {
      const api = readApiError(reply.body);
      return { measurement: last, error: { code: VANTAGE_CODES.rejected, message: `Globalping answered ${reply.status}${api ? ` ${api.type}: ${api.message}` : ''} for measurement ${id}` } };
    }
    if (cfg.now() + wait >= cfg.deadlineAt || !(await pause(wait, cfg.signal))) {
      return { measurement: last, error: { code: VANTAGE_CODES.deadline, message: `measurement ${id} not finished before the deadline` } };
    }
  }
}

async function send(cfg: ClientConfig, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  const left = cfg.deadlineAt - cfg.now();
  if (left <= 0 || cfg.signal.aborted) return { ok: false, error: { code: VANTAGE_CODES.deadline, message: 'no time left before the deadline' } };
  const signal = AbortSignal.any([cfg.signal, AbortSignal.timeout(Math.ceil(left))]);
  try {
    const res = await request(`${cfg.apiUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'user-agent': cfg.userAgent,
        ...(cfg.token ? { authorization: `Bearer ${cfg.token}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body } : {}),
      // undici's request follows no redirect: a moved API root is an answer to report, not to chase.
      signal,
    });
    const text = await readCapped(res.body);
    let parsed: unknown = null;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        if (res.statusCode === 200 || res.statusCode === 202) return { ok: false, error: { code: VANTAGE_CODES.malformed, message: `the API's ${res.statusCode} reply is not JSON` } };
      }
    }
    return { ok: true, status: res.statusCode, headers: res.headers, body: parsed };
  } catch (error) {
    if (signal.aborted) return { ok: false, error: { code: VANTAGE_CODES.deadline, message: 'the API did not answer before the deadline' } };
    const code = (error as { code?: unknown }).code;
    return { ok: false, error: { code: VANTAGE_CODES.unreachable, message: `cannot reach the Globalping API (${typeof code === 'string' ? code : 'error'})` } };
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy?: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy?.();
      throw Object.assign(new Error('reply too large'), { code: 'REPLY_TOO_LARGE' });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Retry-After in ms (seconds form only, as Globalping sends it), bounded to an hour; null when absent. */
function retryAfterMs(headers: Record<string, string | string[] | undefined>): number | null {
  const value = headers['retry-after'];
  if (typeof value !== 'string' || !/^\d{1,5}$/.test(value.trim())) return null;
  return Math.min(Number(value), 3600) * 1000;
}

function readRateLimit(headers: Record<string, string | string[] | undefined>): VantageRateLimit | null {
  const n = (name: string) => {
    const v = headers[name];
    return typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v) : null;
  };
  const limit = n('x-ratelimit-limit');
  const remaining = n('x-ratelimit-remaining');
  const resetSeconds = n('x-ratelimit-reset');
  return limit === null && remaining === null && resetSeconds === null ? null : { limit, remaining, resetSeconds };
}

/** Waits `ms`; false when the signal aborted first. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// The recording: everything one run observed (DNS exchanges, edge probes, remote measurements, the options and
// the report), as one versioned JSON document (schema/recording.schema.json). Pure: the shape, the secrets left
// out, and the checks a file must pass before it is replayed.
import type { QueryResult } from '../dns/query.ts';
import type { Options } from '../options.ts';
import { escapeUnsafe } from '../render/json.ts';
import { sanitize } from '../render/sanitize.ts';
import type { FetchedFeed } from '../status/fetch.ts';
import type { EdgeProbe, RecordType, Report } from '../types.ts';
import { UsageError } from '../usage.ts';
import type { VantageReport } from '../vantage/types.ts';

/** Bumped when a field changes meaning or goes away; new optional fields keep it. */
export const RECORDING_VERSION = 1;

/** The run's choices that shape what it asked and how it decided (never the environment: no tokens, no proxies). */
export type RecordedOptions = Pick<
  Options,
  'port' | 'insecure' | 'timeoutMs' | 'deadlineMs' | 'canaries' | 'builtinCanaries' | 'controls' | 'builtinControls' | 'strict' | 'concurrency' | 'fingerprintOnly' | 'noproxy'
> & {
  /** The targets as typed. */
  targets: string[];
  /** --from, --probes, --max-tests as given (the Globalping token is never recorded). */
  vantage: { from: string; probes: number; maxTests: number } | null;
};

/** Where an exchange stood when the run's deadline passed (replay passes it at the same point). */
export type DeadlineMark = 'during' | 'before';

/** One question to one resolver and what came back (`result` is the querier's whole result, carried as it is). */
export interface DnsExchange {
  resolver: string;
  /** Lower case, no trailing dot. */
  name: string;
  type: RecordType;
  result: QueryResult;
  /** When the run's --deadline passed: 'during' this exchange (it was cut or ended late), or 'before' it began; absent: after it ended. */
  deadline?: DeadlineMark;
}

/** One edge probe: where it went, as whom, and the whole EdgeProbe it gave (fields added later are carried too). */
export interface ProbeExchange {
  address: string;
  port: number;
  /** SNI and certificate name (the target's host). */
  host: string;
  scheme: 'https' | 'http';
  path: string;
  result: EdgeProbe;
  deadline?: DeadlineMark;
}

/** One target's remote measurement (--from). */
export interface VantageExchange {
  target: string;
  result: VantageReport;
  deadline?: DeadlineMark;
}

/** One provider's status feed as the run read it (provider, url, ms, the parsed facts or the error), never its raw body. */
export type FeedExchange = FetchedFeed & { deadline?: DeadlineMark };

export interface Recording {
  recordingVersion: typeof RECORDING_VERSION;
  tool: { name: 'cdn-check'; version: string };
  recordedAt: string;
  options: RecordedOptions;
  /** The resolvers the run asked: resolv.conf's in system mode (they may differ on the machine that replays). */
  resolvers: { mode: 'system' | 'explicit'; resolvers: string[]; fallbacks: string[] };
  /** The run's --deadline passed before it finished: exchanges cut short by it say DEADLINE. */
  deadlineReached: boolean;
  dns: DnsExchange[];
  probes: ProbeExchange[];
  vantage: VantageExchange[];
  /** The status feeds the run read; absent when it read none by choice (--no-status, --fingerprint-only) or predates them. */
  statusFeeds?: FeedExchange[];
  exitCode: number;
  /** The report the run made; null when it streamed (--ndjson): a replay makes it again. */
  report: Report | null;
}

const REDACTED = '[redacted]';
/** Header names whose values are credentials or session state wherever they appear. */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|www-authenticate|proxy-authenticate)$|token|secret|passw|api[-_]?key|session|csrf|xsrf|signature|credential/i;
/** Query parameters whose values are credentials (signed URLs, one-time links in a Location header). */
const SECRET_PARAM = /token|secret|passw|key|sig|auth|session|code|credential|ticket/i;

/**
 * The headers with secrets left out: a secret-looking header's value, every cookie's value (its name stays:
 * `__cf_bm=` is evidence), and secret-looking query parameters in a Location.
 */
function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') out[name] = Array.isArray(value) ? value.map(cookieName) : typeof value === 'string' ? cookieName(value) : value;
    else if (SECRET_HEADER.test(lower)) out[name] = REDACTED;
    else if (lower === 'location' && typeof value === 'string') out[name] = redactUrl(value);
    else out[name] = value;
  }
  return out;
}

function cookieName(cookie: unknown): unknown {
  if (typeof cookie !== 'string') return cookie;
  const eq = cookie.indexOf('=');
  return eq === -1 ? REDACTED : `${cookie.slice(0, eq)}=${REDACTED}`;
}

/** A URL with the values of secret-looking query parameters and any user:password replaced. */
function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, `$1${REDACTED}@`)
    .replace(/([?&])([^=&#]*)=([^&#]*)/g, (whole, sep: string, name: string) => (SECRET_PARAM.test(name) ? `${sep}${name}=${REDACTED}` : whole));
}

/** Walks any value and redacts every `headers` map and `location` URL in it, whatever object holds them. */
function redactSecrets<T>(value: T): T {
  const walk = (v: unknown, key: string | null): unknown => {
    if (Array.isArray(v)) return v.map((item) => walk(item, null));
    if (typeof v === 'string') return key === 'location' ? redactUrl(v) : v;
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v).map(([k, inner]) => [k, walk(inner, k)] as const);
    const obj = Object.fromEntries(entries);
    return key === 'headers' ? redactHeaders(obj) : obj;
  };
  return walk(value, null) as T;
}

/** The document as written: 2-space JSON, secrets left out, escaped like the report (no raw terminal controls). */
export function renderRecording(recording: Recording): string {
  return `${escapeUnsafe(JSON.stringify(redactSecrets(recording), null, 2))}\n`;
}

/**
 * Parses and checks a recording's text. A newer recording version, or a file that is not a recording, is a
 * UsageError (exit 64) naming the file and what is wrong. Only what replay reads is checked here; the JSON Schema
 * says the rest. Fields a newer cdn-check added within the same version are carried along, unread.
 */
export function parseRecording(text: string, label: string): Recording {
  const fail = (why: string): never => {
    throw new UsageError(`${sanitize(label, 120)}: ${why}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return fail(`not a cdn-check recording (not JSON: ${sanitize((error as Error).message, 80)})`);
  }
  if (!isObject(doc) || !('recordingVersion' in doc)) return fail('not a cdn-check recording (no recordingVersion)');
  const version = doc.recordingVersion;
  const tool = isObject(doc.tool) && typeof doc.tool.version === 'string' ? ` by cdn-check ${sanitize(doc.tool.version, 20)}` : '';
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return fail(`not a cdn-check recording (recordingVersion ${sanitize(String(version), 20)})`);
  if (version > RECORDING_VERSION) return fail(`recording version ${version} (made${tool}) is newer than this cdn-check reads (${RECORDING_VERSION}): upgrade cdn-check to replay it`);

  const o = doc.options;
  if (!isObject(o) || !isStrings(o.targets) || o.targets.length === 0) return fail('invalid recording: options.targets is not a list of targets');
  for (const key of ['timeoutMs', 'deadlineMs', 'concurrency'] as const) if (typeof o[key] !== 'number') return fail(`invalid recording: options.${key} is not a number`);
  if (!Array.isArray(o.canaries) || !o.canaries.every((c) => isObject(c) && typeof c.provider === 'string' && typeof c.host === 'string')) return fail('invalid recording: options.canaries');
  if (!isStrings(o.controls)) return fail('invalid recording: options.controls');
  const r = doc.resolvers;
  if (!isObject(r) || (r.mode !== 'system' && r.mode !== 'explicit') || !isStrings(r.resolvers) || !isStrings(r.fallbacks)) return fail('invalid recording: resolvers');
  const bad = (list: unknown, ok: (e: Record<string, unknown>) => boolean): boolean => !Array.isArray(list) || !list.every((e) => isObject(e) && ok(e));
  if (bad(doc.dns, (e) => typeof e.resolver === 'string' && typeof e.name === 'string' && typeof e.type === 'string' && isObject(e.result) && typeof e.result.ok === 'boolean')) {
    return fail('invalid recording: a dns exchange lacks resolver, name, type or result');
  }
  if (bad(doc.probes, (e) => typeof e.address === 'string' && typeof e.port === 'number' && typeof e.host === 'string' && isObject(e.result) && isObject(e.result.tcp))) {
    return fail('invalid recording: a probe lacks address, port, host or result');
  }
  if (bad(doc.vantage ?? [], (e) => typeof e.target === 'string' && isObject(e.result))) return fail('invalid recording: a vantage entry lacks target or result');
  if (bad(doc.statusFeeds ?? [], (e) => typeof e.provider === 'string' && typeof e.url === 'string' && isObject(e.result) && typeof e.result.ok === 'boolean')) {
    return fail('invalid recording: a status feed lacks provider, url or result');
  }
  if (typeof doc.exitCode !== 'number') return fail('invalid recording: exitCode is not a number');
  return { ...doc, vantage: doc.vantage ?? [] } as unknown as Recording;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

// Which HTTP CONNECT proxy a probe goes through, decided as curl decides it: the proxy variables of the
// environment, NO_PROXY and --noproxy. Pure: strings in, a plan out; nothing here opens a socket.
import { cidrContains, parseAddress, parseCidr, type Cidr } from '../fingerprint/ip-ranges.ts';

/** A proxy to tunnel through. Never carries the password in a printable field. */
export interface ProxyServer {
  /** Host name or IP literal (no brackets). */
  host: string;
  port: number;
  /** "127.0.0.1:3128", "[::1]:3128", "proxy.corp:8080": what reports and messages show. Never credentials. */
  label: string;
  /** The Proxy-Authorization header value ("Basic …") when the URL carried user:pass, else null. */
  authorization: string | null;
}

/** One NO_PROXY / --noproxy entry. */
export type NoProxyRule =
  | { kind: 'name'; suffix: string; port: number | null }
  | { kind: 'ip'; cidr: Cidr; port: number | null };

export interface ProxySettings {
  /** The proxy for https:// targets, or null (go direct). */
  https: ProxyServer | null;
  /** The proxy for http:// targets, or null. */
  http: ProxyServer | null;
  /** Hosts that go direct: 'all' for "*". */
  noProxy: NoProxyRule[] | 'all';
}

export type ProxySettingsResult = { ok: true; settings: ProxySettings } | { ok: false; message: string };

/** A configuration with no proxy at all (the default, and what tests get from an empty env). */
const DIRECT: ProxySettings = { https: null, http: null, noProxy: [] };

/**
 * Where curl looks for each scheme's proxy, first found wins (lower case first). curl never reads HTTP_PROXY in
 * upper case: a CGI server sets that variable from a request's "Proxy:" header (httpoxy), so a client reading it
 * lets any caller pick the proxy.
 */
const PROXY_ENV: Readonly<Record<'https' | 'http', readonly string[]>> = {
  https: ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'],
  http: ['http_proxy', 'all_proxy', 'ALL_PROXY'],
};
const NO_PROXY_ENV: readonly string[] = ['no_proxy', 'NO_PROXY'];

/** curl's default proxy port when the URL names none. */
const DEFAULT_PROXY_PORT = 1080;

/** Proxy schemes curl knows that cdn-check does not speak: named in the error so the user knows why. */
const UNSUPPORTED_SCHEMES: ReadonlySet<string> = new Set(['https', 'socks4', 'socks4a', 'socks5', 'socks5h']);

const HOST_NAME = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i;

/** The value of the first variable in `names` that is set and not empty (curl treats "" as unset). */
function firstSet(env: Record<string, string | undefined>, names: readonly string[]): { name: string; value: string } | null {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, value: value.trim() };
  }
  return null;
}

/**
 * A proxy URL with its credentials masked, for messages: "http://alice:***@proxy:3128". Everything up to
 * the last "@" after the scheme is userinfo; the user name is kept, the rest is not.
 */
export function redactProxyUrl(raw: string): string {
  const schemeEnd = raw.indexOf('://');
  const start = schemeEnd === -1 ? 0 : schemeEnd + 3;
  const at = raw.lastIndexOf('@');
  if (at < start) return raw;
  const user = raw.slice(start, at).split(':')[0] ?? '';
  return `${raw.slice(0, start)}${user}:***${raw.slice(at)}`;
}

function decodeOrNull(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** "[::1]:3128" or "127.0.0.1:3128" or "proxy:3128". */
function hostPortLabel(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Splits "host", "host:port", "[v6]" or "[v6]:port"; null when it is none of those. */
function splitHostPort(text: string): { host: string; port: string | null } | null {
  if (text.startsWith('[')) {
    const m = /^\[([0-9a-f:.]+)\](?::(.*))?$/i.exec(text);
    return m ? { host: m[1]!, port: m[2] ?? null } : null;
  }
  const colon = text.indexOf(':');
  if (colon === -1) return { host: text, port: null };
  if (text.indexOf(':', colon + 1) !== -1) return null; // a bare IPv6 needs brackets in a URL
  return { host: text.slice(0, colon), port: text.slice(colon + 1) };
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : null;
}

/**
 * Parses a proxy URL as curl reads one: "http://host:port", "host:port" (scheme http), "host" (port 1080),
 * "[::1]:3128", each with optional "user:pass@" (percent-encoded; becomes Basic Proxy-Authorization) and an
 * ignored trailing "/". https:// and socks proxies are refused by name (cdn-check speaks HTTP CONNECT only).
 * Messages never contain the password.
 */
export function parseProxyUrl(raw: string): { ok: true; proxy: ProxyServer } | { ok: false; reason: string } {
  let rest = raw.trim();
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (schemeMatch) {
    const scheme = schemeMatch[1]!.toLowerCase();
    if (UNSUPPORTED_SCHEMES.has(scheme)) return { ok: false, reason: `${scheme}:// proxies are not supported (only http:// CONNECT proxies)` };
    if (scheme !== 'http') return { ok: false, reason: `unknown proxy scheme "${scheme}" (only http:// is supported)` };
    rest = rest.slice(schemeMatch[0].length);
  }
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    if (rest.slice(slash) !== '/') return { ok: false, reason: 'a proxy URL has no path' };
    rest = rest.slice(0, slash);
  }
  const at = rest.lastIndexOf('@');
  let authorization: string | null = null;
  if (at !== -1) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    const user = decodeOrNull(colon === -1 ? userinfo : userinfo.slice(0, colon));
    const pass = decodeOrNull(colon === -1 ? '' : userinfo.slice(colon + 1));
    if (user === null || pass === null) return { ok: false, reason: 'the user name or password is not valid percent-encoding' };
    authorization = `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;
  }
  const split = splitHostPort(rest);
  if (!split || split.host === '') return { ok: false, reason: 'no proxy host (expected http://host:port)' };
  const host = split.host.replace(/\.$/, '');
  if (!parseAddress(host) && !HOST_NAME.test(host)) return { ok: false, reason: 'the proxy host is not a host name or IP address' };
  const port = split.port === null || split.port === '' ? DEFAULT_PROXY_PORT : parsePort(split.port);
  if (port === null) return { ok: false, reason: 'the proxy port is not a number from 1 to 65535' };
  return { ok: true, proxy: { host: host.toLowerCase(), port, label: hostPortLabel(host.toLowerCase(), port), authorization } };
}

/**
 * Parses a NO_PROXY / --noproxy list as curl does: entries separated by commas (or spaces); "*" alone means every
 * host; a name matches itself and every name below it, with or without a leading "." (or "*."); an IP literal
 * matches that address and a CIDR ("10.0.0.0/8") every address inside; "[v6]" brackets are allowed; an entry
 * may end in ":port" to match that port only (curl ignores ports; Go and wget honour them). Invalid entries are
 * ignored, as curl ignores them.
 */
export function parseNoProxy(list: string): NoProxyRule[] | 'all' {
  const rules: NoProxyRule[] = [];
  for (const raw of list.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return 'all';
    const rule = noProxyRule(entry);
    if (rule) rules.push(rule);
  }
  return rules;
}

function noProxyRule(entry: string): NoProxyRule | null {
  // A bare IPv6 address or CIDR: colons are the address's own, not a port.
  const bare = !entry.startsWith('[') && entry.split(':').length > 2;
  const split = bare ? { host: entry, port: null } : splitHostPort(entry);
  if (!split) return null;
  const port = split.port === null ? null : parsePort(split.port);
  if (split.port !== null && port === null) return null;
  const cidr = parseCidr(split.host) ?? (parseAddress(split.host) ? parseCidr(`${split.host}/${split.host.includes(':') ? 128 : 32}`) : null);
  if (cidr) return { kind: 'ip', cidr, port };
  const suffix = split.host.replace(/^\*?\./, '').replace(/\.$/, '');
  if (suffix === '' || !HOST_NAME.test(suffix)) return null;
  return { kind: 'name', suffix, port };
}

/** True when `host` (a name or IP literal, no brackets) on `port` must not go through the proxy. */
export function bypassesProxy(host: string, port: number, noProxy: NoProxyRule[] | 'all'): boolean {
  if (noProxy === 'all') return true;
  const name = host.toLowerCase().replace(/\.$/, '');
  const address = parseAddress(name);
  return noProxy.some((rule) => {
    if (rule.port !== null && rule.port !== port) return false;
    if (rule.kind === 'ip') return address !== null && cidrContains(rule.cidr, address);
    return address === null && (name === rule.suffix || name.endsWith(`.${rule.suffix}`));
  });
}

/**
 * The proxy settings of a run: the environment's proxy variables (see PROXY_ENV) and NO_PROXY, with
 * `noproxyFlag` (--noproxy) replacing NO_PROXY when given, even as "" (as curl). A proxy variable that names
 * an unsupported or malformed URL is an error naming the variable (credentials masked), unless every host
 * bypasses the proxy anyway ("*"), so `--noproxy '*'` is always a way out.
 */
export function proxySettings(env: Record<string, string | undefined>, noproxyFlag: string | null): ProxySettingsResult {
  const noProxySource = noproxyFlag ?? firstSet(env, NO_PROXY_ENV)?.value ?? '';
  const noProxy = parseNoProxy(noProxySource);
  if (noProxy === 'all') return { ok: true, settings: { ...DIRECT, noProxy } };
  const pick = (scheme: 'https' | 'http'): { ok: true; proxy: ProxyServer | null } | { ok: false; message: string } => {
    const found = firstSet(env, PROXY_ENV[scheme]);
    if (!found) return { ok: true, proxy: null };
    const parsed = parseProxyUrl(found.value);
    if (parsed.ok) return parsed;
    return { ok: false, message: `${found.name} "${redactProxyUrl(found.value)}": ${parsed.reason}` };
  };
  const https = pick('https');
  if (!https.ok) return https;
  const http = pick('http');
  if (!http.ok) return http;
  return { ok: true, settings: { https: https.proxy, http: http.proxy, noProxy } };
}

/** The proxy a probe of `host:port` over `scheme` goes through, or null for a direct connection. */
export function proxyFor(settings: ProxySettings, scheme: 'https' | 'http', host: string, port: number): ProxyServer | null {
  const proxy = settings[scheme];
  if (!proxy) return null;
  return bypassesProxy(host, port, settings.noProxy) ? null : proxy;
}

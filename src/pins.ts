// curl's --resolve host:port:address[,address…]: a pin that skips DNS for one host on one port and sends the
// probes to the addresses given. Parsing is pure and returns the reason a spec is malformed, as data.
import { ipFamily } from './ip.ts';
import { parseTarget } from './target.ts';

/** One --resolve pin, normalised: the host as targets normalise it, IP literals without brackets. */
export interface Pin {
  host: string;
  port: number;
  addresses: string[];
  /** The spec as typed, for the report ("paytm.com:443:127.0.0.1"). */
  spec: string;
}

export type PinParse = { ok: true; pin: Pin } | { ok: false; reason: string };

const FORM = 'expected host:port:address[,address…] (e.g. paytm.com:443:203.0.113.7 or paytm.com:443:[2001:db8::7])';

/**
 * Parses `host:port:address[,address…]`. IPv6 addresses are bracketed (`[2001:db8::1]`), as curl writes them;
 * curl's wildcard host (`*`), `+` (late) and `-` (removal) forms are refused, since a run has no cache to edit.
 * The host is normalised as a target's host is (lower case, punycode, no trailing dot).
 */
export function parsePin(spec: string): PinParse {
  const fail = (reason: string): PinParse => ({ ok: false, reason });
  const text = spec.trim();
  if (text.startsWith('+') || text.startsWith('-')) return fail(`the ${text[0]} forms of curl's --resolve are not supported; ${FORM}`);
  const m = /^([^:[\]]+):([^:]*):(.+)$/.exec(text);
  if (!m) return fail(FORM);
  const [, rawHost = '', rawPort = '', rawAddresses = ''] = m;
  if (rawHost === '*') return fail('a wildcard host is not supported: name the host');
  const target = parseTarget(rawHost);
  if (!target.ok) return fail(`host "${rawHost}": ${target.reason}`);
  if (target.target.isIp) return fail(`host "${rawHost}" is an IP address: there is no DNS to skip`);
  if (!/^\d+$/.test(rawPort) || Number(rawPort) < 1 || Number(rawPort) > 65535) return fail(`port "${rawPort}" is not a number from 1 to 65535`);
  const addresses: string[] = [];
  for (const piece of rawAddresses.split(',')) {
    const item = piece.trim();
    const bare = item.startsWith('[') && item.endsWith(']') ? item.slice(1, -1) : item;
    const family = ipFamily(bare);
    if (family === 0 || bare.includes('%')) return fail(`"${item}" is not an IP address`);
    if (family === 6 && bare === item) return fail(`IPv6 address "${item}" must be in brackets: [${item}]`);
    if (!addresses.includes(bare.toLowerCase())) addresses.push(bare.toLowerCase());
  }
  return { ok: true, pin: { host: target.target.host, port: Number(rawPort), addresses, spec: text } };
}

/** The pin for `host` probed on `port`, if one was given (the last one given wins, as curl's last --resolve does). */
export function pinFor(pins: readonly Pin[], host: string, port: number): Pin | null {
  for (let i = pins.length - 1; i >= 0; i--) {
    const pin = pins[i]!;
    if (pin.host === host && pin.port === port) return pin;
  }
  return null;
}

/** One --connect-to rule (curl's): probes of `host` on `port` go to `toHost` on `toPort` instead; null = any / the same. */
export interface ConnectTo {
  /** The host it applies to; null = every host (curl's empty field). */
  host: string | null;
  /** The port it applies to; null = every port. */
  port: number | null;
  /** Where to connect: a name (resolved instead of the target's) or an IP literal; null = the target's own host. */
  toHost: string | null;
  /** The port to connect to; null = the same port. */
  toPort: number | null;
  /** The spec as typed, for the report. */
  spec: string;
}

export type ConnectToParse = { ok: true; rule: ConnectTo } | { ok: false; reason: string };

const CONNECT_FORM = 'expected host:port:connect-host:connect-port (any field may be empty, e.g. paytm.com:443:edge.example.net:8443)';

/** A host field of --connect-to: empty (null), a name normalised as targets are, or an IP literal (IPv6 in brackets). */
function hostField(raw: string): { ok: true; host: string | null } | { ok: false; reason: string } {
  if (raw === '') return { ok: true, host: null };
  const bare = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  if (ipFamily(bare) === 6 && bare !== raw) return { ok: true, host: bare.toLowerCase() };
  const parsed = parseTarget(raw);
  return parsed.ok ? { ok: true, host: parsed.target.host } : { ok: false, reason: `host "${raw}": ${parsed.reason}` };
}

function portField(raw: string): number | null | undefined {
  if (raw === '') return null;
  const n = Number(raw);
  return /^\d+$/.test(raw) && n >= 1 && n <= 65535 ? n : undefined;
}

/** Parses `host:port:connect-host:connect-port` as curl does (each field may be empty; IPv6 hosts in brackets). */
export function parseConnectTo(spec: string): ConnectToParse {
  const fail = (reason: string): ConnectToParse => ({ ok: false, reason });
  const text = spec.trim();
  const m = /^(\[[^\]]*\]|[^:[\]]*):([^:]*):(\[[^\]]*\]|[^:[\]]*):([^:]*)$/.exec(text);
  if (!m) return fail(CONNECT_FORM);
  const [, rawHost = '', rawPort = '', rawTo = '', rawToPort = ''] = m;
  const host = hostField(rawHost);
  if (!host.ok) return fail(host.reason);
  const to = hostField(rawTo);
  if (!to.ok) return fail(to.reason.replace('host', 'connect host'));
  const port = portField(rawPort);
  if (port === undefined) return fail(`port "${rawPort}" is not a number from 1 to 65535`);
  const toPort = portField(rawToPort);
  if (toPort === undefined) return fail(`connect port "${rawToPort}" is not a number from 1 to 65535`);
  return { ok: true, rule: { host: host.host, port, toHost: to.host, toPort, spec: text } };
}

/** Where a probe of `host` on `port` connects: the first matching --connect-to rule (as curl), else there itself. */
export function connectFor(rules: readonly ConnectTo[], host: string, port: number): { host: string; port: number; rule: ConnectTo | null } {
  const rule = rules.find((r) => (r.host === null || r.host === host) && (r.port === null || r.port === port));
  return rule ? { host: rule.toHost ?? host, port: rule.toPort ?? port, rule } : { host, port, rule: null };
}

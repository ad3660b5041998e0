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

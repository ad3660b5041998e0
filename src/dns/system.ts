// Where queries go: `--resolver ip[:port]` specs, or the system's nameservers from /etc/resolv.conf.
import { readFile } from 'node:fs/promises';
import { ipFamily } from '../ip.ts';
import type { ErrorInfo, ResolverAddress } from '../types.ts';

const DEFAULT_DNS_PORT = 53;
const RESOLV_CONF = '/etc/resolv.conf';

/** "127.0.0.1:53", "[::1]:5353". */
export function resolverLabel(host: string, port: number): string {
  return ipFamily(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Parses `ip[:port]`: `127.0.0.1`, `127.0.0.1:5353`, `[::1]:5353`, `[::1]`, bare `::1` (a bare IPv6
 * address never carries a port: `::1:53` is the address ::1:53, so write `[::1]:53`). Host names are
 * rejected (resolving the resolver would need a resolver), and so are scoped IPv6 addresses
 * (`fe80::1%eth0`): the zone index means nothing on another machine and would be silently dropped.
 * Errors are `{ code: 'BAD_RESOLVER', message }`.
 */
export function parseResolverSpec(spec: string): ResolverAddress | ErrorInfo {
  const text = spec.trim();
  const bad = (why: string): ErrorInfo => ({ code: 'BAD_RESOLVER', message: `resolver "${text}" ${why}` });
  if (text.includes('%')) return bad('has an IPv6 scope (%...); scoped link-local resolvers are not supported');
  let host = text;
  let portText: string | null = null;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2] ?? null;
    if (ipFamily(host) !== 6) return bad('is not an IPv6 address in brackets');
  } else {
    // One colon is ip:port (an IPv6 literal has at least two): decided without Node's IPv6 pattern, which
    // costs ~5 ms to compile on first use, in front of the first query.
    const colon = text.indexOf(':');
    if (colon > 0 && colon === text.lastIndexOf(':')) {
      host = text.slice(0, colon);
      portText = text.slice(colon + 1);
    }
    if (host !== text ? ipFamily(host) !== 4 : ipFamily(text) === 0) return bad('is not an IP address (expected ip, ip:port or [ipv6]:port)');
  }
  let port = DEFAULT_DNS_PORT;
  if (portText !== null) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return bad('has a port outside 1–65535');
    port = Number(portText);
  }
  host = host.toLowerCase();
  return { host, port, label: resolverLabel(host, port) };
}

/**
 * The `nameserver` lines of a resolv.conf, in order, de-duplicated, port 53. Comments (`#` or `;`, whole
 * line or trailing), other directives (search, options, domain ...) and unparsable or scoped addresses
 * (`fe80::1%eth0`) are skipped. glibc reads only the first three; all are returned and the caller decides.
 */
export function parseResolvConf(text: string): ResolverAddress[] {
  const out: ResolverAddress[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const [keyword, address] = raw.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (keyword !== 'nameserver' || !address || ipFamily(address) === 0) continue;
    const parsed = parseResolverSpec(address);
    if ('code' in parsed || out.some((r) => r.label === parsed.label)) continue;
    out.push(parsed);
  }
  return out;
}

/**
 * Reads the system's resolvers. An unreadable file is `RESOLV_CONF`; a file without a usable nameserver
 * line is `NO_RESOLVER` (glibc would silently try 127.0.0.1; a diagnostic tool says so instead).
 */
export async function readSystemResolvers(path: string = RESOLV_CONF): Promise<ResolverAddress[] | ErrorInfo> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { code: 'RESOLV_CONF', message: `dns: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pass --resolver` };
  }
  const resolvers = parseResolvConf(text);
  if (resolvers.length === 0) return { code: 'NO_RESOLVER', message: `dns: no usable nameserver line in ${path}; pass --resolver` };
  return resolvers;
}

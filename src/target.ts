// Turns what a user typed (host name, URL, IDN, IP literal) into a normalised Target, or says precisely why not.
import { domainToUnicode } from 'node:url';
import { ipFamily } from './ip.ts';
import type { Target } from './types.ts';

export type TargetParse = { ok: true; target: Target } | { ok: false; reason: string };

const MAX_NAME = 253;
const MAX_LABEL = 63;
// Letters, digits, hyphens; underscores too, because real CNAME targets carry them (dig accepts them).
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

/**
 * Parses one target. Accepts `paytm.com`, `PayTM.com.`, `https://www.hotstar.com/in`,
 * `http://example.com:8080/health`, `উদাহরণ.বাংলা` (sent as punycode), `192.0.2.1`, `[2001:db8::1]:8443`
 * and a bare IPv6 literal. Rejects empty names, empty labels (`paytm..com`), labels over 63 octets or
 * starting/ending with a hyphen, names over 253 octets, spaces, ports outside 1–65535, schemes other
 * than http(s), and URLs with credentials (they would leak into logs and reports).
 */
export function parseTarget(input: string): TargetParse {
  const fail = (reason: string): TargetParse => ({ ok: false, reason });
  const raw = input.trim();
  if (raw === '') return fail('the target is empty');
  // eslint-disable-next-line no-control-regex -- detecting control characters is the point
  if (/[\s\u0000-\u001f\u007f]/u.test(raw)) return fail('a target cannot contain spaces or control characters');

  if (ipFamily(raw) === 6) return ok(input, raw.toLowerCase(), 'https', null, '/', true);

  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  const scheme = schemeMatch ? schemeMatch[1]!.toLowerCase() : 'https';
  if (scheme !== 'https' && scheme !== 'http') return fail(`unsupported scheme "${scheme}" (use https:// or http://)`);
  const rest = schemeMatch ? raw.slice(schemeMatch[0].length) : raw;
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  if (authority === '') return fail('the URL has no host');
  if (authority.includes('@')) return fail('credentials in the URL are not supported');

  // Check the port ourselves: the URL parser only says "Invalid URL".
  const portMatch = /^(?:\[[^\]]*\]|[^:]*):(\d*)$/.exec(authority);
  let port: number | null = null;
  if (portMatch) {
    const digits = portMatch[1]!;
    if (digits === '' || !/^\d{1,5}$/.test(digits) || Number(digits) < 1 || Number(digits) > 65535) {
      return fail(digits === "" ? "the port after \":\" is empty" : `port ${digits} is not between 1 and 65535`);
    }
    port = Number(digits);
  } else if (!authority.startsWith('[') && authority.split(':').length > 2) {
    return fail('an IPv6 address in a URL must be in brackets, e.g. https://[2001:db8::1]/');
  }

  let url: URL;
  try {
    url = new URL(`${scheme}://${rest}`);
  } catch {
    return fail('not a valid host name or URL');
  }
  let host = url.hostname;
  if (host.startsWith('[')) return ok(input, host.slice(1, -1), scheme, port, pathOf(url), true);
  if (ipFamily(host) === 4) {
    // The URL parser rewrites shorthand such as 0x7f.1 to 127.0.0.1; only a dotted quad as typed is an IP target.
    const typed = (authority.split(':')[0] ?? '').toLowerCase();
    if (typed !== host) return fail(`"${typed}" is not a dotted-quad IPv4 address or a host name`);
    return ok(input, host, scheme, port, pathOf(url), true);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  const problem = hostNameProblem(host);
  if (problem) return fail(problem);
  return ok(input, host, scheme, port, pathOf(url), false);
}

/** Why an ASCII host name is not valid, or null. */
function hostNameProblem(host: string): string | null {
  if (host === '') return 'the host name is empty';
  if (host.length > MAX_NAME) return `the name is ${host.length} characters long; the limit is ${MAX_NAME}`;
  for (const label of host.split('.')) {
    if (label === '') return 'the name has an empty label (two dots in a row, or a leading dot)';
    if (label.length > MAX_LABEL) return `the label "${label.slice(0, 20)}…" is ${label.length} characters long; the limit is ${MAX_LABEL}`;
    if (!LABEL.test(label)) {
      return label.startsWith('-') || label.endsWith('-')
        ? `the label "${label}" starts or ends with a hyphen`
        : `the label "${label}" has characters a host name cannot have`;
    }
  }
  return null;
}

function pathOf(url: URL): string {
  return `${url.pathname || '/'}${url.search}`;
}

function ok(input: string, host: string, scheme: 'https' | 'http' | string, port: number | null, path: string, isIp: boolean): TargetParse {
  const s = scheme === 'http' ? 'http' : 'https';
  const defaultPort = s === 'https' ? 443 : 80;
  const effective = port ?? defaultPort;
  const hostInUrl = ipFamily(host) === 6 ? `[${host}]` : host;
  const unicode = !isIp && host.split('.').some((l) => l.startsWith('xn--')) ? toUnicode(host) : null;
  return {
    ok: true,
    target: {
      input,
      host,
      unicodeHost: unicode && unicode !== host ? unicode : null,
      scheme: s,
      port: effective,
      path,
      url: `${s}://${hostInUrl}${effective === defaultPort ? '' : `:${effective}`}${path}`,
      isIp,
    },
  };
}

function toUnicode(host: string): string | null {
  return domainToUnicode(host) || null;
}

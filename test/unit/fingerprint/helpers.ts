// Builders for fingerprint inputs: DNS traces and probes shaped like the dns/ and probe/ stages' output.
import type { DnsTrace, EdgeProbe, HeaderMap, Hop } from '../../../src/types.ts';

const RESOLVER = '127.0.0.1:53';

function hop(name: string, type: Hop['type'], data: string | null, rcode = 'NOERROR'): Hop {
  return { name, type, data, ttl: data ? 300 : null, rcode, resolver: RESOLVER, ms: 1 };
}

export interface TraceOptions {
  /** Addresses the leaf resolved to (default one loopback address); [] with `failAt` for a dead name. */
  addresses?: string[];
  nameservers?: string[];
  ptr?: Record<string, string>;
  /** Resolution of this name failed with SERVFAIL (it is the last hop). */
  failAt?: string;
}

/** A trace for `names[0]` CNAME → names[1] → ... → A records (or a SERVFAIL at `failAt`). */
export function trace(names: string[], options: TraceOptions = {}): DnsTrace {
  const chain: Hop[] = [];
  for (let i = 0; i < names.length - 1; i++) chain.push(hop(names[i] as string, 'CNAME', names[i + 1] as string));
  const leaf = names.at(-1) as string;
  const addresses = options.failAt ? [] : (options.addresses ?? ['127.0.0.2']);
  if (options.failAt) chain.push(hop(options.failAt, 'A', null, 'SERVFAIL'));
  else for (const a of addresses) chain.push(hop(leaf, 'A', a));
  const error = options.failAt
    ? { code: 'SERVFAIL', rcode: 'SERVFAIL', name: options.failAt, type: 'A' as const, resolver: RESOLVER, message: `SERVFAIL for ${options.failAt}` }
    : null;
  const t: DnsTrace = {
    resolvers: [RESOLVER], chain, addresses, error, zone: null, nameservers: options.nameservers ?? [], nsError: null,
    byResolver: [{ resolver: RESOLVER, ok: !error, addresses, error }], disagreements: [], ms: 3,
  };
  if (options.ptr) t.ptr = options.ptr;
  return t;
}

/** A probe that answered HTTP with these headers (and status/body). */
export function answered(headers: HeaderMap, status = 200, body = '', address = '127.0.0.2', reason: string | null = null): EdgeProbe {
  return {
    address, family: 4, port: 443,
    tcp: { ok: true, ms: 1, error: null },
    tls: null,
    http: { ok: true, ms: 5, error: null, status, reason, headers, location: null, body, bodyTruncated: false, firstByteMs: 4 },
    totalMs: 7,
  };
}

/** A probe whose TCP connect was refused (HTTP dead). */
export function refused(address = '127.0.0.2'): EdgeProbe {
  return { address, family: 4, port: 443, tcp: { ok: false, ms: 1, error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } }, tls: null, http: null, totalMs: 1 };
}

/** A probe whose TLS handshake presented this certificate, with no HTTP answer. */
export function tlsOnly(issuer: string, subjectAltNames: string[], address = '127.0.0.2'): EdgeProbe {
  return {
    address, family: 4, port: 443,
    tcp: { ok: true, ms: 1, error: null },
    tls: { ok: true, ms: 2, error: null, protocol: 'TLSv1.3', alpn: 'http/1.1', cipher: null, subject: subjectAltNames[0] ?? null, subjectAltNames, issuer, validFrom: null, validTo: null, verified: true, verifyError: null },
    http: null,
    totalMs: 3,
  };
}

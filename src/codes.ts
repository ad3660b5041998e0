// Failure codes that cdn-check itself names, one registry per phase. Each list is the one place a code is
// spelled; its union type is derived from it, so a verdict table that names a code no phase emits fails to
// compile, and test/unit/verdict/code-registry.test.ts holds the JSON Schema's code lists to these.
// Codes that come from outside (socket errno names, OpenSSL's verification codes, rcodes a resolver sends)
// stay open strings; the ones the verdict reads are listed here all the same.

/** DNS exchanges that ended without a usable reply: they stand where an rcode would be. */
export const DNS_TRANSPORT_CODES = ['TIMEOUT', 'MALFORMED', 'NETWORK'] as const;
export type DnsTransportCode = (typeof DNS_TRANSPORT_CODES)[number];

/** Error rcodes the verdict reads by name (a resolver may send others; they are reported as sent). */
const DNS_ERROR_RCODES = ['SERVFAIL', 'NXDOMAIN', 'REFUSED'] as const;

/** Chains whose every answer was NOERROR and that still lead to no address. */
const DNS_CHAIN_CODES = ['CNAME_LOOP', 'CHAIN_TOO_LONG', 'NODATA'] as const;
export type DnsChainCode = (typeof DNS_CHAIN_CODES)[number];

/** A step the run's deadline cut short: nothing is known about it either way. */
export const DEADLINE = 'DEADLINE';

/** Replay: a status feed the recording does not hold (it is never fetched instead). */
export const NOT_RECORDED = 'NOT_RECORDED';

/** Every code a DNS failure (`dns.error.code`) can carry, apart from rcodes the verdict does not name. */
export const DNS_FAILURE_CODES = [...DNS_ERROR_RCODES, ...DNS_TRANSPORT_CODES, ...DNS_CHAIN_CODES, DEADLINE] as const;
export type DnsFailureCode = (typeof DNS_FAILURE_CODES)[number];

/**
 * TLS verification codes that say the certificate is wrong for this host: OpenSSL's (through Node), Node's
 * name check, and the edge sending none at all (probe/connect.ts).
 */
export const CERTIFICATE_CODES = [
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_MISSING',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
] as const;
export type CertificateCode = (typeof CERTIFICATE_CODES)[number];

/** A set of registry codes that answers for any string (codes arrive as strings from reports and sockets). */
export interface CodeSet<T extends string> {
  has(code: string | null | undefined): code is T;
  readonly size: number;
}

export function codeSet<T extends string>(codes: readonly T[]): CodeSet<T> {
  const set = new Set<string>(codes);
  return { has: (code): code is T => typeof code === 'string' && set.has(code), size: set.size };
}

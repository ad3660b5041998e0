// Which failure codes mean what, as data: the verdict reads these tables instead of growing `if` chains.
// The codes themselves are named in the registries of src/codes.ts.
import { CERTIFICATE_CODES, DEADLINE, codeSet, type CertificateCode, type CodeSet, type DnsFailureCode, type DnsTransportCode } from '../codes.ts';

/**
 * TLS verification codes that mean "this certificate is wrong for this host" — a fault of whoever
 * installed the certificate (the site), unless canaries on the same provider show the same code.
 * Handshake failures that are not about the certificate (TLS_TIMEOUT, ECONNRESET) are not here:
 * those belong to the edge that failed to finish the handshake.
 */
export const CERTIFICATE_FAULTS: CodeSet<CertificateCode> = codeSet(CERTIFICATE_CODES);

/**
 * DNS outcomes in which the resolver itself gave no answer (as opposed to an rcode it chose to send):
 * when every query of a run ends like this, the resolver is silent, not the zone.
 */
export const SILENT_RESOLVER_CODES: CodeSet<DnsTransportCode> = codeSet<DnsTransportCode>(['TIMEOUT', 'NETWORK']);

/**
 * Socket codes by which this machine's own network stack (or the first hop) refused to carry a packet: no
 * route, no usable local address, a local firewall rule, no buffers, or the resolver's host saying that
 * nothing listens on port 53. Whatever the site does, a query or connection that ends like this never
 * reached it: the fault is on this side. Each maps to the words that open the verdict's summary.
 */
export const LOCAL_SOCKET_FAULTS: Readonly<Record<string, string>> = {
  ENETUNREACH: 'No route to',
  EHOSTUNREACH: 'No route to the host of',
  EADDRNOTAVAIL: 'No local address can reach',
  EACCES: 'A firewall on this machine blocks',
  EPERM: 'A firewall on this machine blocks',
  ENOBUFS: "This machine's network stack has no buffers to reach",
  ECONNREFUSED: 'Nothing answers DNS at',
};

/**
 * Of those, the codes a TCP connect to an edge can only get from this machine itself (a missing route, no
 * local address, a local firewall rule, no buffers): an edge that refuses or a router that reports a host
 * unreachable speaks from afar, so ECONNREFUSED and EHOSTUNREACH are not here.
 */
export const LOCAL_CONNECT_FAULTS: ReadonlySet<string> = new Set(['ENETUNREACH', 'EADDRNOTAVAIL', 'EACCES', 'EPERM', 'ENOBUFS']);

/**
 * DNS failures that are the zone's own answer (the name or its records are gone), not a failure to answer:
 * they say what the zone holds, whoever hosts it.
 */
export const ZONE_ANSWER_CODES: CodeSet<DnsFailureCode> = codeSet<DnsFailureCode>(['NXDOMAIN', 'NODATA']);

/** The code of a step, or a canary, the run's deadline cut short before it was decided. */
export const DEADLINE_CODE = DEADLINE;

/**
 * The run's deadline ended the step before it finished: nothing is known about that host either way, so it is
 * neither down nor up. A target cut short is undecided, a control cut short is not counted.
 */
export const UNDECIDED_CODES: CodeSet<typeof DEADLINE> = codeSet([DEADLINE]);

/** An HTTP status the edge answered with that still counts as "the site is reachable" (not a server error). */
export function isAnswer(status: number | null): status is number {
  return status !== null && status >= 100 && status < 500;
}

/** The stable code of a server error status: 503 → "HTTP_503". */
export function httpCode(status: number): string {
  return `HTTP_${status}`;
}

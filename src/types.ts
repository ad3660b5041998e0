// The data that flows between stages: DNS trace → probes → fingerprint → verdict → report.
// Every stage returns plain data; failures are values ({ code, message }), never exceptions.
// This file is the contract between modules: add optional fields freely, never rename or remove.
import type { Scope, VantageReport } from './vantage/types.ts';

/** A failure as data. `code` is stable (ECONNREFUSED, SERVFAIL, CNAME_LOOP, ...); `message` is for people. */
export interface ErrorInfo {
  code: string;
  message: string;
}

// ───────────────────────────── targets ─────────────────────────────

/** A validated, normalised target (see options.ts). */
export interface Target {
  /** What the user typed. */
  input: string;
  /** Lower case, ASCII (punycode), no trailing dot; an IP literal for IP targets (IPv6 without brackets). */
  host: string;
  /** Unicode form when the input was an IDN, else null. */
  unicodeHost: string | null;
  scheme: 'https' | 'http';
  /** Port from the URL, else 443/80. `--port` overrides it at probe time. */
  port: number;
  /** Path plus query, always starting with "/". */
  path: string;
  /** `${scheme}://${host}${port if not default}${path}` with IPv6 hosts bracketed. */
  url: string;
  /** True when host is an IP literal: no DNS stage. */
  isIp: boolean;
}

// ───────────────────────────── DNS ─────────────────────────────

export type RecordType = 'CNAME' | 'A' | 'AAAA' | 'NS' | 'PTR';

/**
 * Response codes as strings. Real rcodes (NOERROR, SERVFAIL, NXDOMAIN, REFUSED, FORMERR, NOTIMP, ...)
 * plus transport outcomes: TIMEOUT (no answer within --timeout), MALFORMED (undecodable reply),
 * NETWORK (socket error such as ECONNREFUSED on TCP). See the registries in codes.ts.
 */
export type Rcode = string;

/** A resolver to send recursive queries to. */
export interface ResolverAddress {
  host: string; // IPv4 or IPv6 literal, no brackets
  port: number;
  /** "127.0.0.1:53", "[::1]:5353" */
  label: string;
}

/** One answer (or one failure) on the way from the target name to its addresses. */
export interface Hop {
  /** The name asked, lower case, no trailing dot. */
  name: string;
  type: RecordType;
  /** The answer's data (CNAME target, address, NS host) lower-cased without trailing dot; null when none. */
  data: string | null;
  ttl: number | null;
  rcode: Rcode;
  /** Label of the resolver that answered ("127.0.0.1:5353"). */
  resolver: string;
  /** Round trip of the query that produced this hop, ms. */
  ms: number;
  /** Present when the reply arrived over TCP (after a truncated UDP answer, or TCP-only). */
  tcp?: boolean;
  /** With `tcp`: UDP got no answer (TIMEOUT, or a socket code such as EPERM from a firewall) and TCP did. */
  udpError?: string;
}

/** Where resolution stopped, pinned to the hop that failed. */
export interface DnsFailure {
  /** SERVFAIL | NXDOMAIN | REFUSED | TIMEOUT | MALFORMED | NETWORK | CNAME_LOOP | CHAIN_TOO_LONG | NODATA | DEADLINE (codes.ts DNS_FAILURE_CODES), or another error rcode as sent */
  code: string;
  /** The rcode as seen (same as code for rcodes; TIMEOUT for timeouts; NOERROR for CNAME_LOOP/NODATA ...). */
  rcode: Rcode;
  /** The name whose query failed, e.g. e1234.a.akamaiedge.net */
  name: string;
  type: RecordType;
  resolver: string;
  message: string;
  /** For NETWORK: the socket's own code (ENETUNREACH, EHOSTUNREACH, EACCES, ECONNREFUSED ...), which tells a missing route or a firewall apart. */
  errno?: string;
}

/** A name that resolvers answered differently. */
export interface Disagreement {
  name: string;
  type: RecordType;
  answers: { resolver: string; rcode: Rcode; data: string[] }[];
}

/** What one resolver said about the target, for multi-resolver runs. */
export interface ResolverOutcome {
  resolver: string;
  ok: boolean;
  addresses: string[];
  error: DnsFailure | null;
}

/** Everything the DNS stage learnt about one target. */
export interface DnsTrace {
  /** Labels of the resolvers used, in order. */
  resolvers: string[];
  /** The hops as walked by the primary (first successful, else first) resolver: CNAMEs in order, then A, then AAAA. */
  chain: Hop[];
  /** Final addresses, IPv4 first then IPv6, de-duplicated. */
  addresses: string[];
  /** null when the name resolved to at least one address. */
  error: DnsFailure | null;
  /** The registrable domain whose NS were asked (tldts), e.g. "paytm.com"; null for IPs / public suffixes. */
  zone: string | null;
  /** NS hosts of `zone`, lower case, sorted. */
  nameservers: string[];
  /** Why the NS lookup failed, when it did. */
  nsError: DnsFailure | null;
  /** One entry per resolver (always at least one when DNS ran). */
  byResolver: ResolverOutcome[];
  disagreements: Disagreement[];
  /** PTR names of edge addresses when looked up (address → name). */
  ptr?: Record<string, string>;
  /** Queries of this trace asked again after REFUSED or a timeout (bulk sweeps only; absent when none). */
  retries?: number;
  /** Total ms spent in the DNS stage. */
  ms: number;
}

// ───────────────────────────── probes ─────────────────────────────

/** Outcome of one step of a probe. `ms` is the step's own duration (null when it never started). */
export interface StepResult {
  ok: boolean;
  ms: number | null;
  /** Stable codes: ECONNREFUSED, ECONNRESET, CONNECT_TIMEOUT, TLS_TIMEOUT, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID,
   *  SELF_SIGNED_CERT_IN_CHAIN, HTTP_TIMEOUT, HTTP_PARSE_ERROR, HEADERS_OVERFLOW, DEADLINE (the run's deadline fired) ... */
  error: ErrorInfo | null;
}

/** The CONNECT exchange of a probe through an HTTP proxy (its `ms` runs from the proxy's TCP connect to the answer). */
export interface TunnelResult extends StepResult {
  /** The proxy's status code (200 when the tunnel opened, 403/407/502 ... when refused); null when it sent none. */
  status: number | null;
}

export interface TlsResult extends StepResult {
  protocol: string | null; // "TLSv1.3"
  alpn: string | null;
  cipher: string | null;
  subject: string | null; // subject CN
  subjectAltNames: string[]; // DNS names and IPs, without "DNS:" prefixes
  issuer: string | null; // issuer CN (or O when no CN)
  validFrom: string | null; // ISO 8601
  validTo: string | null; // ISO 8601
  /** Whether the chain and the name verified against the trust store (also reported with --insecure). */
  verified: boolean;
  /** Why verification failed (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, ...), else null. */
  verifyError: ErrorInfo | null;
}

export type HeaderMap = Record<string, string | string[]>;

export interface HttpResult extends StepResult {
  status: number | null;
  reason: string | null;
  /** Lower-case names; a repeated header is an array of its values in order. */
  headers: HeaderMap;
  /** The Location header of a 3xx, reported and never followed. */
  location: string | null;
  /** At most the first 16 KiB of the (decoded) body, as text. */
  body: string;
  /** True when the body was longer than what was kept. */
  bodyTruncated: boolean;
  /** Time to first byte measured from the request being written (server processing), ms. */
  firstByteMs: number | null;
  /** The HTTP version spoken, by its ALPN id: "h2" when the edge chose HTTP/2 in the TLS handshake, else "http/1.1". */
  protocol?: HttpProtocol;
}

/** HTTP versions a probe speaks, named as ALPN names them (RFC 7301). */
export type HttpProtocol = 'h2' | 'http/1.1';

/**
 * An edge's timings as httpstat and curl name them, ms, on one clock. Per phase (httpstat's boxes): DNS lookup,
 * TCP connection (through a proxy: to the proxy, plus the CONNECT tunnel), TLS handshake (null for http://),
 * server processing (transport ready → response headers), content transfer (headers → body read). Cumulative
 * (curl -w's time_*): namelookup, connect, pretransfer, starttransfer, total — each the sum of the phases up to
 * it. A phase that never ran (an earlier one failed) is null, and so is every cumulative time from it on, except
 * `total`, which is when the probe ended either way. DNS lookup is the time until the target's addresses were
 * known (0 for IP targets and --resolve pins); time spent queued for a probe slot is not counted.
 */
export interface EdgeTimings {
  dnsLookup: number;
  tcpConnection: number | null;
  tlsHandshake: number | null;
  serverProcessing: number | null;
  contentTransfer: number | null;
  namelookup: number;
  connect: number | null;
  pretransfer: number | null;
  starttransfer: number | null;
  total: number;
}

/** One edge address probed over TCP → TLS → HTTP. A step that never ran (an earlier one failed) is null. */
export interface EdgeProbe {
  address: string;
  family: 4 | 6;
  port: number;
  /**
   * The connection to the edge. Through a proxy: the TCP connect to the proxy (`ms`), failed with a PROXY_* code
   * when the proxy gave no tunnel, so the edge was not reached either way.
   */
  tcp: StepResult;
  /** "proxy 127.0.0.1:3128" when the probe went through an HTTP CONNECT proxy; null when direct. Never credentials. */
  via?: string | null;
  /** The CONNECT exchange with the proxy; null when direct or when the proxy could not be reached at all. */
  tunnel?: TunnelResult | null;
  tls: TlsResult | null; // null for http:// targets or when TCP failed
  http: HttpResult | null; // null when TCP/TLS failed
  /** Wall time from the start of connect to the end of the body read (or the failure), ms. */
  totalMs: number;
  /** Per-phase and cumulative timings, httpstat's and curl's names (see EdgeTimings). */
  timings?: EdgeTimings;
  /** Filled by the fingerprint stage for HTTP errors: who generated the error page. */
  errorSource?: ErrorPageMatch | null;
}

// ───────────────────────────── fingerprint ─────────────────────────────

export type ProviderKind = 'cdn' | 'dns' | 'waf' | 'platform' | 'hosting' | 'steering';
/** The two jobs a provider is judged in: serving the site (its CDN) or answering for its zone (its DNS host). */
export type Role = 'cdn' | 'dns';
/**
 * Where a piece of evidence came from. `host`: the target's own host name sits under a provider's suffix
 * (no CNAME was followed); `cname`: a name the chain led to; `steering`: a traffic-steering name the chain
 * passed through (Akamai GTM, Azure Traffic Manager), which names who steers, not who serves.
 */
export type EvidenceSource = 'host' | 'cname' | 'steering' | 'ns' | 'ptr' | 'header' | 'ip' | 'tls' | 'error-page';

export interface Evidence {
  source: EvidenceSource;
  /** The value seen (a CNAME, a header "name: value", an address, an issuer ...). */
  value: string;
  /** The rule that matched (a suffix, a header pattern, a CIDR ...). */
  match: string;
}

export interface ProviderMatch {
  id: string; // stable id from the contract's list
  name: string; // display name ("Akamai", "Akamai Edge DNS")
  evidence: Evidence[];
}

export interface DnsHostMatch extends ProviderMatch {
  nameservers: string[];
}

/** Classification of an HTTP error response by its signature. */
export interface ErrorPageMatch {
  provider: string; // provider id
  /** edge = generated by the CDN itself (its fault); origin = the CDN reports that the site's origin failed. */
  kind: 'edge' | 'origin';
  /** The signature that matched, e.g. "cf-error-type: origin" or "body: Error 522". */
  signature: string;
}

export interface Pop {
  code: string; // IATA-like code, upper case ("BOM")
  city: string | null; // "Mumbai"
  provider: string | null;
  /** "cf-ray: 8a1b2c3d4e5f-BOM" */
  source: string;
}

/** What the fingerprint stage concluded for one target. */
export interface Fingerprint {
  /** The serving edge (outermost CDN/platform), null when none could be named. */
  cdn: ProviderMatch | null;
  /** Other CDNs/platforms seen behind the serving edge (stacked setups), outermost first. */
  layers: ProviderMatch[];
  /** The authoritative DNS host of the registrable domain. */
  dns: DnsHostMatch | null;
  /** Further DNS hosts serving the same zone (multi-provider DNS), fewest NS names last; absent when none. */
  dnsOthers?: DnsHostMatch[];
  /** Traffic-steering services the chain passed through (Akamai GTM, Azure Traffic Manager); never the serving edge. Absent when none. */
  steering?: ProviderMatch[];
  /** Human-readable notes on evidence that disagrees (e.g. CNAME says Vercel, headers say Cloudflare). */
  conflicts: string[];
  pop: Pop | null;
  /** For each hop of the chain (same index as DnsTrace.chain), the provider id that owns that name's zone, else null. */
  hopOwners: (string | null)[];
}

// ───────────────────────────── verdict ─────────────────────────────

/**
 * `fingerprinted`: --fingerprint-only resolved the name and named its providers but probed nothing, so it claims
 * neither up nor down (exit 0). Added in issue 15; scripts matching on the other six keep working.
 */
export type Status = 'up' | 'degraded' | 'site-outage' | 'provider-outage' | 'local-network' | 'inconclusive' | 'fingerprinted';
export type Layer = 'dns' | 'tcp' | 'tls' | 'http';

/**
 * The piece a failure happened in (diagnosis.md §4), which names its owner (verdict/blame.ts `PIECES`):
 * edge-dns — a name in a CDN's zone SERVFAIL/timeout/REFUSED (the CDN's); edge — TCP/TLS at the CDN's
 * addresses or an error page its edge generated (the CDN's); dns-host — the site's own zone not answering at
 * its DNS host (the host's or the zone's setup: canaries decide); response — a 5xx whose signature says
 * neither edge nor origin (canaries decide); cdn-setup — NXDOMAIN/NODATA in a CDN's zone (the site's
 * property); zone — the site's zone answered that the name is gone, or a self-hosted zone fails (the site's);
 * origin — the CDN reports the origin failed; certificate — the site's certificate; servers — the site's own
 * servers with no CDN in front.
 */
export type Piece = 'edge-dns' | 'edge' | 'dns-host' | 'response' | 'cdn-setup' | 'zone' | 'origin' | 'certificate' | 'servers';

/**
 * How far a failure in a provider's piece reaches: most compared hosts on the provider fail too, some do,
 * none do (so far only this site), or there was nothing to compare with.
 */
export type Extent = 'provider-wide' | 'partial' | 'this-site' | 'unknown';

/**
 * How one host looks on its own, before comparing with anything (used for targets, canaries and controls):
 * up (some edge answered HTTP without a server error), degraded (up, but something failed or was slow),
 * down (no edge answered, or only with server errors).
 */
export interface Observation {
  /** `fingerprinted`: resolved with --fingerprint-only; nothing was probed, so neither up nor down. */
  health: 'up' | 'degraded' | 'down' | 'fingerprinted';
  /** Where it fails (the deepest layer reached that failed), null when up. */
  layer: Layer | null;
  /** Stable code of the deciding failure (SERVFAIL, ECONNREFUSED, HTTP_503, CERT_HAS_EXPIRED ...), null when up. */
  code: string | null;
  /** Who owns the failing piece: a provider id, "site" for the site's own zone/origin/cert, or null when unknown. */
  owner: string | null;
  /** The role `owner` acts in when it is a provider; 'site' for the site's own piece. */
  ownerRole: Role | 'site' | null;
  /** The piece that failed (see `Piece`); null when up, degraded, or when nothing names the piece. */
  piece: Piece | null;
  /** One phrase: "edge DNS SERVFAIL at e1234.a.akamaiedge.net", "HTTP 522 origin error from Cloudflare". */
  detail: string;
  /** Degradation notes when health is degraded ("1 of 2 resolvers failed: 127.0.0.2:53 TIMEOUT"). */
  notes: string[];
  /** Label of the resolver that returned the deciding DNS failure ("127.0.0.53:53"), when the failure is DNS. */
  failedResolver?: string | null;
  /** True when DNS failed and no query got any answer at all (every outcome TIMEOUT/NETWORK): the resolver is silent. */
  noAnswer?: boolean;
  /** The socket's code when the deciding failure never left this machine or was refused on the way (ENETUNREACH, EACCES ...). */
  errno?: string | null;
}

export interface CanaryResult {
  host: string;
  provider: string;
  /** True when the canary's own fingerprint names `provider` today (as CDN or DNS host, per the role it is a canary for). */
  confirmed: boolean;
  role: Role;
  status: 'up' | 'down';
  layer: Layer | null;
  code: string | null;
  ms: number;
}

export interface ControlResult {
  host: string;
  provider: string | null; // what its fingerprint says, when known
  status: 'up' | 'down';
  layer: Layer | null;
  code: string | null;
  ms: number;
  /** The addresses it resolved to (at most a few): every name resolving alike is a captive portal's mark. */
  addresses?: string[];
}

export interface CorrelationEntry {
  provider: string;
  down: number;
  total: number;
}

export interface Verdict {
  status: Status;
  exitCode: number;
  /** The provider blamed (outage) or serving (up); null when none. */
  provider: string | null;
  layer: Layer | null;
  /** For a provider-outage, how far it reaches (see `Extent`); null for every other status. */
  extent: Extent | null;
  /** One sentence a tired on-call engineer can act on, with counts. */
  summary: string;
  reasons: string[];
  /** [vantage] Where the outage is seen (verdict/scope.ts): null without --from or without a usable remote result. */
  scope?: Scope | null;
  /** What to do next, one short sentence (verdict/next.ts); the last line of the verdict's text. */
  next?: string;
}

// ───────────────────────────── report ─────────────────────────────

interface ProvidersReport {
  cdn: ProviderMatch | null;
  dns: DnsHostMatch | null;
  /** Other DNS hosts serving the same zone (multi-provider DNS), when any. */
  dnsOthers?: DnsHostMatch[];
  /** Traffic-steering services the CNAME chain passed through, when any: who steers, not who serves. */
  steering?: ProviderMatch[];
  layers: ProviderMatch[];
  conflicts: string[];
}

/** The DNS section of a target's report: the trace, plus who owns each hop. */
export interface DnsReport extends DnsTrace {
  /** Provider owning each hop's zone, same index as `chain` (null: the site's own names). */
  hopOwners?: (string | null)[];
}

/** An open incident on a provider's status page (network text: bounded in length, escaped when shown). */
export interface StatusIncident {
  name: string;
  /** investigating, identified, monitoring … (Statuspage), the latest update's status (Google); null for RSS. */
  status: string | null;
  /** none, minor, major, critical (Statuspage); low, medium, high (Google); null for RSS. */
  impact: string | null;
  /** When it was last updated, as the feed wrote it (ISO 8601 for Statuspage and Google). */
  updatedAt: string | null;
  url: string | null;
  /** The latest update's text, cut to length. */
  update: string | null;
}

export interface StatusComponent {
  name: string;
  /** operational, degraded_performance, partial_outage, major_outage, under_maintenance … as the feed says. */
  status: string;
}

/**
 * A provider's own status feed, read as corroboration only (issue 17 §2): it never changes the verdict. Present on a
 * target that was down, for its CDN (and CDNs behind it) and its DNS host, when cdn-check knows their feed.
 */
export interface StatusFeed {
  provider: string;
  /** The page people read (what `verdict.next` points to); null when only an override feed is known. */
  page: string | null;
  /** The feed fetched (the provider table's, or --status-feed's). */
  url: string;
  ok: boolean;
  /** Why nothing usable came: ENOTFOUND, ECONNREFUSED, TIMEOUT, DEADLINE, HTTP_503, FEED_UNREADABLE … */
  error: ErrorInfo | null;
  /** The format recognised: statuspage, google-incidents or rss; null when nothing usable came. */
  format: 'statuspage' | 'google-incidents' | 'rss' | null;
  /** The page's indicator: none (all operational), minor, major, critical, maintenance; null for RSS or on error. */
  indicator: string | null;
  /** The page's own words ("All Systems Operational", "Minor Service Outage"). */
  description: string | null;
  incidents: StatusIncident[];
  /** Components the feed names for this target's POP (Cloudflare: "Mumbai, India - (BOM)"). */
  components: StatusComponent[];
  /** How many of the page's components are not operational. */
  componentsAffected: number;
  /** Time to fetch and read the feed, ms (null when it never started). */
  ms: number | null;
}

export interface TargetReport {
  input: string;
  host: string;
  url: string;
  verdict: Verdict;
  providers: ProvidersReport;
  dns: DnsReport | null; // null for IP targets
  probes: EdgeProbe[];
  /** Addresses not probed (cap of 4 per family), so the reader knows they exist. */
  skippedAddresses: string[];
  pop: string | null;
  popDetail: Pop | null;
  canaries: CanaryResult[];
  controls: ControlResult[];
  durationMs: number;
  /** [vantage] What remote probes saw of this target (--from only). */
  vantage?: VantageReport;
  /** -4 / -6: only this address family was resolved and probed (absent: both). */
  addressFamily?: 4 | 6;
  /** --resolve: DNS was skipped for this host and these addresses probed instead (`dns` is then null). */
  pinned?: { spec: string; port: number; addresses: string[] };
  /** --connect-to: the probes went to this host and port instead (SNI and Host unchanged; `dns` is the chain of `host`). */
  connectTo?: { spec: string; host: string; port: number };
  /** The status feeds of the target's providers, when it was down and status feeds are on (corroboration only). */
  statusFeeds?: StatusFeed[];
  /**
   * Present only on a target the run never reached before --deadline (its verdict is then `inconclusive`, exit 5):
   * code `DEADLINE`, and the line of --targets-file it came from (0: the command line).
   */
  notChecked?: ErrorInfo & { line: number };
}

/** How much of the given targets the run got to (present when it did not get to all of them). */
export interface Unreached {
  /** Targets given but never checked (each is also in `targets` with `notChecked`). */
  notChecked: number;
  /** Whether every line of the input was read; false when it was still open or too long to scan after the deadline. */
  inputComplete: boolean;
  /** The last line of --targets-file read (0 without one). */
  linesRead: number;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'cdn-check'; version: string };
  startedAt: string;
  durationMs: number;
  exitCode: number;
  targets: TargetReport[];
  correlation: CorrelationEntry[];
  /** Only when --deadline cut the run before every target was reached. */
  unreached?: Unreached;
}

/** Exit codes: a public contract (cli-contract.md). */
export const EXIT = {
  up: 0,
  'site-outage': 1,
  'provider-outage': 2,
  'local-network': 3,
  degradedStrict: 4,
  inconclusive: 5,
  /** `cdn-check audit --fail-on`: a finding with one of the named codes was found. */
  auditFinding: 6,
  usage: 64,
  internal: 70,
  /** sysexits EX_IOERR: the report could not be written (a full disk, a broken output device). */
  ioError: 74,
  /** 128 + SIGINT, as shells report it: stopped by Ctrl-C. */
  interrupted: 130,
} as const;

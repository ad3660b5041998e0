// The remote-vantage section of the report (`vantage` per target): what Globalping's probes saw, reduced to
// the facts cdn-check reasons with. The wire shapes of the API live in api.ts; these are ours (public JSON).

/** Where an outage is seen: from here and most probes, from some countries/networks only, or from here only. */
export type Scope = 'global' | 'regional' | 'local';

/** How one probe fared: up (HTTP answered without a server error), down (DNS or HTTP failed), unknown (offline, cut short, the probe's own fault). */
export type ProbeHealth = 'up' | 'down' | 'unknown';

export interface VantageDns {
  /** Globalping's test status: finished | failed | offline | in-progress. */
  status: string;
  /** NOERROR, SERVFAIL, NXDOMAIN ... (null when the test did not finish). */
  rcode: string | null;
  /** The answer records in order: the CNAME chain, then the addresses. */
  answers: { name: string; type: string; value: string }[];
  resolver: string | null;
  totalMs: number | null;
  /** target | resolver | internal, for a failed test. */
  failureSource: string | null;
}

export interface VantageHttp {
  status: string;
  statusCode: number | null;
  resolvedAddress: string | null;
  timings: { total: number | null; dns: number | null; tcp: number | null; tls: number | null; firstByte: number | null };
  /** Whether the certificate verified at the probe (Globalping never stops at a bad certificate). */
  tlsAuthorized: boolean | null;
  failureSource: string | null;
  /** The probe's own words for a failure (first line of its raw output). */
  message: string | null;
}

export interface VantageProbe {
  continent: string | null;
  country: string;
  city: string | null;
  asn: number | null;
  network: string | null;
  health: ProbeHealth;
  /** One phrase on why the probe counts as down or unknown ("DNS SERVFAIL", "HTTP 503", "offline"). */
  detail: string | null;
  dns: VantageDns | null;
  http: VantageHttp | null;
}

export interface VantageCountry {
  country: string;
  up: number;
  down: number;
  unknown: number;
}

export interface VantageMeasurement {
  type: 'dns' | 'http';
  id: string;
  /** The measurement's API address (kept by Globalping for about 7 days). */
  url: string;
  status: string;
}

export interface VantageRateLimit {
  limit: number | null;
  remaining: number | null;
  /** Seconds until the hourly limit resets. */
  resetSeconds: number | null;
}

/**
 * Remote measurements of one target. `error` set: the remote part failed — wholly when no probe has a result
 * (the local verdict stands), partly when some have (they still count).
 */
export interface VantageReport {
  engine: 'globalping';
  /** The locations as asked (`--from`). */
  locations: string[];
  measurements: VantageMeasurement[];
  probes: VantageProbe[];
  /** Per country, in order of first appearance. */
  countries: VantageCountry[];
  /** Why the remote part failed, as a code and a message (the shape of every error in the report). */
  error: { code: string; message: string } | null;
  rateLimit: VantageRateLimit | null;
}

// The shape of provider rules: plain data that match.ts, pop.ts, error-pages.ts and the table tests all read.
import type { HeaderMap, ProviderKind } from '../types.ts';

/**
 * How much one piece of evidence says on its own.
 * strong/medium name a provider by themselves; weak (generic: `via: varnish`, `x-cache: HIT`,
 * `x-edge-location`) only supports a provider that other evidence already named.
 */
export type Strength = 'strong' | 'medium' | 'weak';

/** A response header that points at a provider. Header names are lower case. */
export interface HeaderRule {
  name: string;
  /** The value must match; absent = the header being present is the evidence. */
  value?: RegExp;
  strength: Strength;
  /** A realistic value that matches (table tests and lab profiles use it). */
  example: string;
  /** A value that must not match (value rules only); the table tests default to "nginx". */
  counter?: string;
}

/** A header that must be present (and match) for a rule to apply. */
export interface HeaderCondition {
  name: string;
  value?: RegExp;
}

/** A sample HTTP error response for a signature (tests, lab profiles). */
export interface ErrorExample {
  status: number;
  reason?: string;
  headers: HeaderMap;
  body: string;
}

/**
 * An error-page signature. Every listed condition must hold.
 * edge = the provider generated the error itself (its fault, or its policy);
 * origin = the provider reports that the site's origin (or the site's own code/config) failed.
 */
export interface ErrorSignature {
  kind: 'edge' | 'origin';
  /** Reported as ErrorPageMatch.signature, e.g. "cf-error-type: 52x" or "body: backend read error". */
  signature: string;
  /** Statuses it applies to; absent = any status >= 400. */
  status?: readonly number[];
  /** Headers that must be present (and match). */
  headers?: readonly HeaderCondition[];
  /** Headers that must be absent (e.g. a Cloudflare error forwarded from the origin has no cf-error-type). */
  absent?: readonly string[];
  /** Each pattern must match the body or the reason phrase. Kept simple: bodies are hostile and up to 16 KiB. */
  body?: readonly RegExp[];
  /** Inference from headers alone, tried only after every provider's specific signatures missed. */
  fallback?: boolean;
  example: ErrorExample;
}

/** Where a header names the edge location, and how to read it. */
export interface PopRule {
  header: string;
  /** One capture group: the location code. */
  pattern: RegExp;
  /** With several nodes listed (Fastly shielding), the last is the delivering POP. */
  pick?: 'first' | 'last';
  /** iata: a 3-letter airport code; region: a code starting with one (Vercel "bom1"); city: a city name (CDN77 "frankfurtDE"); opaque: the provider's own code. */
  scheme: 'iata' | 'region' | 'city' | 'opaque';
  /** Read only when this header is there too (generic names such as x-edge-location). */
  requires?: HeaderCondition;
  /** A header value and the code it must give (table tests). */
  example: { value: string; code: string };
}

/** Certificate hints: weaker than DNS and headers (shared and default certificates). */
interface TlsRules {
  issuers: readonly { pattern: RegExp; example: string }[];
  /** SAN suffixes besides the CNAME suffixes (which count for SANs too). */
  sans: readonly string[];
}

/** An embedded, dated snapshot of published ranges: never fetched at run time. */
export interface IpRangeSnapshot {
  date: string;
  source: string;
  cidrs: readonly string[];
  note?: string;
}

export interface ProviderRule {
  /** Stable id (cli-contract.md "Provider ids"). */
  id: string;
  name: string;
  /** Display name in the DNS-host role when it differs ("Akamai Edge DNS"). */
  dnsName?: string;
  kinds: readonly ProviderKind[];
  /** Stacking order when only headers tell it: lower = further out (WAFs, then big CDNs, then platforms). */
  tier: number;
  /** Suffixes of names in a CNAME chain (entry and leaf names alike). */
  cname: readonly string[];
  /**
   * Suffixes of traffic-steering names in a CNAME chain (Akamai GTM, Azure Traffic Manager): the chain passes
   * through them on its way to whoever serves, so they are recorded as steering evidence, never as the CDN.
   */
  steering?: readonly string[];
  /** Suffixes of the zone's NS host names. */
  ns: readonly string[];
  /** Suffixes of edge addresses' PTR names (CNAME suffixes count for PTR too). */
  ptr: readonly string[];
  headers: readonly HeaderRule[];
  tls?: TlsRules;
  errors: readonly ErrorSignature[];
  pop?: readonly PopRule[];
  ipRanges?: IpRangeSnapshot;
  /** A platform delivered through another provider's edge (GitHub Pages on Fastly): that edge is outermost. */
  servedBy?: string;
  /** The same edge network under another product name (Azure CDN on Front Door): not a conflict. */
  sameEdgeAs?: string;
  /** Aggregates several CDNs (jsDelivr): always a layer over whichever CDN serves. */
  multiCdn?: boolean;
  /** Keys into fingerprints.json "sources", or URLs. */
  sources: readonly string[];
  notes?: readonly string[];
}

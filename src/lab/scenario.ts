// What a lab scenario is: a small simulated internet (sites, CDN edges, DNS hosts, faults) plus the
// targets to diagnose and the verdicts expected. One data file per scenario drives both `cdn-check lab`
// and the end-to-end tests.
import type { Extent, Layer, Status } from '../types.ts';
import type { CertMode, EdgeBehaviour, EdgeSpec } from './edges.ts';
import type { DnsFault, FaultRule, ZoneRecord } from './zones.ts';

/** A site in the simulated internet: its CDN shapes its CNAME chain and edges, its DNS host its NS. */
export interface SiteSpec {
  host: string;
  /** CDN provider id whose lab profile shapes the CNAME chain, headers and error pages; null = self-hosted. */
  cdn: string | null;
  /** DNS host provider id for the registrable domain's NS records ('self' for a self-hosted zone). */
  dns: string;
  /** NS names for the zone instead of the DNS host's usual ones (a self-hosted zone: a.ns.facebook.com). */
  nameservers?: string[];
  /** Akamai-style Enhanced TLS slot (e<slot>.a.akamaiedge.net) or another per-site number the profile uses. */
  slot?: number;
  /** No CNAME: the host has A records on the CDN's edges directly (apex on Cloudflare, say). */
  apex?: boolean;
  /** How this site's requests are answered at its CDN's edges, when not the provider's default. */
  behaviour?: EdgeBehaviour | 'healthy' | 'edge-error' | 'origin-error';
  /**
   * A DNS fault tied to this site's names: at its CDN's leaf name (e1234.a.akamaiedge.net), its entry
   * CNAME target, or its whole zone (the site's own registrable domain and everything under it).
   */
  dnsFault?: { at: 'leaf' | 'entry' | 'zone'; fault?: DnsFault; delayMs?: number; types?: FaultRule['types'] };
  /** Certificate served for this site. */
  cert?: CertMode;
}

/** How a provider's lab edges behave for every site on them unless a site says otherwise. */
export interface ProviderSpec {
  /** Number of edge addresses (each its own 127.x.y.z). Default 2. */
  edges?: number;
  behaviour?: EdgeBehaviour | 'healthy' | 'edge-error' | 'origin-error';
  /** Addresses of this provider that refuse connections (nothing listens), by index. */
  refuse?: number[];
}

/** An open or closed incident on a lab status page; times are minutes before the moment the feed is read. */
export interface LabIncident {
  name: string;
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved';
  impact: 'none' | 'minor' | 'major' | 'critical';
  minutesAgo: number;
  /** The latest update's text. */
  update: string;
}

/** A provider's status page as the lab serves it (issue 17 §4), in the format of that provider's real feed. */
export interface LabStatusPage {
  indicator: 'none' | 'minor' | 'major' | 'critical' | 'maintenance';
  /** The page's own words: "All Systems Operational", "Minor Service Outage" … */
  description: string;
  incidents?: LabIncident[];
  /** Components beyond the provider's one default component (Cloudflare's per-POP ones: "London, United Kingdom - (LHR)"). */
  components?: { name: string; status: string }[];
}

/** One state of a status page: a page, or no page at all (HTTP 503: Cloudflare's own page was down on 18 Nov 2025). */
export type LabStatusStep = LabStatusPage | 'unreachable';

interface ExpectedVerdict {
  status: Status;
  provider?: string | null;
  layer?: Layer | null;
  /** How far a provider outage reaches (verdict.extent); null for any other status. */
  extent?: Extent | null;
}

export interface Scenario {
  /** Stable name used on the command line: akamai-2021. */
  name: string;
  /** Day of the real event (ISO date), or null for a synthetic one. */
  date: string | null;
  /** The provider at the centre of the story, or null. */
  provider: string | null;
  /** One line for `cdn-check lab --list`: what broke. */
  title: string;
  /** A few sentences: what happened, what clients saw, where the facts come from. */
  story: string;
  sites: SiteSpec[];
  providers?: Record<string, ProviderSpec>;
  /** DNS faults of the lab resolver (per name or "*.suffix"). */
  faults?: FaultRule[];
  /** Extra records beyond what the sites generate. */
  records?: ZoneRecord[];
  /** Edges as they are, beside those the sites make: a recorded run's (lab/from-recording.ts). */
  edges?: EdgeSpec[];
  /**
   * A captive portal between the client and everything: the lab resolver answers every name with the
   * portal's address, where a sign-in page is served under a certificate for the portal's own name.
   */
  portal?: { cert?: CertMode };
  /**
   * Resolvers given to the CLI. Default: one healthy lab resolver. Each entry is a lab DNS server serving
   * the same zones with its own extra faults (a dead resolver: [{ name: '*.', fault: 'drop' }]).
   */
  resolvers?: { faults: FaultRule[] }[];
  /**
   * Status pages per provider id (issue 17 §4); a provider not listed shows "All Systems Operational". A list is a
   * timeline: each read of that provider's feed takes the next step, the last one repeating (down → up, flapping).
   */
  status?: Record<string, LabStatusStep | LabStatusStep[]>;
  /** Targets to diagnose (site hosts, or URLs on them). */
  targets: string[];
  /** Canary hosts per provider: they must be sites of this scenario. */
  canaries: { provider: string; host: string }[];
  /** Control hosts: sites of this scenario on other providers. */
  controls: string[];
  /** Limits for this scenario when the user gives none (a hang needs a short --timeout to be quick). */
  limits?: { timeoutMs?: number; deadlineMs?: number };
  expected: { exitCode: number; targets: Record<string, ExpectedVerdict> };
  /** How Globalping's probes see this world (the lab's mock API); absent: they see it as this machine does. */
  vantage?: VantageSpec;
  /** What `cdn-check lab <name> --from <fromExpected.from>` must conclude (e2e tests, the scenario list). */
  fromExpected?: { from: string; exitCode: number; targets: Record<string, ExpectedVerdict & { scope: 'global' | 'regional' | 'local' | null }> };
}

/** How remote probes see a scenario (Scenario.vantage). */
interface VantageSpec {
  /**
   * Named worlds: the scenario with these parts replaced. 'world' (if given) replaces what probes see by
   * default; 'here' is always this machine's own view (the lab's resolver and edges).
   */
  views?: Record<string, Partial<Pick<Scenario, 'sites' | 'providers' | 'faults' | 'records'>>>;
  /** Country code → the view its probes see (others see 'world'). */
  countries?: Record<string, string>;
  /** Cities whose probe is offline. */
  offline?: string[];
}

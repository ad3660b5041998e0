// One target seen from elsewhere: a DNS measurement (the target's A query through each probe's resolver, so
// the CNAME chain comes back as answers) and an HTTP measurement on the same probes, both polled until final
// or the deadline. Runs beside the local diagnosis; its failures are values in the report.
import type { Target } from '../types.ts';
import { awaitMeasurement, createMeasurement, VANTAGE_CODES, type ClientConfig, type Polled } from './client.ts';
import { countryTally, vantageProbes } from './facts.ts';
import { locationSpecs, testsPerTarget } from './locations.ts';
import type { VantageMeasurement, VantageRateLimit, VantageReport } from './types.ts';

export interface VantagePlan {
  locations: string[];
  probes: number;
  /** Tests the whole run may spend (each probe of each measurement is one test). */
  maxTests: number;
  /** The port remote HTTP probes use (--port, else the target's). */
  port: number | null;
}

/** Globalping's probe-side timeout bounds (seconds); the API adds up to 10 s to finish a measurement. */
const PROBE_TIMEOUT_S = { min: 5, max: 30 } as const;

/** The DNS request: the target's A record from each probe's own resolver. */
function dnsRequest(target: Target, plan: VantagePlan, timeoutS: number): object {
  return { type: 'dns', target: target.host, locations: locationSpecs(plan.locations, plan.probes), timeout: timeoutS, measurementOptions: { query: { type: 'A' } } };
}

/**
 * The HTTP request: HEAD of the target's path over HTTPS (HTTP for http:// targets), on the probes of
 * `reuse` (a measurement id) when given, so DNS and HTTP results pair up probe by probe.
 */
function httpRequest(target: Target, plan: VantagePlan, timeoutS: number, reuse: string | null): object {
  const [path = '/', query = ''] = target.path.split(/\?(.*)/s, 2);
  return {
    type: 'http',
    target: target.host,
    locations: reuse ?? locationSpecs(plan.locations, plan.probes),
    timeout: timeoutS,
    measurementOptions: {
      request: { method: 'HEAD', path: path.slice(0, 16384), ...(query ? { query: query.slice(0, 16384) } : {}) },
      protocol: target.scheme === 'http' ? 'HTTP' : 'HTTPS',
      port: plan.port ?? target.port,
    },
  };
}

/** Counts the tests a run spends against its cap, so a targets file cannot drain the hourly limit. */
export class TestBudget {
  private spent = 0;
  constructor(private readonly cap: number) {}
  /** Reserves `n` tests; false when the cap would be passed. */
  take(n: number): boolean {
    if (this.spent + n > this.cap) return false;
    this.spent += n;
    return true;
  }
}

/** Measures one target from the plan's locations; never rejects. */
export async function measureTarget(target: Target, plan: VantagePlan, cfg: ClientConfig, budget: TestBudget): Promise<VantageReport> {
  const report: VantageReport = { engine: 'globalping', locations: plan.locations, measurements: [], probes: [], countries: [], error: null, rateLimit: null };
  if (!budget.take(testsPerTarget(plan.locations.length, plan.probes))) {
    return { ...report, error: { code: VANTAGE_CODES.cap, message: `this run's cap of ${plan.maxTests} Globalping tests is spent (--max-tests)` } };
  }
  const timeoutS = Math.max(PROBE_TIMEOUT_S.min, Math.min(PROBE_TIMEOUT_S.max, Math.floor((cfg.deadlineAt - cfg.now()) / 1000) - 1));
  let rateLimit: VantageRateLimit | null = null;

  // IP literals have no name to resolve: HTTP only.
  let dnsId: string | null = null;
  if (!target.isIp) {
    const dns = await createMeasurement(cfg, dnsRequest(target, plan, timeoutS));
    rateLimit = dns.rateLimit ?? rateLimit;
    if (!dns.ok) return { ...report, error: dns.error, rateLimit };
    dnsId = dns.id;
  }
  const dnsPolled = dnsId ? awaitMeasurement(cfg, dnsId) : Promise.resolve<Polled>({ measurement: null, error: null });
  const http = await createMeasurement(cfg, httpRequest(target, plan, timeoutS, dnsId));
  rateLimit = http.rateLimit ?? rateLimit;
  const httpPolled = http.ok ? awaitMeasurement(cfg, http.id) : Promise.resolve<Polled>({ measurement: null, error: http.error });
  const [d, h] = await Promise.all([dnsPolled, httpPolled]);

  const measurements: VantageMeasurement[] = [];
  if (dnsId) measurements.push(entry('dns', dnsId, d, cfg.apiUrl));
  if (http.ok) measurements.push(entry('http', http.id, h, cfg.apiUrl));
  const probes = vantageProbes(d.measurement, h.measurement);
  // A deadline that cut polling short still leaves the probes that answered (no error then); an HTTP
  // measurement that could not even be created is said even when the DNS one has results.
  const answered = probes.some((p) => p.health !== 'unknown');
  const error = !http.ok ? http.error : answered ? null : (d.error ?? h.error);
  return { ...report, measurements, probes, countries: countryTally(probes), error, rateLimit };
}

function entry(type: 'dns' | 'http', id: string, polled: Polled, apiUrl: string): VantageMeasurement {
  return { type, id, url: `${apiUrl}/v1/measurements/${id}`, status: polled.measurement?.status ?? (polled.error ? 'unknown' : 'in-progress') };
}

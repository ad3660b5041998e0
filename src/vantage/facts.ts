// From Globalping's DNS and HTTP measurements of one target to the probes and per-country tally of the
// `vantage` report: which probe saw the target up, which down, and why. Pure.
import type { ApiMeasurement, ApiProbe, ApiResult } from './api.ts';
import { num, record, text } from './api.ts';
import type { ProbeHealth, VantageCountry, VantageDns, VantageHttp, VantageProbe } from './types.ts';

/** Failure sources that are the probe's own trouble, not the target's: such a probe is not counted. */
const PROBE_SIDE = new Set(['internal']);

function readDns(r: ApiResult): VantageDns {
  const x = r.result;
  const answers = Array.isArray(x.answers)
    ? x.answers.slice(0, 32).flatMap((a) => {
        const rec = record(a);
        const name = text(rec?.name, 255);
        const type = text(rec?.type, 16);
        const value = text(rec?.value, 255);
        return name && type && value ? [{ name, type, value }] : [];
      })
    : [];
  return {
    status: r.status,
    rcode: text(x.statusCodeName, 16),
    answers,
    resolver: text(x.resolver, 64),
    totalMs: num(record(x.timings)?.total),
    failureSource: text(x.failureSource, 16),
  };
}

function readHttp(r: ApiResult): VantageHttp {
  const x = r.result;
  const t = record(x.timings);
  const tls = record(x.tls);
  return {
    status: r.status,
    statusCode: num(x.statusCode),
    resolvedAddress: text(x.resolvedAddress, 64),
    timings: { total: num(t?.total), dns: num(t?.dns), tcp: num(t?.tcp), tls: num(t?.tls), firstByte: num(t?.firstByte) },
    tlsAuthorized: typeof tls?.authorized === 'boolean' ? tls.authorized : null,
    failureSource: text(x.failureSource, 16),
    message: r.status === 'failed' ? firstLine(x.rawOutput) : null,
  };
}

/**
 * How one probe saw the target. DNS decides first (a failed or non-NOERROR answer is down; NOERROR without
 * an address is down too), then HTTP (failed at the target or a 5xx is down; any other status is up: the
 * site answered). Offline probes, unfinished tests and internal probe faults are unknown, never down.
 */
export function probeHealth(dns: VantageDns | null, http: VantageHttp | null): { health: ProbeHealth; detail: string | null } {
  for (const test of [dns, http]) {
    if (!test) continue;
    if (test.status === 'offline') return { health: 'unknown', detail: 'probe offline' };
    if (test.status === 'in-progress') return { health: 'unknown', detail: 'no result before the deadline' };
    if (test.status === 'failed' && test.failureSource !== null && PROBE_SIDE.has(test.failureSource)) return { health: 'unknown', detail: 'the probe failed (internal)' };
  }
  if (dns) {
    if (dns.status === 'failed') return { health: 'down', detail: `DNS failed${dns.failureSource ? ` (${dns.failureSource})` : ''}` };
    if (dns.rcode !== null && dns.rcode !== 'NOERROR') return { health: 'down', detail: `DNS ${dns.rcode}` };
    if (!dns.answers.some((a) => a.type === 'A' || a.type === 'AAAA')) return { health: 'down', detail: 'DNS: no address' };
  }
  if (!http) return dns ? { health: 'up', detail: null } : { health: 'unknown', detail: 'no result' };
  if (http.status === 'failed') return { health: 'down', detail: `HTTP failed${http.failureSource ? ` at the ${http.failureSource}` : ''}${http.message ? `: ${http.message}` : ''}` };
  if (http.statusCode === null) return { health: 'unknown', detail: 'no HTTP status' };
  if (http.statusCode >= 500) return { health: 'down', detail: `HTTP ${http.statusCode}` };
  return { health: 'up', detail: null };
}

/**
 * Pairs the DNS and HTTP results probe by probe. The HTTP measurement is created on the DNS measurement's
 * probes (`locations: <dns id>`), which Globalping returns in the same order; either may be missing.
 */
export function vantageProbes(dns: ApiMeasurement | null, http: ApiMeasurement | null): VantageProbe[] {
  const count = Math.max(dns?.results.length ?? 0, http?.results.length ?? 0);
  const probes: VantageProbe[] = [];
  for (let i = 0; i < count; i++) {
    const d = dns?.results[i];
    const h = http?.results[i];
    const probe = (d ?? h)?.probe;
    if (!probe) continue;
    const dnsFacts = d ? readDns(d) : null;
    const httpFacts = h ? readHttp(h) : null;
    probes.push({ ...place(probe), ...probeHealth(dnsFacts, httpFacts), dns: dnsFacts, http: httpFacts });
  }
  return probes;
}

function place(p: ApiProbe): Pick<VantageProbe, 'continent' | 'country' | 'city' | 'asn' | 'network'> {
  return { continent: p.continent, country: p.country, city: p.city, asn: p.asn, network: p.network };
}

/** Up, down and unknown probes per country, sorted by country code (the same whatever order probes answered in). */
export function countryTally(probes: VantageProbe[]): VantageCountry[] {
  const byCountry = new Map<string, VantageCountry>();
  for (const p of probes) {
    const c = byCountry.get(p.country) ?? { country: p.country, up: 0, down: 0, unknown: 0 };
    c[p.health]++;
    byCountry.set(p.country, c);
  }
  return [...byCountry.values()].sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
}

function firstLine(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const line = value.split('\n').map((l) => l.trim()).find((l) => l !== '');
  return line ? text(line, 160) : null;
}

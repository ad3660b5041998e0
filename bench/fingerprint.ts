// Prints fingerprints per second over 10,000 synthetic traces (mixed providers and evidence shapes),
// and suffix lookups per second against a scan over every rule, to show lookups cost O(labels). No I/O.
import { performance } from 'node:perf_hooks';
import { fingerprint, ownerOfName } from '../src/fingerprint/match.ts';
import type { FingerprintInput } from '../src/fingerprint/match.ts';
import { NAMESERVERS, PROFILES } from '../src/lab/profiles.ts';
import { PROVIDERS } from '../src/fingerprint/providers.ts';
import type { DnsTrace, EdgeProbe, HeaderMap, Hop } from '../src/types.ts';

const COUNT = 10_000;
const profiles = Object.values(PROFILES);
const dnsHosts = Object.values(NAMESERVERS);

function hop(name: string, type: Hop['type'], data: string): Hop {
  return { name, type, data, ttl: 300, rcode: 'NOERROR', resolver: '127.0.0.1:53', ms: 1 };
}

function probe(status: number, headers: HeaderMap, body: string, address: string): EdgeProbe {
  return {
    address, family: 4, port: 443, tcp: { ok: true, ms: 1, error: null }, tls: null,
    http: { ok: true, ms: 1, error: null, status, reason: null, headers, location: null, body, bodyTruncated: false, firstByteMs: 1 },
    totalMs: 2,
  };
}

/** Trace i: a provider, and one of four shapes (CNAME + headers, CNAME only, headers only, an error page). */
function synthetic(i: number): FingerprintInput {
  const profile = profiles[i % profiles.length] as (typeof profiles)[number];
  const host = `www.site${i}.test`;
  const shape = i % 4;
  const names = shape === 2 ? [host] : [host, ...profile.cnameChain(host, i)];
  const address = `127.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const chain: Hop[] = names.slice(0, -1).map((n, k) => hop(n, 'CNAME', names[k + 1] as string));
  chain.push(hop(names.at(-1) as string, 'A', address));
  const dns: DnsTrace = {
    resolvers: ['127.0.0.1:53'], chain, addresses: [address], error: null, zone: `site${i}.test`,
    nameservers: dnsHosts[i % dnsHosts.length] ?? [], nsError: null, byResolver: [], disagreements: [], ms: 1,
  };
  const probes =
    shape === 1 ? [] : shape === 3 ? [probe(profile.edgeError.status, profile.edgeError.headers, profile.edgeError.body, address)] : [probe(200, profile.healthy.headers, '', address)];
  return { host, dns, probes };
}

const inputs = Array.from({ length: COUNT }, (_, i) => synthetic(i));

// Warm up, then time the whole batch a few times and keep the best run.
for (const input of inputs.slice(0, 1000)) fingerprint(input);
let best = Infinity;
let named = 0;
for (let run = 0; run < 5; run++) {
  const started = performance.now();
  named = 0;
  for (const input of inputs) if (fingerprint(input).cdn) named++;
  best = Math.min(best, performance.now() - started);
}

// Suffix lookups: the index against a scan over every suffix of every rule.
const allSuffixes = PROVIDERS.flatMap((p) => [...p.cname, ...p.ns, ...p.ptr]);
const names = inputs.flatMap((input) => input.dns?.chain.map((h) => h.name) ?? []);
const scan = (name: string): string | null => {
  let hit: string | null = null;
  for (const s of allSuffixes) if ((name === s || name.endsWith(`.${s}`)) && (hit === null || s.length > hit.length)) hit = s;
  return hit;
};
let t = performance.now();
for (const n of names) ownerOfName(n);
const indexMs = performance.now() - t;
t = performance.now();
for (const n of names) scan(n);
const scanMs = performance.now() - t;

const rate = (n: number, ms: number): string => Math.round((n / ms) * 1000).toLocaleString('en-US');
console.log(`fingerprint: ${COUNT.toLocaleString('en-US')} traces over ${profiles.length} providers in ${best.toFixed(1)} ms (best of 5) = ${rate(COUNT, best)} fingerprints/s; ${named} named a CDN`);
console.log(`suffix lookup: ${rate(names.length, indexMs)} names/s with the label-walk index vs ${rate(names.length, scanMs)} names/s scanning ${allSuffixes.length} suffixes`);

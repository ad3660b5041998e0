// Prober throughput: N lab edges (HTTPS, valid certificates, one site) probed once each through the
// shared limiter, printing probes/s and peak RSS. Lab and prober share this process and event loop,
// so the figure is a floor for the prober alone. Loopback only.
// Usage: node --import tsx bench/probe.ts [edges=200] [concurrency=64] [latencyMs=0]
import { rootCertificates } from 'node:tls';
import { createLabCa } from '../src/lab/certs.ts';
import { startEdges, type EdgeSpec } from '../src/lab/edges.ts';
import { createLimiter } from '../src/probe/limit.ts';
import { probeEdge } from '../src/probe/edge.ts';

const [edgeCount = 200, concurrency = 64, latencyMs = 0] = process.argv.slice(2).map(Number);
const HOST = 'bench.lab.test';

const edges: EdgeSpec[] = Array.from({ length: edgeCount }, (_, i) => ({
  address: `127.70.${Math.floor(i / 250)}.${(i % 250) + 1}`,
  behaviour: { kind: 'respond', status: 200, headers: { server: 'bench', 'cache-control': 'no-store' }, body: '<!doctype html><title>bench</title>' },
}));

const ca = createLabCa();
const lab = await startEdges(edges, { ca, latencyMs });
const limit = createLimiter(concurrency);
const options = { host: HOST, path: '/', scheme: 'https' as const, port: lab.port, timeoutMs: 10_000, ca: [...rootCertificates, ca.caPem], insecure: false, userAgent: 'cdn-check/bench' };

// One warm-up probe: issues the site's certificate and loads the TLS/undici code paths.
await probeEdge(edges[0]?.address ?? '127.70.0.1', options);

const started = performance.now();
const probes = await Promise.all(edges.map((edge) => limit(() => probeEdge(edge.address, options))));
const seconds = (performance.now() - started) / 1000;
await lab.close();

const ok = probes.filter((p) => p.http?.status === 200).length;
const sorted = probes.map((p) => p.totalMs).sort((a, b) => a - b);
const pct = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const peakRssMb = process.resourceUsage().maxRSS / 1024;

console.log(`edges ${edgeCount}, concurrency ${concurrency}, latency ${latencyMs} ms, node ${process.version}`);
console.log(`probes ok: ${ok}/${probes.length}`);
console.log(`throughput: ${(probes.length / seconds).toFixed(0)} probes/s (${(seconds * 1000).toFixed(0)} ms wall)`);
console.log(`probe total ms: p50 ${pct(0.5).toFixed(1)}, p95 ${pct(0.95).toFixed(1)}, max ${pct(1).toFixed(1)}`);
console.log(`peak RSS: ${peakRssMb.toFixed(1)} MB`);
if (ok !== probes.length) process.exitCode = 1;

// Time to verdict for one target against the lab with injected latency (every DNS answer and every edge
// response delayed), next to the critical path — the round trips no tool can avoid for that verdict — and
// next to dig + curl run one after the other as a person would by hand. Prints figures; asserts nothing.
// Only 127.0.0.0/8 is ever contacted: the lab's resolver and edges.
// NODE_EXTRA_CA_CERTS is dropped for the runs (a whole system bundle there costs ~20 ms of parsing that a
// usual machine does not pay); the lab's CA comes with --ca-file as always.
// Usage: node --import tsx bench/verdict.ts [runs=10] [latencyMs=30]
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { query } from '../src/dns/query.ts';
import { SCENARIOS } from '../src/lab/scenarios/index.ts';
import { startLab, type LabInstance } from '../src/lab/start.ts';
import type { Report } from '../src/types.ts';
import { median, requireBuild, runMeasured } from './lib/spawn.ts';

const runs = Number(process.argv[2] ?? 10);
const latencyMs = Number(process.argv[3] ?? 30);

interface Case {
  scenario: string;
  target: string;
  /** The critical path in DNS round trips and edge round trips (HTTP request → response), and why. */
  dnsTrips: number;
  edgeTrips: number;
  why: string;
  /** What a person types, in order: dig and curl command lines (lab address, port and CA filled in). */
  byHand: (lab: LabInstance, resolver: string, port: string) => string[][];
}

const CASES: Case[] = [
  {
    scenario: 'healthy',
    target: 'www.akamai.com',
    dnsTrips: 1,
    edgeTrips: 1,
    why: 'one A query (the whole CNAME chain comes back in its answer), then TCP + TLS 1.3 + one GET to the edge',
    byHand: (lab, resolver, port) => [
      dig(resolver, port, 'www.akamai.com', 'A'),
      curl('www.akamai.com', lab, '127.20.0.1'),
    ],
  },
  {
    scenario: 'akamai-2021',
    target: 'paytm.com',
    dnsTrips: 4,
    edgeTrips: 0,
    why:
      'the first CNAME answer names Akamai (1 trip); an Akamai canary on a failing slot then needs its own chain walked to the SERVFAIL ' +
      '(3 trips, one per hop). In parallel: the target\'s walk (3 trips) and the healthy canary and control (1 DNS + 1 edge trip)',
    byHand: (lab, resolver, port) => [
      dig(resolver, port, 'paytm.com', 'A'),
      dig(resolver, port, 'paytm.com', 'CNAME'),
      dig(resolver, port, 'paytm.com.edgekey.net', 'CNAME'),
      dig(resolver, port, 'e7071.a.akamaiedge.net', 'A'),
      dig(resolver, port, 'www.sonyliv.com', 'A'),
      dig(resolver, port, 'www.akamai.com', 'A'),
      curl('www.akamai.com', lab, '127.20.0.1'),
      dig(resolver, port, 'www.wikipedia.org', 'A'),
      curl('www.wikipedia.org', lab, '127.90.0.7'),
    ],
  },
];

function dig(host: string, port: string, name: string, type: string): string[] {
  return ['dig', `@${host}`, '-p', port, '+norecurse', '+tries=1', '+time=3', name, type];
}

function curl(host: string, lab: LabInstance, address: string): string[] {
  return ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '3', '--noproxy', '*', '--resolve', `${host}:${lab.edges.port}:${address}`, '--cacert', lab.caFile, `https://${host}:${lab.edges.port}/`];
}

const has = (tool: string): boolean => spawnSync('which', [tool], { stdio: 'ignore' }).status === 0;

/** One DNS round trip to the lab resolver, ms (the tool's own transport: one UDP query, no chain). */
async function dnsTrip(lab: LabInstance, name: string): Promise<number> {
  const resolver = lab.resolvers[0]?.resolver;
  if (!resolver) throw new Error('lab has no resolver');
  const result = await query(resolver, name, 'A', { timeoutMs: 3000 });
  return result.ms;
}

/** TCP connect + TLS handshake + one GET to the first byte of the answer, ms, with bare node:tls. */
function edgeTrip(lab: LabInstance, host: string, address: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port: lab.edges.port, servername: host, ca: readFileSync(lab.caFile, 'utf8'), ALPNProtocols: ['http/1.1'] }, () => {
      socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
    socket.once('data', () => {
      resolve(performance.now() - started);
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

/**
 * Runs each command line after the other, as typed at a prompt; total wall ms (null when a tool is missing).
 * Asynchronously: the lab answering them lives in this process's event loop.
 */
async function byHand(commands: string[][]): Promise<number | null> {
  if (!commands.every(([tool]) => tool && has(tool))) return null;
  const started = performance.now();
  for (const [tool, ...args] of commands) {
    const child = spawn(tool as string, args, { stdio: 'ignore' });
    await new Promise((resolve) => child.on('close', resolve));
  }
  return performance.now() - started;
}

requireBuild();
console.log(`time to verdict, median of ${runs} runs, ${latencyMs} ms injected per DNS answer and per edge response, node ${process.version}`);
for (const c of CASES) {
  const scenario = SCENARIOS.find((s) => s.name === c.scenario);
  if (!scenario) throw new Error(`no scenario ${c.scenario}`);
  const lab = await startLab(scenario, { latencyMs });
  try {
    const [resolverHost, resolverPort] = (lab.setup.resolvers[0] ?? '').split(':') as [string, string];
    // Warm the lab (certificates are issued on first use) so the first measured run pays nothing extra.
    await runMeasured(['--json', ...lab.args, c.target]);
    const walls: number[] = [];
    const inRun: number[] = [];
    const hands: number[] = [];
    let verdict = '';
    for (let i = 0; i < runs; i++) {
      const m = await runMeasured(['--json', ...lab.args, c.target], { keep: Number.POSITIVE_INFINITY, env: { NODE_EXTRA_CA_CERTS: undefined } });
      const report = JSON.parse(m.head.join('\n') || '{}') as Partial<Report>;
      verdict = report.targets?.[0]?.verdict.status ?? `exit ${m.code}`;
      walls.push(m.wallMs);
      inRun.push(report.durationMs ?? Number.NaN);
      const hand = await byHand(c.byHand(lab, resolverHost, resolverPort));
      if (hand !== null) hands.push(hand);
    }
    const dns: number[] = [];
    const edge: number[] = [];
    for (let i = 0; i < runs; i++) {
      dns.push(await dnsTrip(lab, 'www.akamai.com'));
      edge.push(await edgeTrip(lab, 'www.akamai.com', '127.20.0.1'));
    }
    const critical = c.dnsTrips * median(dns) + c.edgeTrips * median(edge);
    const spawnFloor = median(walls) - median(inRun);
    console.log(`\n${c.scenario}: ${c.target} → ${verdict}`);
    console.log(`  critical path   ${critical.toFixed(1)} ms = ${c.dnsTrips} DNS trip(s) × ${median(dns).toFixed(1)} + ${c.edgeTrips} edge trip(s) × ${median(edge).toFixed(1)} (measured with bare sockets)`);
    console.log(`                  ${c.why}`);
    console.log(`  cdn-check       ${median(inRun).toFixed(1)} ms start to verdict (report durationMs): ${(median(inRun) / critical).toFixed(2)}× the critical path`);
    console.log(`                  ${median(walls).toFixed(1)} ms for the whole process (start-up ${spawnFloor.toFixed(1)} ms included): ${(median(walls) / critical).toFixed(2)}×`);
    if (hands.length > 0) {
      const steps = c.byHand(lab, resolverHost, resolverPort).map(([tool]) => tool).join(' + ');
      console.log(`  dig + curl      ${median(hands).toFixed(1)} ms for ${steps} run one after another (no typing time): cdn-check takes ${(median(walls) / median(hands)).toFixed(2)}× as long`);
    } else {
      console.log('  dig + curl      skipped: dig or curl is not installed (apt-get install -y dnsutils curl)');
    }
  } finally {
    await lab.close();
  }
}

// The lab cases the benchmarks compare cdn-check with: what a person would type with dig and curl for the same
// verdict (against the same lab, on loopback), and the critical path, measured with bare sockets.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { query } from '../../src/dns/query.ts';
import type { LabInstance } from '../../src/lab/start.ts';
import { median } from './spawn.ts';

export interface HandCase {
  scenario: string;
  target: string;
  /** The critical path in DNS round trips and edge round trips (TCP + TLS + GET to the first byte), and why. */
  dnsTrips: number;
  edgeTrips: number;
  why: string;
  /** What a person types, in order: dig and curl command lines (lab address, port and CA filled in). */
  commands: (lab: LabInstance) => string[][];
  /** Runs `commands` one after the other, as typed at a prompt (no typing time); total wall ms. */
  byHand: (lab: LabInstance) => Promise<number>;
}

function dig(lab: LabInstance, name: string, type: string): string[] {
  const [host, port] = (lab.setup.resolvers[0] ?? '').split(':') as [string, string];
  return ['dig', `@${host}`, '-p', port, '+norecurse', '+tries=1', '+time=3', name, type];
}

function curl(lab: LabInstance, host: string, address: string): string[] {
  return ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '3', '--noproxy', '*', '--resolve', `${host}:${lab.edges.port}:${address}`, '--cacert', lab.caFile, `https://${host}:${lab.edges.port}/`];
}

/** Asynchronously: the lab answering them may live in this process's event loop. */
async function runInTurn(commands: string[][]): Promise<number> {
  const started = performance.now();
  for (const [tool, ...args] of commands) {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const child = spawn(tool as string, args, { stdio: 'ignore', env });
    await new Promise((resolve) => child.on('close', resolve));
  }
  return performance.now() - started;
}

function handCase(c: Omit<HandCase, 'byHand'>): HandCase {
  return { ...c, byHand: (lab) => runInTurn(c.commands(lab)) };
}

export const HAND_CASES: HandCase[] = [
  handCase({
    scenario: 'healthy',
    target: 'www.akamai.com',
    dnsTrips: 1,
    edgeTrips: 1,
    why: 'one A query (the whole CNAME chain comes back in its answer), then TCP + TLS 1.3 + one GET to the edge',
    commands: (lab) => [dig(lab, 'www.akamai.com', 'A'), curl(lab, 'www.akamai.com', '127.20.0.1')],
  }),
  handCase({
    scenario: 'akamai-2021',
    target: 'paytm.com',
    dnsTrips: 4,
    edgeTrips: 0,
    why:
      'the first CNAME answer names Akamai (1 trip); an Akamai canary on a failing slot then needs its own chain walked to the SERVFAIL ' +
      '(3 trips, one per hop). In parallel: the target\'s walk (3 trips) and the healthy canary and control (1 DNS + 1 edge trip)',
    commands: (lab) => [
      dig(lab, 'paytm.com', 'A'),
      dig(lab, 'paytm.com', 'CNAME'),
      dig(lab, 'paytm.com.edgekey.net', 'CNAME'),
      dig(lab, 'e7071.a.akamaiedge.net', 'A'),
      dig(lab, 'www.sonyliv.com', 'A'),
      dig(lab, 'www.akamai.com', 'A'),
      curl(lab, 'www.akamai.com', '127.20.0.1'),
      dig(lab, 'www.wikipedia.org', 'A'),
      curl(lab, 'www.wikipedia.org', '127.90.0.7'),
    ],
  }),
];

/** One DNS round trip to the lab resolver, ms (the tool's own transport: one UDP query, no chain). */
async function dnsTrip(lab: LabInstance, name: string): Promise<number> {
  const resolver = lab.resolvers[0]?.resolver;
  if (!resolver) throw new Error('lab has no resolver');
  return (await query(resolver, name, 'A', { timeoutMs: 3000 })).ms;
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

/** The case's critical path, ms: median DNS and edge round trips over `runs` measurements, times the trips. */
export async function criticalPath(lab: LabInstance, c: HandCase, runs: number): Promise<{ ms: number; how: string }> {
  const dns: number[] = [];
  const edge: number[] = [];
  for (let i = 0; i < runs; i++) {
    dns.push(await dnsTrip(lab, 'www.akamai.com'));
    edge.push(await edgeTrip(lab, 'www.akamai.com', '127.20.0.1'));
  }
  const ms = c.dnsTrips * median(dns) + c.edgeTrips * median(edge);
  return { ms, how: `${c.dnsTrips} DNS trip(s) × ${median(dns).toFixed(1)} + ${c.edgeTrips} edge trip(s) × ${median(edge).toFixed(1)}, bare sockets` };
}

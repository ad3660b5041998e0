// A recording stood up as a lab scenario: its DNS answers become zone records and per-resolver faults, its edge
// probes become lab edges that answer each host as it was answered (status line, headers, body, certificate
// and connection faults), and the run's own verdicts become what the scenario expects. Pure.
import { STATUS_CODES } from 'node:http';
import { isIP } from 'node:net';
import type { Recording } from '../record/recording.ts';
import type { EdgeProbe } from '../types.ts';
import type { CertMode, EdgeBehaviour, EdgeSpec } from './edges.ts';
import type { Scenario } from './scenario.ts';
import type { DnsFault, FaultRule, ZoneRecord } from './zones.ts';

/** Recorded addresses off loopback are moved into this part of 127/8, one /24 after another. */
const FIRST_REMAP_NET = 150;
/** Headers the lab's response must set for itself: the body is recorded decoded and maybe capped. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'content-encoding', 'connection', 'keep-alive']);
const CERT_FAULTS: Record<string, CertMode> = {
  CERT_HAS_EXPIRED: 'expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-name',
  HOSTNAME_MISMATCH: 'wrong-name',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
};
const RCODE_FAULTS: Record<string, DnsFault> = { SERVFAIL: 'servfail', REFUSED: 'refused', NXDOMAIN: 'nxdomain' };

/**
 * The scenario `name` from `recording`. What the lab cannot play is left out, and said so in the story:
 * IPv6 answers (the lab's edges live on 127/8), the real addresses (moved onto loopback, so providers named
 * only by address range are not named again), the exact certificates (the lab CA issues them; expired,
 * wrong-name and self-signed ones are kept as such) and system-mode resolvers (the lab's are named).
 */
export function scenarioFromRecording(recording: Recording, name: string): Scenario {
  const addresses = new AddressMap();
  const records: ZoneRecord[] = [];
  const seen = new Set<string>();
  const resolverIndex = new Map(recording.resolvers.resolvers.map((label, i) => [label, i]));
  const resolverFaults: FaultRule[][] = recording.resolvers.resolvers.map(() => []);
  const answered = new Set<string>();

  for (const exchange of recording.dns) {
    const key = `${exchange.resolver} ${exchange.name} ${exchange.type}`;
    if (answered.has(key)) continue; // the first answer is the one the run went on with
    answered.add(key);
    const { result } = exchange;
    if (result.ok) {
      for (const answer of [...result.answers, ...result.authorities]) {
        const record = zoneRecord(answer, addresses);
        const id = record && `${record.name} ${record.type} ${record.data}`;
        if (record && id && !seen.has(id)) {
          seen.add(id);
          records.push(record);
        }
      }
    }
    const fault = result.ok ? RCODE_FAULTS[result.rcode] : result.error.code === 'DEADLINE' ? undefined : result.rcode === 'MALFORMED' ? 'malformed' : 'drop';
    const at = resolverIndex.get(exchange.resolver);
    if (fault && at !== undefined) resolverFaults[at]!.push({ name: exchange.name, types: [exchange.type], fault });
  }

  const report = recording.report;
  const expectedTargets = Object.fromEntries(
    (report?.targets ?? []).map((t) => [t.host, { status: t.verdict.status, provider: t.verdict.provider, layer: t.verdict.layer, extent: t.verdict.extent }]),
  );
  const canaries = uniqueBy([...recording.options.canaries, ...(report?.targets ?? []).flatMap((t) => t.canaries.map((c) => ({ provider: c.provider, host: c.host })))], (c) => `${c.provider} ${c.host}`);
  const controls = [...new Set([...recording.options.controls, ...(report?.targets ?? []).flatMap((t) => t.controls.map((c) => c.host))])];
  const { options } = recording;
  return {
    name,
    date: recording.recordedAt.slice(0, 10),
    provider: report?.targets.find((t) => t.verdict.provider)?.verdict.provider ?? null,
    title: `recorded: ${options.targets.join(' ')} (cdn-check ${recording.tool.version}, exit ${recording.exitCode})`,
    story: `A run recorded at ${recording.recordedAt} with --record, played back by the lab: the same DNS answers and edge responses on loopback (addresses off loopback moved onto it; IPv6 answers and the exact certificates left out).`,
    sites: [],
    records,
    edges: edgesFrom(recording, addresses),
    resolvers: resolverFaults.length > 0 ? resolverFaults.map((faults) => ({ faults })) : [{ faults: [] }],
    targets: options.targets,
    canaries,
    controls,
    limits: { timeoutMs: options.timeoutMs, deadlineMs: options.deadlineMs },
    expected: { exitCode: recording.exitCode, targets: expectedTargets },
  };
}

/** Recorded addresses to lab ones: loopback stays, anything else gets the next free 127.N.x.y. */
class AddressMap {
  private readonly map = new Map<string, string>();
  get(address: string): string | null {
    if (isIP(address) !== 4) return null; // IPv6: the lab's edges live on 127/8
    if (address.startsWith('127.')) return address;
    let mapped = this.map.get(address);
    if (!mapped) {
      const i = this.map.size;
      mapped = `127.${FIRST_REMAP_NET + Math.floor(i / 250)}.0.${(i % 250) + 1}`;
      this.map.set(address, mapped);
    }
    return mapped;
  }
}

function zoneRecord(answer: { name: string; type: string; data: string; ttl: number }, addresses: AddressMap): ZoneRecord | null {
  const type = answer.type;
  if (type === 'A') {
    const data = addresses.get(answer.data);
    return data ? { name: answer.name, type, data, ttl: answer.ttl } : null;
  }
  if (type === 'CNAME' || type === 'NS' || type === 'PTR') return { name: answer.name, type, data: answer.data, ttl: answer.ttl };
  return null; // AAAA (see AddressMap), SOA and the rest: nothing the lab serves
}

/** One lab edge per recorded IPv4 address; each host it was probed for answers as it did, in order. */
function edgesFrom(recording: Recording, addresses: AddressMap): EdgeSpec[] {
  const edges = new Map<string, { tls: boolean; cert: CertMode; refused: boolean; hosts: Map<string, EdgeBehaviour[]> }>();
  for (const { address, host, scheme, result } of recording.probes) {
    const at = addresses.get(address);
    if (!at) continue;
    let edge = edges.get(at);
    if (!edge) edges.set(at, (edge = { tls: scheme === 'https', cert: 'valid', refused: true, hosts: new Map() }));
    const certFault = certOf(result);
    if (certFault) edge.cert = certFault;
    if (result.tcp.error?.code !== 'ECONNREFUSED') edge.refused = false;
    const steps = edge.hosts.get(host) ?? [];
    steps.push(behaviourOf(result));
    edge.hosts.set(host, steps);
  }
  return [...edges].map(([address, edge]) => {
    const hosts = Object.fromEntries([...edge.hosts].map(([host, steps]) => [host, steps.length === 1 ? steps[0]! : { kind: 'sequence' as const, steps }]));
    // The edge's own behaviour, for a host it was not probed for: never 'refuse', which at edge level means nothing listens.
    const first = Object.values(hosts).find((b) => b.kind !== 'refuse') ?? { kind: 'reset' as const };
    return { address, tls: edge.tls, cert: edge.cert, behaviour: edge.refused ? { kind: 'refuse' } : first, hosts: edge.refused ? {} : hosts };
  });
}

function certOf(probe: EdgeProbe): CertMode | null {
  const code = probe.tls?.verifyError?.code ?? (probe.tls && !probe.tls.ok ? probe.tls.error?.code : undefined);
  return code ? (CERT_FAULTS[code] ?? null) : null;
}

/** What the edge did for one request, as near as the lab can play it. */
function behaviourOf(probe: EdgeProbe): EdgeBehaviour {
  // A connect that timed out cannot be played on loopback (127/8 always answers): the nearest is a silent edge.
  if (!probe.tcp.ok) return probe.tcp.error?.code === 'ECONNREFUSED' ? { kind: 'refuse' } : { kind: 'hang-tcp' };
  if (probe.tls && !probe.tls.ok) {
    if (certOf(probe)) return respondAs(probe); // the certificate is the edge's (EdgeSpec.cert); HTTP as recorded, if any
    // Per host, 'refuse' fails the handshake (see edges.ts); a handshake that never ended stalls.
    return timedOut(probe.tls.error?.code) ? { kind: 'hang-tcp' } : { kind: 'refuse' };
  }
  return respondAs(probe);
}

function respondAs(probe: EdgeProbe): EdgeBehaviour {
  const http = probe.http;
  if (!http) return { kind: 'hang-tls' };
  if (http.status === null) {
    const code = http.error?.code ?? '';
    if (code === 'ECONNRESET' || code === 'EPIPE') return { kind: 'reset' };
    if (timedOut(code)) return { kind: 'hang-tls' };
    return { kind: 'garbage' };
  }
  // Written as raw bytes: the reason phrase and header values as received, which Node's server would refuse.
  const body = http.body ?? '';
  const lines = Object.entries(http.headers)
    .filter(([header]) => !FRAMING_HEADERS.has(header.toLowerCase()))
    .flatMap(([header, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${header}: ${v}`));
  const reason = http.reason ?? STATUS_CODES[http.status] ?? '';
  const head = [`HTTP/1.1 ${http.status} ${reason}`, ...lines, `content-length: ${Buffer.byteLength(body)}`, 'connection: close'];
  return { kind: 'raw', response: `${head.join('\r\n')}\r\n\r\n${body}` };
}

/** TIMEOUT, TLS_TIMEOUT, HTTP_TIMEOUT, BODY_TIMEOUT … or the run's deadline. */
function timedOut(code: string | undefined): boolean {
  return code !== undefined && (code.endsWith('TIMEOUT') || code === 'DEADLINE');
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)));
}

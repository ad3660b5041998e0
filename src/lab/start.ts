// Starts a scenario's simulated internet on loopback — lab resolvers, HTTPS edges, a throw-away CA —
// and says how to point cdn-check at it. Used by `cdn-check lab`, the end-to-end tests and the benchmarks.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLabCa } from './certs.ts';
import { startDnsServer, type LabDnsServer } from './dns-server.ts';
import { startEdges, type LabEdges } from './edges.ts';
import type { Scenario } from './scenario.ts';
import { buildWorld } from './world.ts';
import { withIpv6, type Ipv6Plan } from './ipv6.ts';
import { startLabGlobalping, type LabGlobalping } from './globalping-lab.ts';
import { startStatusServer, type LabStatusServer } from './status-server.ts';

export interface LabInstance {
  scenario: Scenario;
  resolvers: LabDnsServer[];
  edges: LabEdges;
  /** PEM file of the lab CA (removed by close). */
  caFile: string;
  /** What cdn-check needs to be pointed at this lab. */
  setup: LabSetup;
  /** The same as CLI arguments (resolvers, port, CA, canaries, controls, limits). */
  args: string[];
  /** The mock Globalping API, when started with `globalping: true` (point GLOBALPING_API_URL at `mock.url`). */
  globalping: LabGlobalping | null;
  /** The providers' status pages as the scenario tells them (issue 17 §4). */
  status: LabStatusServer;
  close(): Promise<void>;
}

export interface LabSetup {
  resolvers: string[];
  port: number;
  caFile: string;
  canaries: string[];
  controls: string[];
  timeoutMs: number | null;
  deadlineMs: number | null;
  /** `--status-feed '*=<this>'`: every provider's status feed from the lab, never from the real page. */
  statusFeed: string;
}

export interface StartLabOptions {
  /** Delay added to every DNS answer and every edge response (benchmarks). */
  latencyMs?: number;
  /**
   * Fixed ports instead of ephemeral ones, for a lab that plays a whole machine's network (a namespace whose
   * resolv.conf says 127.0.0.1: DNS on 53, edges on 443). `dnsPort` applies to the first resolver only.
   */
  dnsPort?: number;
  edgePort?: number;
  /** Address the first resolver binds (default 127.0.0.1): an IPv6-only namespace serves DNS on a ULA. */
  dnsHost?: string;
  /** IPv6 edges and AAAA records (see ipv6.ts); anything but 'none' needs the namespace to carry the addresses. */
  ipv6?: Ipv6Plan;
  /** Also start the mock Globalping API and its probes' views (for --from). */
  globalping?: boolean;
  /** Resolvers answer with the AA bit, as every zone's own server (the audit benchmark asks them as NS). */
  authoritative?: boolean;
}

export async function startLab(scenario: Scenario, opts: StartLabOptions = {}): Promise<LabInstance> {
  const world = withIpv6(buildWorld(scenario), opts.ipv6 ?? 'none');
  const ca = createLabCa();
  const dir = await mkdtemp(join(tmpdir(), 'cdn-check-lab-'));
  const caFile = join(dir, 'lab-ca.pem');
  await writeFile(caFile, ca.caPem);

  const started: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    await Promise.allSettled(started.map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const latency = opts.latencyMs ? { latencyMs: opts.latencyMs } : {};
    const resolverSpecs = scenario.resolvers ?? [{ faults: [] }];
    const resolvers: LabDnsServer[] = [];
    for (const [i, spec] of resolverSpecs.entries()) {
      const port = i === 0 ? { ...(opts.dnsPort !== undefined ? { port: opts.dnsPort } : {}), ...(opts.dnsHost ? { host: opts.dnsHost } : {}) } : {};
      const server = await startDnsServer({ ...world.zone, faults: [...(world.zone.faults ?? []), ...spec.faults] }, { ...latency, ...port, ...(opts.authoritative ? { authoritative: true } : {}) });
      started.push(server);
      resolvers.push(server);
    }
    const edges = await startEdges(world.edges, { ca, ...latency, ...(opts.edgePort !== undefined ? { port: opts.edgePort } : {}) });
    started.push(edges);
    const status = await startStatusServer(scenario, latency);
    started.push(status);

    const setup: LabSetup = {
      resolvers: resolvers.map((r) => r.resolver.label),
      port: edges.port,
      caFile,
      canaries: scenario.canaries.map((c) => `${c.provider}=${c.host}`),
      controls: scenario.controls,
      timeoutMs: scenario.limits?.timeoutMs ?? null,
      deadlineMs: scenario.limits?.deadlineMs ?? null,
      statusFeed: status.template,
    };
    const globalping = opts.globalping ? await startLabGlobalping(scenario, ca, { resolver: resolvers[0]!.resolver, edgePort: edges.port, caPem: ca.caPem }) : null;
    if (globalping) started.push(globalping);
    return { scenario, resolvers, edges, caFile, setup, args: labArgs(setup), globalping, status, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** The lab setup as cdn-check arguments, for spawning the real binary against a running lab. */
export function labArgs(setup: LabSetup): string[] {
  return [
    ...setup.resolvers.flatMap((r) => ['--resolver', r]),
    '--port', String(setup.port),
    '--ca-file', setup.caFile,
    '--no-builtin-canaries',
    '--no-builtin-controls',
    ...setup.canaries.flatMap((c) => ['--canary', c]),
    ...setup.controls.flatMap((host) => ['--control', host]),
    ...(setup.timeoutMs !== null ? ['--timeout', String(setup.timeoutMs)] : []),
    ...(setup.deadlineMs !== null ? ['--deadline', String(setup.deadlineMs)] : []),
    '--status-feed', `*=${setup.statusFeed}`,
  ];
}

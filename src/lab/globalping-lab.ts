// The lab's Globalping: a mock API whose probes, per country, see a scenario's world through their own
// resolver and edges ("views"). A view is the scenario with some of its data replaced — a CDN's edges
// failing in one country, or a healthy world for probes while this machine's path is broken.
import type { LabCa } from './certs.ts';
import { startDnsServer, type LabDnsServer } from './dns-server.ts';
import { startEdges, type LabEdges } from './edges.ts';
import { startGlobalpingMock, type GlobalpingMock } from './globalping-mock.ts';
import { DEFAULT_FLEET, type ProbeView } from './globalping-probes.ts';
import type { Scenario } from './scenario.ts';
import { buildWorld } from './world.ts';

export interface LabGlobalping {
  mock: GlobalpingMock;
  close(): Promise<void>;
}

/**
 * Starts the views a scenario's vantage spec names and a mock API over them. `local` is the lab's own
 * resolver and edges: the default view when the scenario gives no 'world' of its own.
 */
export async function startLabGlobalping(scenario: Scenario, ca: LabCa, local: ProbeView): Promise<LabGlobalping> {
  const spec = scenario.vantage ?? {};
  const started: { close(): Promise<void> }[] = [];
  const views: Record<string, ProbeView> = { here: local, world: local };
  try {
    for (const [name, replace] of Object.entries(spec.views ?? {})) {
      const world = buildWorld({ ...scenario, ...replace });
      const dns: LabDnsServer = await startDnsServer(world.zone);
      started.push(dns);
      const edges: LabEdges = await startEdges(world.edges, { ca });
      started.push(edges);
      views[name] = { resolver: dns.resolver, edgePort: edges.port, caPem: ca.caPem };
    }
    const probes = DEFAULT_FLEET.map((probe) => ({
      ...probe,
      view: spec.countries?.[probe.country] ?? 'world',
      ...(spec.offline?.includes(probe.city) ? { offline: true } : {}),
    }));
    const mock = await startGlobalpingMock({ probes, views });
    started.push(mock);
    return { mock, close: async () => void (await Promise.allSettled(started.map((s) => s.close()))) };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.close()));
    throw error;
  }
}

// Probes a target's edge addresses in parallel through the run's shared limiter, after choosing
// which ones (a bounded number per family); the skipped ones are returned for the report.
import type { EdgeProbe } from '../types.ts';
import { probeEdge, type ProbeOptions } from './edge.ts';
import type { Limiter } from './limit.ts';
import { selectAddresses } from './select.ts';

/** One edge probed (whatever its outcome), told the moment it finishes. */
export interface ProbeEvent {
  type: 'probe';
  probe: EdgeProbe;
}

/** What probes one edge address: probeEdge, or a recording's stand-in for it (src/record/). */
export type EdgeProber = (address: string, opts: ProbeOptions) => Promise<EdgeProbe>;

/**
 * Probes the chosen addresses (see selectAddresses; `perFamily` defaults to 4) and returns the
 * probes in the chosen order (IPv4 first) plus the skipped addresses; each is told to `emit` as it finishes. Never rejects: each probe is
 * a value. With the deadline already passed, every probe resolves at once with DEADLINE.
 */
export async function probeAddresses(
  addresses: string[],
  opts: ProbeOptions & { limit: Limiter; perFamily?: number; emit?: (event: ProbeEvent) => void; probeEdge?: EdgeProber },
): Promise<{ probes: EdgeProbe[]; skipped: string[] }> {
  const { limit, perFamily, emit, probeEdge: prober = probeEdge, ...probeOptions } = opts;
  const { chosen, skipped } = selectAddresses(addresses, perFamily);
  const probeOne = async (address: string): Promise<EdgeProbe> => {
    const probe = await limit(() => prober(address, probeOptions));
    emit?.({ type: 'probe', probe });
    return probe;
  };
  const probes = await Promise.all(chosen.map(probeOne));
  return { probes, skipped };
}

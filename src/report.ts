// Assembles the per-target section of the JSON contract from the pipeline's facts and the verdict (pure).
import type { HostFacts } from './pipeline.ts';
import type { CanaryResult, ControlResult, TargetReport, Verdict } from './types.ts';

export function buildTargetReport(facts: HostFacts, verdict: Verdict, canaries: CanaryResult[], controls: ControlResult[]): TargetReport {
  const { target, dns, fingerprint: fp } = facts;
  return {
    input: target.input,
    host: target.host,
    url: target.url,
    verdict,
    providers: {
      cdn: fp.cdn,
      dns: fp.dns,
      ...(fp.dnsOthers && fp.dnsOthers.length > 0 ? { dnsOthers: fp.dnsOthers } : {}),
      ...(fp.steering && fp.steering.length > 0 ? { steering: fp.steering } : {}),
      layers: fp.layers,
      conflicts: fp.conflicts,
    },
    dns: dns && { ...dns, hopOwners: fp.hopOwners },
    probes: facts.probes,
    skippedAddresses: facts.skipped,
    pop: fp.pop?.code ?? null,
    popDetail: fp.pop,
    canaries,
    controls,
    durationMs: facts.ms,
  };
}

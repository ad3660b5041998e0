// Assembles the per-target section of the JSON contract from the pipeline's facts and the verdict (pure).
import type { HostFacts } from './pipeline.ts';
import type { CanaryResult, ControlResult, Target, TargetReport, Verdict } from '../types.ts';
import { EXIT } from '../types.ts';
import { providerName } from '../fingerprint/match.ts';
import { statusPageOf } from '../fingerprint/status-pages.ts';
import { nextStep } from '../verdict/next.ts';

/** The verdict with its next step (verdict/next.ts), from the facts it was decided on. */
export function withNext(verdict: Verdict, facts: HostFacts, usedFrom: boolean): Verdict {
  const { observation: obs, fingerprint: fp, dns, probes } = facts;
  const next = nextStep({
    verdict,
    host: facts.target.host,
    piece: obs.piece,
    ownerRole: obs.ownerRole,
    code: obs.code,
    cdn: fp.cdn?.id ?? null,
    dnsHost: fp.dns?.id ?? null,
    zone: dns?.zone ?? null,
    failedName: dns?.error?.name ?? null,
    certValidTo: probes.find((p) => p.tls?.validTo)?.tls?.validTo ?? null,
    resolver: obs.failedResolver ?? dns?.resolvers[0] ?? null,
    usedFrom,
    name: (id) => providerName(id),
    statusPage: (id) => statusPageOf(id)?.page ?? null,
  });
  return { ...verdict, next };
}

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
    ...(facts.family ? { addressFamily: facts.family } : {}),
    ...(facts.pin ? { pinned: { spec: facts.pin.spec, port: facts.pin.port, addresses: facts.pin.addresses } } : {}),
    ...(facts.connectTo ? { connectTo: { spec: facts.connectTo.rule.spec, host: facts.connectTo.host, port: facts.connectTo.port } } : {}),
  };
}

/**
 * A target the run never reached before --deadline: listed all the same, so nothing given is lost silently, and
 * `inconclusive` (exit 5), so the exit code says the run was incomplete. `line` is its --targets-file line (0: argv).
 */
export function notCheckedReport(target: Target, line: number): TargetReport {
  const where = line > 0 ? ` (line ${line})` : '';
  const message = `not checked: --deadline passed before the run reached it${where}`;
  const verdict: Verdict = { status: 'inconclusive', exitCode: EXIT.inconclusive, provider: null, layer: null, extent: null, summary: message, reasons: [message], next: 'rerun with a longer --deadline, or fewer targets' };
  return { ...emptyTargetReport({ input: target.input, host: target.host, url: target.url, verdict }), notChecked: { code: 'DEADLINE', message, line } };
}

/** A target's report with its verdict and nothing observed: no providers, DNS, probes or peers. */
export function emptyTargetReport(named: Pick<TargetReport, 'input' | 'host' | 'url' | 'verdict'>): TargetReport {
  return {
    ...named,
    providers: { cdn: null, dns: null, layers: [], conflicts: [] },
    dns: null,
    probes: [],
    skippedAddresses: [],
    pop: null,
    popDetail: null,
    canaries: [],
    controls: [],
    durationMs: 0,
  };
}

// Words the text report uses for statuses and steps, in one place so every section says the same thing.
import type { EdgeProbe, Status, StepResult } from '../types.ts';

/**
 * The upper-case label of a verdict status, readable without colour ("PROVIDER OUTAGE").
 * Exhaustive over `Status`: a new status fails to compile here until it has a label.
 */
export function statusLabel(status: Status): string {
  switch (status) {
    case 'up':
      return 'UP';
    case 'degraded':
      return 'DEGRADED';
    case 'site-outage':
      return 'SITE OUTAGE';
    case 'provider-outage':
      return 'PROVIDER OUTAGE';
    case 'local-network':
      return 'LOCAL NETWORK';
    case 'inconclusive':
      return 'INCONCLUSIVE';
    case 'fingerprinted':
      return 'FINGERPRINTED';
    default: {
      const unknown: never = status;
      return String(unknown).toUpperCase();
    }
  }
}

/** A duration as an integer with its unit ("48ms"); "-" when the step never ran. Negative or NaN input shows "-". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '-';
  return `${Math.round(ms)}ms`;
}

/** The first failed step of a probe, in the order the steps run. */
export function failedStep(probe: EdgeProbe): { step: 'tcp' | 'tls' | 'http'; result: StepResult } | null {
  if (!probe.tcp.ok) return { step: 'tcp', result: probe.tcp };
  if (probe.tls && !probe.tls.ok) return { step: 'tls', result: probe.tls };
  if (probe.http && !probe.http.ok) return { step: 'http', result: probe.http };
  return null;
}

// The run's events in words: one --debug timeline line per event, and the spinner's text for those that say
// what the run is busy with. Pure; both are built from the same events the run's other subscribers get.
import type { RunEvent } from '../run/events.ts';
import type { EdgeProbe } from '../types.ts';
import { sanitize } from './sanitize.ts';
import { failedStep } from './labels.ts';

interface Described {
  stage: string;
  /** The words; the spinner shows them when `progress` is true. */
  text: string;
  /** What only the --debug line adds. */
  detail?: string;
  progress: boolean;
}

/** Addresses named in a debug line before "+N more". */
const ADDRESSES_SHOWN = 8;

function describe(event: RunEvent): Described {
  switch (event.type) {
    case 'log':
      // Set-up and the remote vantage are for --debug; the spinner shows the work on hosts.
      return { stage: event.stage, text: event.message, progress: event.stage !== 'run' && event.stage !== 'vantage' };
    case 'resolving':
      return { stage: 'dns', text: `resolving ${event.host}`, progress: true };
    case 'hop':
      return { stage: 'dns', text: `${event.host}: ${event.hop.name} CNAME ${event.hop.data ?? '-'} (${event.hop.rcode}, ${Math.round(event.hop.ms)}ms from ${event.hop.resolver})`, progress: false };
    case 'cdn-name':
      return { stage: 'fingerprint', text: `${event.host}: ${event.hop.data ?? event.hop.name} is in ${event.provider}'s zone`, progress: false };
    case 'trouble':
      return { stage: event.from === 'dns' ? 'dns' : 'probe', text: `${event.host} (${event.kind}): trouble ${event.from === 'dns' ? 'in the first DNS answers' : 'at an edge'}`, progress: false };
    case 'addresses': {
      const more = event.addresses.length - ADDRESSES_SHOWN;
      return { stage: 'dns', text: `${event.host}: addresses ${event.addresses.slice(0, ADDRESSES_SHOWN).join(', ')}${more > 0 ? ` +${more} more` : ''}`, progress: false };
    }
    case 'dns-fingerprint': {
      const { dns, fingerprint } = event;
      const text = dns.error ? `${event.host}: ${dns.error.message}` : `${event.host}: ${dns.addresses.length} address(es) via ${dns.chain.length} hop(s)`;
      return { stage: 'dns', text, detail: `· CDN ${fingerprint.cdn?.id ?? '-'} · DNS ${fingerprint.dns?.id ?? '-'}`, progress: true };
    }
    case 'probe-start':
      return { stage: 'probe', text: `probing ${event.addresses} edge(s) of ${event.host}${event.proxy ? ` via proxy ${event.proxy}` : ''}`, progress: true };
    case 'probe':
      return { stage: 'probe', text: `${event.host}: ${probeOutcome(event.probe)}`, progress: false };
    case 'observed': {
      const { observation } = event;
      return { stage: 'verdict', text: `${event.host}: ${observation.health}${observation.layer ? ` at ${observation.layer} (${observation.code})` : ''}`, detail: `(${event.kind}, ${event.ms}ms)`, progress: true };
    }
  }
}

function probeOutcome(probe: EdgeProbe): string {
  const failed = failedStep(probe);
  const outcome = failed ? `${failed.step} ${failed.result.error?.code ?? 'failed'}` : `HTTP ${probe.http?.status ?? '-'}`;
  return `${probe.address} port ${probe.port}: ${outcome} in ${Math.round(probe.totalMs)}ms`;
}

/** One --debug line: "[+  123ms] dns: paytm.com: 2 address(es) via 3 hop(s) · CDN akamai · DNS akamai", sanitised. */
export function timelineLine(event: RunEvent, at: number): string {
  const { stage, text, detail } = describe(event);
  return `[+${String(Math.round(at)).padStart(5)}ms] ${stage}: ${sanitize(detail ? `${text} ${detail}` : text, 2000)}\n`;
}

/** The spinner's text for an event that says what the run is busy with; null for the others. */
export function progressText(event: RunEvent): string | null {
  const { text, progress } = describe(event);
  return progress ? text : null;
}

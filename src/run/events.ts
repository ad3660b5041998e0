// The run's one event stream: every stage tells what it learns as it goes (a hop, addresses, the first trouble,
// a probe ...) into one sink, and whoever needs early signals subscribes to it (the canary/control gate, the
// warm-up stop, the spinner, the --debug timeline, a recorder) instead of a callback being threaded through
// every layer. The event types live here, composed from the stages' own (each stage declares what it emits
// and knows nothing of the run).
import type { ChainEvent } from '../dns/chain.ts';
import type { TraceEvent } from '../dns/trace.ts';
import type { ProbeEvent } from '../probe/probe-all.ts';
import type { DnsTrace, Fingerprint, Hop, Observation } from '../types.ts';

/** Why a host is being checked: a target of the run, or a canary or control it is compared with. */
export type HostKind = 'target' | 'canary' | 'control';

/**
 * What one host's pipeline tells, in this order for that host: `resolving`; then, as the walks go, `hop`s
 * (each CNAME into a CDN's zone followed by `cdn-name`) and at most one DNS `trouble` per resolver;
 * `addresses` once the chains are walked and one resolved, at once followed by `probe-start` (unless its
 * probes are held or there is nothing to probe); `dns-fingerprint` when the NS lookup is in too; each `probe`
 * as it ends (a failing one followed by an edge `trouble`); last `observed`. An IP-literal host skips the
 * DNS events.
 */
export type HostEventBody =
  | { type: 'resolving' }
  | ChainEvent
  | TraceEvent
  /** A CNAME hop into `provider`'s zone: enough to start that CDN's canaries before the walk ends. */
  | { type: 'cdn-name'; provider: string; hop: Hop }
  /** The DNS stage is done: what it names (no probe seen yet), and the trace itself. */
  | { type: 'dns-fingerprint'; fingerprint: Fingerprint; dns: DnsTrace }
  /** The host's TCP/TLS/HTTP probes are about to start (after any hold): real work from then on. */
  | { type: 'probe-start'; addresses: number; proxy: string | null }
  | ProbeEvent
  /** `trouble` from an edge: a probe failed a step or answered 5xx (others may still be in flight). */
  | { type: 'trouble'; from: 'edge' }
  /** The host is judged on its own: its observation and how long it took. */
  | { type: 'observed'; observation: Observation; ms: number };

/** A host's event, naming the host and why it is checked. */
type HostEvent = HostEventBody & { host: string; kind: HostKind };

/** A line for the --debug timeline (and the spinner) that no structured event carries. */
interface LogEvent {
  type: 'log';
  stage: 'run' | 'dns' | 'canary' | 'control' | 'vantage' | 'status';
  message: string;
}

export type RunEvent = HostEvent | LogEvent;

/** Receives each event with the ms since the run started, synchronously, in the order emitted. */
export type EventListener = (event: RunEvent, at: number) => void;

/** The sink the stages emit into. */
export type Emit = (event: RunEvent) => void;

export interface EventStream {
  emit: Emit;
  /** Adds a listener (after those already there) and returns what removes it; safe to call from a listener. */
  on(listener: EventListener): () => void;
}

/**
 * A synchronous typed emitter, one per run. Chosen over node:diagnostics_channel: channels are process-wide
 * by name, so runs side by side in one process (tests, `watch` rounds, the lab) would hear each other unless
 * every message carried a run id and every subscriber filtered on it; a per-run sink is isolated and typed by
 * construction. Listeners are called in order; one that throws is a bug and surfaces where the event was emitted.
 */
export function createEventStream(elapsed: () => number): EventStream {
  const listeners = new Set<EventListener>();
  return {
    emit(event) {
      if (listeners.size === 0) return;
      const at = elapsed();
      // A Set visits listeners added during the loop and skips those removed before their turn.
      for (const listener of listeners) listener(event, at);
    },
    on(listener) {
      // Wrapped, so the same function subscribed twice is two subscriptions, each removed on its own.
      const entry: EventListener = (event, at) => listener(event, at);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
  };
}

/**
 * The sink for one host's stages: each event they tell goes to the run stamped with the host, then `react`
 * sees it (the pipeline's own next step: addresses start the probes), so the run hears of a step before
 * what it sets off.
 */
export function hostEmitter(emit: Emit, host: string, kind: HostKind, react?: (event: HostEventBody) => void): (event: HostEventBody) => void {
  return (event) => {
    emit({ ...event, host, kind });
    react?.(event);
  };
}

/** True for an event that is a target's first sign of being down: what lets held canaries and controls probe. */
export function showsTrouble(event: RunEvent): boolean {
  if (event.type === 'log' || event.kind !== 'target') return false;
  return event.type === 'trouble' || (event.type === 'dns-fingerprint' && event.dns.error !== null) || (event.type === 'observed' && event.observation.health === 'down');
}

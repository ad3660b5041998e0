// The rules that blame your own network or resolver (diagnosis.md §4, last row), tried before anyone's piece
// is weighed: when they hold, nothing the target's providers or the site did can be told apart from here.
import type { ControlResult, Layer, Observation, ResolverOutcome } from '../types.ts';
import { LOCAL_CONNECT_FAULTS, LOCAL_SOCKET_FAULTS, UNDECIDED_CODES } from './codes.ts';
import { countPhrase, clauses, plural } from './labels.ts';

/** What a local rule sees: the target's own observation, the controls, canaries that answered, fallbacks. */
export interface LocalFacts {
  host: string;
  observation: Observation;
  controls: ControlTally;
  /** True when some canary of the target's providers answered (through the same resolver). */
  canaryUp: boolean;
  resolverMode: 'system' | 'explicit';
  fallback: ResolverOutcome[];
  /** The public control host the fallback resolvers were asked about (never the target's own name). */
  fallbackName: string | null;
  /** The target's resolved addresses, and each control's. */
  addresses: string[];
  controlAddresses: { host: string; addresses: string[] }[];
}

/** A local-network finding: the verdict's layer, its summary and the reasons beyond the shared facts. */
export interface LocalFinding {
  layer: Layer | null;
  summary: string;
  reasons: string[];
}

export interface ControlTally {
  up: number;
  down: number;
  total: number;
}

/** One rule: a finding when it holds, else null. */
type LocalRule = (facts: LocalFacts) => LocalFinding | null;

/**
 * The rules in order; the first that holds wins. A new way of telling "your network" (a captive portal, DNS
 * interception) is one more function in this list.
 */
const LOCAL_RULES: readonly LocalRule[] = [resolverUnreachable, edgesUnreachable, resolverFailing, resolverSilent, resolverIntercepts, controlsDown];

/** Fewer controls resolving alike than this could be chance (two sites on one shared host), not interception. */
const INTERCEPTION_MIN_CONTROLS = 2;

export function localFinding(facts: LocalFacts): LocalFinding | null {
  for (const rule of LOCAL_RULES) {
    const finding = rule(facts);
    if (finding) return finding;
  }
  return null;
}

/** Controls the deadline cut short are left out: they say nothing about your network. */
export function tallyControls(controls: readonly ControlResult[]): ControlTally {
  const decided = controls.filter((c) => c.code === null || !UNDECIDED_CODES.has(c.code));
  const down = decided.filter((c) => c.status === 'down').length;
  return { up: decided.length - down, down, total: decided.length };
}

/**
 * The resolver could not even be reached (no route, no local address, a local firewall): no packet got to it,
 * so nothing about the site is known, whatever the controls say — say what was tried and why it failed.
 */
function resolverUnreachable({ observation: obs, controls, fallback, resolverMode }: LocalFacts): LocalFinding | null {
  const words = obs.layer === 'dns' && obs.noAnswer && obs.errno ? LOCAL_SOCKET_FAULTS[obs.errno] : undefined;
  if (!words || fallback.some((r) => r.ok)) return null;
  const resolver = obs.failedResolver ? `${resolverMode === 'explicit' ? 'the resolver you named' : 'your resolver'} ${obs.failedResolver}` : 'your resolver';
  const tail = controls.total > 0 ? `; ${controls.down}/${controls.total} controls down too` : '';
  return { layer: 'dns', summary: `${words} ${resolver} (${obs.errno})${tail} — check your network connection`, reasons: [] };
}

/**
 * The edges could not be reached because this machine would not send the connection (no route: a network
 * that allows only a proxy, or NO_PROXY sending a host direct; a local firewall rule): your network's piece,
 * whatever the controls say through another path.
 */
function edgesUnreachable({ observation: obs, host, controls }: LocalFacts): LocalFinding | null {
  if (obs.layer !== 'tcp' || obs.code === null || !LOCAL_CONNECT_FAULTS.has(obs.code)) return null;
  const words = LOCAL_SOCKET_FAULTS[obs.code] ?? 'No route to';
  const tail = controls.total === 0 ? '' : controls.up > 0 ? `; ${controls.up}/${controls.total} controls up by another path` : `; ${controls.down}/${controls.total} controls down too`;
  return { layer: 'tcp', summary: `${words} ${host}'s edges from this machine (${obs.code})${tail} — check your routes, firewall or proxy settings (HTTPS_PROXY)`, reasons: [] };
}

/** Down at DNS, a fallback resolver answered and the controls are not mostly up: your resolver. */
function resolverFailing({ observation: obs, host, controls, fallback, fallbackName, resolverMode }: LocalFacts): LocalFinding | null {
  const mostlyUp = controls.up * 2 > controls.total;
  const answered = fallback.filter((r) => r.ok);
  if (obs.layer !== 'dns' || answered.length === 0 || mostlyUp) return null;
  const primary = resolverName(obs.failedResolver, resolverMode);
  const others = answered.map((r) => shortResolver(r.resolver)).join(', ');
  const asked = fallbackName ?? 'a control host';
  const summary = `${primary} is failing (${obs.code} for ${host}); ${others} ${answered.length === 1 ? 'answers' : 'answer'} (asked about ${asked}) — the site may be fine, fix or switch your resolver`;
  const reasons = fallback.map((r) =>
    r.ok ? `fallback resolver ${r.resolver} resolved ${asked} (${r.addresses.length} ${plural(r.addresses.length, 'address', 'addresses')})` : `fallback resolver ${r.resolver} failed for ${asked}: ${r.error?.code ?? 'no addresses'}`,
  );
  return { layer: 'dns', summary, reasons };
}

/** More than half of the controls down too: nothing answers from here. */
function controlsDown({ observation: obs, controls }: LocalFacts): LocalFinding | null {
  if (controls.total === 0 || controls.down * 2 <= controls.total) return null;
  const summary = `Nothing answers from here: ${clauses(obs.detail, countPhrase(controls.down, controls.total, 'controls', 'down too'))} — check your own network or resolver`;
  return { layer: obs.layer, summary, reasons: [] };
}

/**
 * The resolver answered nothing at all, and no control or canary (same resolver) is up. Tried before the
 * controls' majority: the resolver's silence is the more precise thing to say.
 */
function resolverSilent({ observation: obs, controls, canaryUp, resolverMode }: LocalFacts): LocalFinding | null {
  if (!obs.noAnswer || controls.up > 0 || canaryUp) return null;
  const primary = resolverName(obs.failedResolver, resolverMode);
  const summary = `${primary} answers nothing (${obs.code} for every query)${controls.total > 0 ? `; ${controls.down}/${controls.total} controls down too` : ''} — check your resolver or network`;
  return { layer: 'dns', summary, reasons: [] };
}

/**
 * The target and every control that resolved came back with the very same addresses: sites on different
 * providers do not share an address, so the resolver answers every name alike — a captive portal (hotel,
 * airport, train Wi-Fi before sign-in) or DNS interception. Never a provider's or the site's outage.
 */
function resolverIntercepts({ addresses, controlAddresses }: LocalFacts): LocalFinding | null {
  const resolved = controlAddresses.filter((c) => c.addresses.length > 0);
  if (addresses.length === 0 || resolved.length < INTERCEPTION_MIN_CONTROLS) return null;
  const key = addressKey(addresses);
  if (!resolved.every((c) => addressKey(c.addresses) === key)) return null;
  const names = resolved.length + 1;
  const summary = `Your resolver answers every name with the same address (${addresses.join(', ')}; ${names}/${names} names asked): a captive portal or DNS interception — sign in to the network, or use another resolver`;
  const reasons = resolved.map((c) => `control ${c.host} resolved to ${c.addresses.join(', ')} too`);
  return { layer: 'dns', summary, reasons };
}

function addressKey(addresses: readonly string[]): string {
  return [...new Set(addresses)].sort().join(',');
}

/** "your resolver 127.0.0.53" (system) or "the resolver you named, 127.0.0.2" (explicit). */
function resolverName(label: string | null | undefined, mode: 'system' | 'explicit'): string {
  const short = label ? shortResolver(label) : null;
  if (mode === 'explicit') return short ? `The resolver you named (${short})` : 'The resolver you named';
  return short ? `Your resolver ${short}` : 'Your system resolver';
}

/** Drops the default port: "127.0.0.53:53" → "127.0.0.53", "[::1]:53" → "::1"; other ports stay. */
function shortResolver(label: string): string {
  const v6 = /^\[(.+)\]:53$/.exec(label);
  if (v6) return v6[1]!;
  return label.endsWith(':53') && label.indexOf(':') === label.lastIndexOf(':') ? label.slice(0, -3) : label;
}

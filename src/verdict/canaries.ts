// Canaries (other sites on the target's provider) and controls (sites elsewhere): built-in data, the
// selection for one target, and turning a canary's own observation into evidence that counts or not.
import type { CanaryResult, ControlResult, Fingerprint, Observation, Role } from '../types.ts';
import { BUILTIN_CANARIES, CANARIES_CHECKED } from './canary-hosts.ts';
import { DEADLINE_CODE } from './codes.ts';

// The canary hosts themselves are data in canary-hosts.ts (one home, listable by `cdn-check providers`).
export { BUILTIN_CANARIES, CANARIES_CHECKED };

/**
 * Hosts spread over many providers, used to tell "my network is down" from "that site is down". The
 * provider is what they are believed to use; hosts on the target's own providers are skipped.
 */
export const BUILTIN_CONTROLS: readonly { host: string; provider: string }[] = [
  { host: 'www.google.com', provider: 'google' },
  { host: 'en.wikipedia.org', provider: 'wikimedia' },
  { host: 'github.com', provider: 'github' },
  { host: 'www.bing.com', provider: 'azure-frontdoor' },
  { host: 'www.yahoo.com', provider: 'yahoo' },
  { host: 'www.cloudflare.com', provider: 'cloudflare' },
  { host: 'www.fastly.com', provider: 'fastly' },
  { host: 'www.akamai.com', provider: 'akamai' },
  { host: 'www.amazon.com', provider: 'cloudfront' },
];

/** How many controls a target gets by default: enough for a majority, few enough to stay quick. */
export const DEFAULT_CONTROLS = 4;

/**
 * The canary hosts for one provider in one role: user-given `--canary provider=host` first (for either role;
 * confirmation sorts them out), then the built-in ones unless `builtin` is false. Hosts in `exclude`
 * (the targets themselves) are dropped, and the list is de-duplicated case-insensitively.
 */
export function canariesFor(
  provider: string,
  role: Role,
  opts: { builtin: boolean; extra: { provider: string; host: string }[]; exclude?: string[] },
): string[] {
  const builtin = opts.builtin ? BUILTIN_CANARIES.filter((c) => c.provider === provider && c.role === role).flatMap((c) => c.hosts) : [];
  const extra = opts.extra.filter((c) => c.provider === provider).map((c) => c.host);
  return uniqueHosts([...extra, ...builtin], opts.exclude ?? []);
}

/**
 * Control hosts for one target: user-given `--control` hosts first (always kept: the user chose them), then
 * built-in ones whose provider is not in `avoid` (the target's providers; nulls ignored), up to `max`
 * in total (default DEFAULT_CONTROLS; user hosts are never cut).
 */
export function controlsFor(opts: { builtin: boolean; extra: string[]; avoid: (string | null)[]; max?: number; exclude?: string[] }): string[] {
  const avoid = new Set(opts.avoid.filter((p): p is string => p !== null));
  const exclude = opts.exclude ?? [];
  const extra = uniqueHosts(opts.extra, exclude);
  const room = Math.max(0, (opts.max ?? DEFAULT_CONTROLS) - extra.length);
  const builtin = opts.builtin ? BUILTIN_CONTROLS.filter((c) => !avoid.has(c.provider)).map((c) => c.host) : [];
  return [...extra, ...uniqueHosts(builtin, [...exclude, ...extra]).slice(0, room)];
}

/**
 * A canary counts only if its own fingerprint names `provider` in the role it stands for:
 * cdn — the serving CDN or a stacked layer; dns — the authoritative DNS host.
 */
export function isConfirmed(provider: string, role: Role, fp: Fingerprint): boolean {
  if (role === 'dns') return fp.dns?.id === provider;
  return fp.cdn?.id === provider || fp.layers.some((layer) => layer.id === provider);
}

/**
 * A canary's result from its own observation and fingerprint. Degraded counts as up (it answered); a canary
 * that did not even resolve cannot confirm its provider, unless the DNS stage named it (e.g. its CNAME).
 * `cutShort`: the run's deadline passed before it finished — a canary cut short proves nothing about its
 * provider, so when it is down it is unconfirmed with code DEADLINE.
 */
export function canaryResult(
  host: string,
  provider: string,
  role: Role,
  fp: Fingerprint,
  obs: Observation,
  ms: number,
  cutShort = false,
): CanaryResult {
  const result: CanaryResult = { host, provider, role, confirmed: isConfirmed(provider, role, fp), ...standing(obs), ms };
  return cutShort && result.status === 'down' ? { ...result, confirmed: false, code: DEADLINE_CODE } : result;
}

/**
 * A control's result: the provider its fingerprint names (serving CDN, else DNS host), else the one it is
 * `believed` to use (the built-in list: a control down before its fingerprint names anyone still must not be
 * counted against a target on that same provider), and up or down.
 */
export function controlResult(host: string, fp: Fingerprint, obs: Observation, ms: number, believed: string | null = null): ControlResult {
  return { host, provider: fp.cdn?.id ?? fp.dns?.id ?? believed, ...standing(obs), ms };
}

/** The provider a built-in control is believed to use, or null for a host the user named. */
export function believedProvider(host: string): string | null {
  return BUILTIN_CONTROLS.find((c) => c.host === host)?.provider ?? null;
}

function standing(obs: Observation): Pick<CanaryResult, 'status' | 'layer' | 'code'> {
  return obs.health === 'down' ? { status: 'down', layer: obs.layer, code: obs.code } : { status: 'up', layer: null, code: null };
}

function uniqueHosts(hosts: readonly string[], exclude: readonly string[]): string[] {
  const seen = new Set(exclude.map(normalHost));
  const out: string[] = [];
  for (const host of hosts) {
    const key = normalHost(host);
    if (key.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push(key);
  }
  return out;
}

function normalHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

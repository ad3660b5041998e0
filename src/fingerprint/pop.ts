// Reads the edge location (POP) from response headers, with the rules kept beside each provider's data.
import type { HeaderMap, Pop } from '../types.ts';
import type { PopRule } from './rule-types.ts';
import { PROVIDERS } from './providers.ts';
import { CITY_IATA, IATA_CITY } from './iata.ts';
import { headerValues, matchingValue } from './header-values.ts';

interface BoundPopRule {
  provider: string;
  rule: PopRule;
  /** The pattern with the global flag, for rules that take the last of several nodes. */
  all: RegExp;
}

/** Outermost providers first, so a stacked response reports the POP of the edge that served it. */
const POP_RULES: readonly BoundPopRule[] = [...PROVIDERS]
  .sort((a, b) => a.tier - b.tier)
  .flatMap((p) => (p.pop ?? []).map((rule) => ({ provider: p.id, rule, all: new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('g', '')}g`) })));

/** The code a rule captures from one value, or null. */
export function popCode(rule: PopRule, value: string, all: RegExp = new RegExp(rule.pattern.source, 'g')): string | null {
  let token: string | undefined;
  if (rule.pick === 'last') {
    for (const m of value.matchAll(all)) token = m[1];
  } else {
    token = rule.pattern.exec(value)?.[1];
  }
  if (!token) return null;
  switch (rule.scheme) {
    case 'iata':
    case 'region':
      return token.slice(0, 3).toUpperCase();
    case 'city':
      return CITY_IATA.get(token.toLowerCase()) ?? token.toUpperCase();
    case 'opaque':
      return token.toUpperCase();
  }
}

/**
 * The POP named by the response headers: cf-ray's suffix, x-amz-cf-pop, the last node of Fastly's
 * x-served-by, x-vercel-id's first region, CDN77's x-77-pop city, Bunny's Server token, Gcore's x-id-fe,
 * Edgecast's Server, KeyCDN's x-edge-location (only beside Server: keycdn-engine).
 * Returns null when no header tells it (Akamai never does). An unknown code keeps `city: null`;
 * provider-specific codes that are not airports (Bunny "DE1", Gcore "SG1") are reported as given.
 */
export function readPop(headers: HeaderMap): Pop | null {
  for (const { provider, rule, all } of POP_RULES) {
    if (rule.requires && matchingValue(headers, rule.requires) === null) continue;
    for (const value of headerValues(headers, rule.header)) {
      const code = popCode(rule, value, all);
      if (code === null) continue;
      const city = rule.scheme === 'iata' || rule.scheme === 'region' || rule.scheme === 'city' ? (IATA_CITY[code] ?? null) : null;
      return { code, city, provider, source: `${rule.header}: ${value}` };
    }
  }
  return null;
}

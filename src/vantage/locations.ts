// `--from` as the Globalping CLI reads it: comma-separated locations, each a `magic` string (country, city,
// ASN, network, tag, continent; `+` joins up to 4 conditions). Pure; a bad value is a reason string.

/** One location of a measurement request: the API's `{ magic, limit }` object. */
export interface LocationSpec {
  magic: string;
  limit: number;
}

/** The API's own bounds: at most 128 locations, 128 characters and 4 `+` conditions per magic string. */
const MAX_LOCATIONS = 128;
const MAX_MAGIC_LENGTH = 128;
const MAX_CONDITIONS = 4;
/** Letters of any script, digits, and the punctuation real location names use ("Western Europe", "US-NY", "aws-us-east-1", "St. Louis"). */
const MAGIC_CHARS = /^[\p{L}\p{N} .'_-]+$/u;

export type ParsedLocations = { ok: true; locations: string[] } | { ok: false; reason: string };

/** Splits and checks `--from`: empty parts, over-long or odd-character values and too many conditions are refused. */
export function parseLocations(input: string): ParsedLocations {
  const parts = input.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) return { ok: false, reason: 'an empty location (write e.g. --from IN,US,AS9498)' };
  if (parts.length > MAX_LOCATIONS) return { ok: false, reason: `more than ${MAX_LOCATIONS} locations` };
  for (const part of parts) {
    if (part.length > MAX_MAGIC_LENGTH) return { ok: false, reason: `a location longer than ${MAX_MAGIC_LENGTH} characters` };
    const conditions = part.split('+').map((c) => c.trim());
    if (conditions.some((c) => c === '')) return { ok: false, reason: `"${part}" has an empty condition around "+"` };
    if (conditions.length > MAX_CONDITIONS) return { ok: false, reason: `"${part}" joins more than ${MAX_CONDITIONS} conditions with "+"` };
    if (!conditions.every((c) => MAGIC_CHARS.test(c))) return { ok: false, reason: `"${part}" is not a location (letters, digits, spaces, . ' _ - and +)` };
  }
  // The same location twice would only spend the rate limit twice.
  return { ok: true, locations: [...new Set(parts.map((p) => p.split('+').map((c) => c.trim()).join('+')))] };
}

/** The request's `locations`: every location with `probes` probes. */
export function locationSpecs(locations: string[], probes: number): LocationSpec[] {
  return locations.map((magic) => ({ magic, limit: probes }));
}

/** Probes per measurement Globalping allows without a token, and with one. */
export const PROBES_PER_MEASUREMENT = { anonymous: 50, authenticated: 500 } as const;

/**
 * The tests (probes) a run spends: each target costs one DNS and one HTTP measurement, each probe one test
 * (IP targets need no DNS measurement, counted anyway: the cap is an upper bound).
 */
export function testsPerTarget(locations: number, probes: number): number {
  return 2 * locations * probes;
}

/**
 * The most tests one run may spend by default: well under Globalping's anonymous 250 per hour, so a few runs
 * in a row on call still get an answer. With a token the hourly allowance is 500 and the cap rises with it.
 */
export const DEFAULT_TEST_CAP = { anonymous: 100, authenticated: 400 } as const;

// Reading headers from the network safely: one place that flattens repeated headers and caps their length.
import type { HeaderMap } from '../types.ts';
import type { HeaderCondition } from './rule-types.ts';

/** Longest header value a rule ever looks at; the rest of a hostile value is ignored. */
const MAX_VALUE = 1024;

/** The values of a header (lower-case name), repeated headers in order, each capped; [] when absent. */
export function headerValues(headers: HeaderMap, name: string): string[] {
  const raw = headers[name];
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => (v.length > MAX_VALUE ? v.slice(0, MAX_VALUE) : v).trim());
}

/** The first value of the header that satisfies the condition (any value when no pattern), else null. */
export function matchingValue(headers: HeaderMap, condition: HeaderCondition): string | null {
  for (const value of headerValues(headers, condition.name)) {
    if (!condition.value || condition.value.test(value)) return value;
  }
  return null;
}

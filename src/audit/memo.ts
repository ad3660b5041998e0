// One promise per key for a run: the audit's lookups that many targets share (an NS name's address, a CDN
// domain's NS set, a page host's CDN) are asked once, by whichever target gets there first.

/**
 * `make()` once per key while `cache` lives; without a cache, every call asks. A failed lookup is remembered
 * like an answer (the audit's lookups resolve to failure values, never reject): one timeout for an NS name
 * shows as NO_ADDRESS on every target that lists it, which is what asking again under the same load would
 * most likely give too, at many times the cost.
 */
export function memo<T>(cache: Map<string, Promise<T>> | undefined, key: string, make: () => Promise<T>): Promise<T> {
  const cached = cache?.get(key);
  if (cached) return cached;
  const asked = make();
  cache?.set(key, asked);
  return asked;
}

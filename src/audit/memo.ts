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

/**
 * A Map that forgets its oldest entry when a new key would take it past `limit`: a run-long cache whose keys
 * grow with the input (one per zone) stays flat in memory on a list of 10,000 sites. A forgotten key is
 * just asked again.
 */
export function boundedCache<T>(limit: number): Map<string, T> {
  const cache = new Map<string, T>();
  const set = cache.set.bind(cache);
  cache.set = (key: string, value: T) => {
    if (!cache.has(key) && cache.size >= limit) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    return set(key, value);
  };
  return cache;
}

// One promise per key for a run: the audit's lookups that many targets share (an NS name's address, a CDN
// domain's NS set, a page host's CDN) are asked once, by whichever target gets there first.

/** `make()` once per key while `cache` lives; without a cache, every call asks. A rejected promise is not retried. */
export function memo<T>(cache: Map<string, Promise<T>> | undefined, key: string, make: () => Promise<T>): Promise<T> {
  const cached = cache?.get(key);
  if (cached) return cached;
  const asked = make();
  cache?.set(key, asked);
  return asked;
}

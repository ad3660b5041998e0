// A suffix lookup that costs one Map probe per label of the name, so matching a chain does not scan the rules.

/** Lower case, without trailing dots: the form every suffix is stored in. */
function normalizeName(name: string): string {
  let end = name.length;
  while (end > 0 && name.charCodeAt(end - 1) === 46) end--;
  return name.slice(0, end).toLowerCase();
}

export interface SuffixHit<T> {
  /** The suffix that matched (the longest one present). */
  suffix: string;
  value: T;
}

/**
 * Maps DNS suffixes to values. `lookup("a.b.edgekey.net")` probes "a.b.edgekey.net", "b.edgekey.net",
 * "edgekey.net", "net" in that order and returns the first hit: the longest suffix wins, on a dot boundary
 * ("notedgekey.net" never matches "edgekey.net"). A name equal to a suffix matches it.
 */
export class SuffixIndex<T> {
  readonly #map = new Map<string, T>();

  /** Adds a suffix; returns false (keeping the first value) when it is already present. */
  add(suffix: string, value: T): boolean {
    const key = normalizeName(suffix);
    if (key === '' || this.#map.has(key)) return false;
    this.#map.set(key, value);
    return true;
  }

  get size(): number {
    return this.#map.size;
  }

  lookup(name: string): SuffixHit<T> | null {
    const key = normalizeName(name);
    let at = 0;
    while (at < key.length) {
      const candidate = at === 0 ? key : key.slice(at);
      const value = this.#map.get(candidate);
      if (value !== undefined) return { suffix: candidate, value };
      const dot = key.indexOf('.', at);
      if (dot < 0) break;
      at = dot + 1;
    }
    return null;
  }
}

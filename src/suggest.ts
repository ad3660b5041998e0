// "Did you mean …?": the known words closest to what was typed (commands, lab scenarios, provider ids). Pure.

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`: optimal string alignment. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known words close to `typed` (case-insensitive), closest first, at most `limit`: a word it begins
 * (`akamai` → `akamai-2021`, from three letters on) or one within a few edits (one for short words, `labs` →
 * `lab`; up to three for long ones). An exact match is not a suggestion.
 */
export function closeWords(typed: string, known: readonly string[], limit = 3): string[] {
  const word = typed.trim().toLowerCase();
  if (word === '') return [];
  const allowed = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  const scored: { name: string; score: number }[] = [];
  for (const name of known) {
    const lower = name.toLowerCase();
    if (lower === word) continue;
    const distance = editDistance(word, lower);
    if (distance <= allowed) scored.push({ name, score: distance });
    else if (word.length >= 3 && lower.startsWith(word)) scored.push({ name, score: allowed + 1 });
  }
  return scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name)).slice(0, limit).map((s) => s.name);
}

/** " (did you mean a, b?)" or "" when nothing is close: the tail of a one-line error. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const close = closeWords(typed, known);
  return close.length === 0 ? '' : ` (did you mean ${close.join(', ')}?)`;
}

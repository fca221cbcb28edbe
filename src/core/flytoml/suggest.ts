/** Closest-name suggestions for unknown keys and values. */

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), treating `-` and `_` alike and ignoring case. */
export function editDistance(a: string, b: string): number {
  const norm = (s: string): string => s.toLowerCase().replace(/-/g, '_');
  const x = norm(a);
  const y = norm(b);
  if (x === y) return a === b ? 0 : 1;
  const m = x.length;
  const n = y.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = new Array<number>(n + 1);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

/**
 * The closest candidate to `word`; `close` when it is a likely typo (small edit distance
 * relative to the length, or one contains the other).
 */
export function closest(word: string, candidates: readonly string[]): { key: string; close: boolean } | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === null) return null;
  const w = word.toLowerCase();
  const b = best.toLowerCase();
  const close = bestD <= Math.max(1, Math.floor(Math.max(w.length, b.length) / 3)) || (w.length >= 3 && (b.includes(w) || w.includes(b)));
  return { key: best, close };
}

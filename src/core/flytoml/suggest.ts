/** Closest-name suggestions for unknown keys and values. */

const norm = (s: string): string => s.toLowerCase().replace(/-/g, '_');

/**
 * Optimal string alignment distance (Levenshtein plus adjacent swaps) of two already
 * normalised strings, over three reused rows.
 */
function osa(x: string, y: string, rows: [Int32Array, Int32Array, Int32Array]): number {
  const m = x.length;
  const n = y.length;
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const xi = x.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const yj = y.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (xi === yj ? 0 : 1));
      if (i > 1 && j > 1 && xi === y.charCodeAt(j - 2) && x.charCodeAt(i - 2) === yj) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

const rowsFor = (n: number): [Int32Array, Int32Array, Int32Array] => [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), treating `-` and `_` alike and ignoring case. */
export function editDistance(a: string, b: string): number {
  const x = norm(a);
  const y = norm(b);
  if (x === y) return a === b ? 0 : 1;
  return osa(x, y, rowsFor(y.length));
}

/**
 * The closest candidate to `word`; `close` when it is a likely typo (small edit distance
 * relative to the length, or one contains the other).
 */
export function closest(word: string, candidates: readonly string[]): { key: string; close: boolean } | null {
  const x = norm(word);
  let maxLen = 0;
  for (const c of candidates) maxLen = Math.max(maxLen, c.length);
  const rows = rowsFor(maxLen);
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: skip what cannot win.
    if (Math.abs(c.length - x.length) >= bestD) continue;
    const y = norm(c);
    const d = x === y ? (word === c ? 0 : 1) : osa(x, y, rows);
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

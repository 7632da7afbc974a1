/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), bounded: returns
 * `max + 1` as soon as the distance is known to exceed `max`, which keeps typo matching cheap.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  const result = prev[n] ?? max + 1;
  return result > max ? max + 1 : result;
}

/** How many typos a word of this length may carry and still count as the same word. */
export function allowedTypos(length: number): number {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

/**
 * Whether two different words may be the same word mistyped: short words must start alike
 * ("there" is not a typo of "where"), and the distance must be within `allowedTypos`.
 */
export function typoDistance(a: string, b: string): number | undefined {
  const shorter = Math.min(a.length, b.length);
  const max = allowedTypos(shorter);
  if (max === 0 || Math.abs(a.length - b.length) > max) return undefined;
  if (shorter < 7 && a[0] !== b[0]) return undefined;
  // In a four-letter word one other letter is usually another word ("mars", "mark", "mass"):
  // only two letters swapped ("hots", "lsit") is a typo there.
  if (shorter < 5 && [...a].sort().join('') !== [...b].sort().join('')) return undefined;
  const d = editDistance(a, b, max);
  return d <= max ? d : undefined;
}

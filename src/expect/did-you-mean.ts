/** "Did you mean" for names a person typed: CRM fields, lifecycle stages. */

/**
 * The stage a person most likely meant: same name ignoring case and separators, an abbreviation
 * ("mql" → marketingqualifiedlead, "Working - MQL"), or a near spelling.
 */
export function suggest(given: string, candidates: string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const g = norm(given);
  if (!g) return null;
  const same = candidates.find((c) => norm(c) === g);
  if (same) return same;
  if (g.length <= 4) {
    const word = candidates.find((c) => c.toLowerCase().split(/[^a-z0-9]+/).includes(g));
    if (word) return word;
    const abbrev = candidates.filter((c) => norm(c)[0] === g[0] && isSubsequence(g, norm(c))).sort((a, b) => a.length - b.length)[0];
    if (abbrev) return abbrev;
  }
  let best: string | null = null;
  let bestD = Math.min(4, Math.ceil(g.length / 3) + 1);
  for (const c of candidates) {
    const d = editDistance(g, norm(c));
    if (d < bestD) (best = c), (bestD = d);
  }
  return best;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/**
 * The few statistics a volume report needs, written out here rather than pulled in as a
 * dependency: percentiles, a histogram, and Pearson's chi-square goodness-of-fit test against a
 * uniform spread with its p-value (the chi-square survival function, through the regularized
 * upper incomplete gamma function, as in Numerical Recipes §6.2).
 */

/** Nearest-rank percentile (p in 0..100) of already sorted values; null for none. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Histogram {
  /** Width of every bin in ms; bin i holds values in [i·binMs, (i+1)·binMs). */
  binMs: number;
  counts: number[];
}

/** Equal-width bins from 0 over `maxMs` (a "nice" width: 1, 2 or 5 × a power of ten ms). */
export function histogram(values: number[], maxMs: number, bins = 10): Histogram {
  const binMs = niceStep(Math.max(maxMs, 1) / bins);
  const n = Math.max(1, Math.floor(Math.max(maxMs, ...values, 0) / binMs) + 1);
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.max(0, Math.floor(v / binMs)))]! += 1;
  return { binMs, counts };
}

function niceStep(raw: number): number {
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
}

export interface ChiSquare {
  statistic: number;
  df: number;
  pValue: number;
}

/** Pearson's chi-square test of observed counts against equal expected counts. */
export function chiSquareUniform(observed: number[]): ChiSquare {
  const k = observed.length;
  const n = observed.reduce((a, b) => a + b, 0);
  const df = k - 1;
  if (k < 2 || n === 0) return { statistic: 0, df: Math.max(0, df), pValue: 1 };
  const expected = n / k;
  const statistic = observed.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}

/** P(X ≥ x) for X ~ chi-square with df degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chi-square needs df > 0 (got ${df})`);
  if (x <= 0) return 1;
  return gammaQ(df / 2, x / 2);
}

/** Regularized upper incomplete gamma Q(a, x): the series below a + 1, the continued fraction above. */
function gammaQ(a: number, x: number): number {
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQFraction(a, x);
}

function gammaPSeries(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < 1000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

function gammaQFraction(a: number, x: number): number {
  // Modified Lentz's method for the continued fraction of Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** ln Γ(z) for z > 0 (Lanczos, g = 7, nine coefficients: ~15 significant digits). */
function lnGamma(z: number): number {
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lnGamma(1 - z);
  const zz = z - 1;
  let s = c[0]!;
  for (let i = 1; i < g + 2; i++) s += c[i]! / (zz + i);
  const t = zz + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (zz + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * Is a round-robin pool's spread plausibly fair? Pearson's chi-square goodness-of-fit test of
 * the leads each member received against an even split. The rule: with at least 5 leads per
 * member (every expected count ≥ 5, the test's textbook condition; volume runs reach it),
 * p < 0.01 is "unfair" — a strict or random-even rotation shows a spread that uneven less than
 * once in a hundred runs. Fewer leads cannot tell. Unfair is a warning, not a failed run: a
 * weighted rotation, or a portal's own leads taking turns between the test's, is uneven by design.
 */
import { chiSquareUniform } from './stats.js';

export const UNFAIR_P = 0.01;
export const MIN_LEADS_PER_MEMBER = 5;

export interface PoolFairness {
  test: 'chi-square goodness of fit against an even split';
  /** In words, for the reader of the report. */
  rule: string;
  chiSquare: number;
  df: number;
  pValue: number;
  /** too-few-leads: fewer than 5 leads per member, so the test was not applied. */
  verdict: 'fair' | 'unfair' | 'too-few-leads';
}

/** `counts`: the leads each member received (members that received none included, as 0). */
export function poolFairness(counts: number[]): PoolFairness {
  const { statistic, df, pValue } = chiSquareUniform(counts);
  const leads = counts.reduce((a, b) => a + b, 0);
  const verdict = counts.length < 2 || leads < MIN_LEADS_PER_MEMBER * counts.length ? 'too-few-leads' : pValue < UNFAIR_P ? 'unfair' : 'fair';
  return {
    test: 'chi-square goodness of fit against an even split',
    rule: `unfair when p < ${UNFAIR_P} with at least ${MIN_LEADS_PER_MEMBER} leads per member`,
    chiSquare: round(statistic, 3),
    df,
    pValue: pValue < 1e-4 ? Number(pValue.toPrecision(2)) : round(pValue, 4),
    verdict,
  };
}

/** "χ² 10.00, df 2, p 0.0067: unfair (unfair when p < 0.01 with at least 5 leads per member)". */
export function describeFairness(f: PoolFairness): string {
  const stats = `χ² ${f.chiSquare.toFixed(2)}, df ${f.df}, p ${f.pValue < 1e-4 ? f.pValue.toExponential(1) : f.pValue.toFixed(4)}`;
  const verdict = f.verdict === 'too-few-leads' ? `too few leads to judge (${MIN_LEADS_PER_MEMBER} per member needed)` : f.verdict;
  return `${stats}: ${verdict} (${f.rule})`;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

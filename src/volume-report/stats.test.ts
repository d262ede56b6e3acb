import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, chiSquareUniform, histogram, percentile } from './stats.js';

describe('chiSquareSurvival', () => {
  it('matches the textbook critical values', () => {
    // Critical values from any chi-square table: P(X ≥ x) at df.
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 5);
    expect(chiSquareSurvival(6.634897, 1)).toBeCloseTo(0.01, 5);
    expect(chiSquareSurvival(9.21034, 2)).toBeCloseTo(0.01, 5);
    expect(chiSquareSurvival(11.0705, 5)).toBeCloseTo(0.05, 5);
    expect(chiSquareSurvival(23.2093, 10)).toBeCloseTo(0.01, 5);
    expect(chiSquareSurvival(0.1026, 2)).toBeCloseTo(0.95, 4);
  });

  it('is exp(-x/2) at df 2, and 1 at 0', () => {
    for (const x of [0.5, 2, 7.3, 40]) expect(chiSquareSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 12);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });
});

describe('chiSquareUniform', () => {
  it('finds a strict rotation fair and a starved member not', () => {
    expect(chiSquareUniform([10, 10, 10])).toEqual({ statistic: 0, df: 2, pValue: 1 });
    const starved = chiSquareUniform([20, 20, 5]);
    expect(starved.statistic).toBeCloseTo(10, 10);
    expect(starved.pValue).toBeCloseTo(Math.exp(-5), 10);
    expect(starved.pValue).toBeLessThan(0.01);
  });
});

describe('percentile and histogram', () => {
  it('takes the nearest rank', () => {
    const xs = Array.from({ length: 20 }, (_, i) => (i + 1) * 100);
    expect(percentile(xs, 50)).toBe(1000);
    expect(percentile(xs, 95)).toBe(1900);
    expect(percentile(xs, 100)).toBe(2000);
    expect(percentile([], 50)).toBeNull();
  });

  it('bins values in nice widths from 0, the largest in the last bin', () => {
    const h = histogram([100, 900, 1000, 1999, 2000, 9400], 9400);
    expect(h.binMs).toBe(1000);
    expect(h.counts).toEqual([2, 2, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(h.counts.reduce((a, b) => a + b)).toBe(6);
  });
});

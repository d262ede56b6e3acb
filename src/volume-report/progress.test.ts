import { describe, expect, it } from 'vitest';
import { formatEta, ProgressTracker } from './progress.js';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('ProgressTracker', () => {
  it('counts done, in flight and remaining, and estimates the time left from the rate', () => {
    const c = clock();
    const p = new ProgressTracker(10, c.now);
    expect(p.line()).toBe('submitted 0/10, 0 in flight, 10 to go, rate —, ETA —');
    p.begin();
    p.begin();
    c.advance(2000);
    p.end(true);
    // One completion in 2 s since the first began: 0.5/s, 9 left → 18 s.
    expect(p.line()).toBe('submitted 1/10, 1 in flight, 8 to go, 0.50/s, ETA 18 s');
    p.begin();
    c.advance(1000);
    p.end(false);
    c.advance(1000);
    p.end(true);
    // Window: completions at 2, 3 and 4 s → 2 per 2 s = 1/s; 7 left → 7 s.
    expect(p.line()).toBe('submitted 3/10 (1 failed), 0 in flight, 7 to go, 1.00/s, ETA 7 s');
  });

  it('follows a slowdown within its window and reaches 0 at the end', () => {
    const c = clock();
    const p = new ProgressTracker(60, c.now);
    for (let i = 0; i < 30; i++) (p.begin(), c.advance(100), p.end(true));
    expect(p.ratePerS()).toBeCloseTo(10, 5);
    for (let i = 0; i < 25; i++) (p.begin(), c.advance(1000), p.end(true));
    // The last 20 completions are 1 s apart: the fast start no longer counts.
    expect(p.ratePerS()).toBeCloseTo(1, 5);
    expect(p.etaMs()).toBeCloseTo(5000, 0);
    for (let i = 0; i < 5; i++) (p.begin(), p.end(true));
    expect(p.etaMs()).toBe(0);
  });

  it('formats long times in minutes and hours', () => {
    expect(formatEta(185_000)).toBe('3 min 05 s');
    expect(formatEta(3_720_000)).toBe('1 h 02 min');
  });
});

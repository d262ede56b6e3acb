import { describe, expect, it } from 'vitest';
import { volumeHtml, volumeLines } from './render.js';
import { deriveVolume, type VolumeLead } from './volume.js';
import { poolFairness } from './fairness.js';

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);

function lead(branch: string, i: number, toOwnerMs: number | null, opts: { atMs?: number; slaMs?: number; slaFailed?: boolean } = {}): VolumeLead {
  return {
    scenario: `${branch} ${i}`, branch, recordId: toOwnerMs === null ? null : String(i),
    checks: opts.slaFailed ? [{ kind: 'sla', passed: false }] : [{ kind: 'sla', passed: true }],
    timings: { submittedAt: new Date(T0 + (opts.atMs ?? i * 1000)).toISOString(), timeToOwnerMs: toOwnerMs, slaMs: opts.slaMs ?? 30_000 },
  };
}

describe('deriveVolume: time to owner per branch', () => {
  // EMEA: 1..20 s (one per second); SMB: 2 s each, one lead never assigned (failed its SLA).
  const leads = [
    ...Array.from({ length: 20 }, (_, i) => lead('EMEA', i, (i + 1) * 1000, { slaMs: 15_000 })),
    ...Array.from({ length: 4 }, (_, i) => lead('SMB', 20 + i, 2000)),
    lead('SMB', 24, null, { slaFailed: true }),
  ];
  const v = deriveVolume(leads, { max: 40, intervalMs: 10_000 });

  it('gives p50 / p95 / max, the SLA breaches and the lead count per branch', () => {
    const [emea, smb] = v.branches;
    expect(emea).toMatchObject({ branch: 'EMEA', leads: 20, withOwner: 20, p50Ms: 10_000, p95Ms: 19_000, maxMs: 20_000, slaMs: 15_000, slaBreaches: 5 });
    expect(smb).toMatchObject({ branch: 'SMB', leads: 5, withOwner: 4, p50Ms: 2000, p95Ms: 2000, maxMs: 2000, slaBreaches: 1 });
  });

  it('bins every assigned lead into a histogram on one scale for all branches', () => {
    const [emea, smb] = v.branches;
    expect(emea!.histogram.binMs).toBe(smb!.histogram.binMs);
    expect(emea!.histogram.binMs).toBe(5000);
    expect(emea!.histogram.counts).toEqual([4, 5, 5, 5, 1, 0, 0]);
    expect(smb!.histogram.counts[0]).toBe(4);
    expect(smb!.histogram.counts.reduce((a, b) => a + b)).toBe(4);
  });

  it('measures the achieved submission rate against the budget and the busiest window', () => {
    // 25 submissions one second apart: 24 intervals in 24 s = 1/s; the budget is 40 per 10 s = 4/s.
    expect(v.rate).toMatchObject({ submissions: 25, achievedPerS: 1, budgetPerS: 4, peakPerWindow: 10, windowMs: 10_000, perWindow: [10, 10, 5] });
  });

  it('says it in the console and in the report page', () => {
    const pools = [{ branches: ['SMB'], perMember: { priya: 20, liam: 20, emma: 5 }, fairness: poolFairness([20, 20, 5]) }];
    const lines = volumeLines(v, pools).join('\n');
    expect(lines).toContain('✗ EMEA: 20 lead(s), time to owner p50 10 s / p95 19 s / max 20 s, 5 over the 15 s SLA');
    expect(lines).toContain('! round-robin SMB: priya 20, liam 20, emma 5 — χ² 10.00, df 2, p 0.0067: unfair (unfair when p < 0.01 with at least 5 leads per member)');
    expect(lines).toContain('submissions: 25 at 1.00/s, budget 4.00/s (25 % of it); at most 10 in any 10 s');
    const html = volumeHtml(v, pools);
    expect(html).toContain('<td class="bad">unfair</td>');
    expect(html).toContain('aria-label="Histogram of time to owner on EMEA"');
    expect(html).toContain('<title>budget 40.0 per 10 s</title>');
  });

  it('holds without a budget, and with no submissions at all', () => {
    expect(deriveVolume([lead('A', 0, 1000)]).rate).toMatchObject({ submissions: 1, achievedPerS: null, budgetPerS: null, perWindow: [1] });
    expect(deriveVolume([]).branches).toEqual([]);
  });
});

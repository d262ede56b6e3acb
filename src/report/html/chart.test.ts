import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleReport } from '../test-fixture.js';
import { branchBars } from './chart.js';

describe('branchBars', () => {
  it('marks a branch whose lead went to the wrong owner, however fast', async () => {
    const report = await sampleReport(mkdtempSync(path.join(tmpdir(), 'lp-chart-')));
    const lead = report.leads.find((l) => l.branch && l.passed && l.checks.some((c) => c.kind === 'owner'))!;
    report.leads = report.leads.filter((l) => l === lead || l.branch !== lead.branch);
    const before = branchBars(report).find((b) => b.label === lead.branch)!;
    expect(before.wrongOwner).toBe(false);
    for (const c of lead.checks) if (c.kind === 'owner') c.passed = false;
    const after = branchBars(report).find((b) => b.label === lead.branch)!;
    expect(after.wrongOwner).toBe(true);
    expect(after.ms).toBe(before.ms);
  });
});

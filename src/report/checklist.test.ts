import { describe, expect, it } from 'vitest';
import { deriveChecklist } from './checklist.js';
import { sampleLeads } from './test-fixture.js';
import type { RunReport } from './model.js';

function report(leads = sampleLeads(), flush: Partial<RunReport['flush']> = {}): RunReport {
  return { leads, flush: { deleted: 5, failed: 0, refused: 0, skipped: false, details: [], ...flush } } as unknown as RunReport;
}
const item = (r: RunReport, id: string) => deriveChecklist(r).find((i) => i.id === id)!;

describe('deriveChecklist', () => {
  it('ticks items the sample run proves and not the one its failure leaves open', () => {
    const items = Object.fromEntries(deriveChecklist(report()).map((i) => [i.id, i.done]));
    expect(items).toEqual({ fields: true, flush: true, lifecycle: true, duplicates: true, sla: true, channels: true, branches: false, fallback: true });
    expect(item(report(), 'branches').evidence).toMatch(/existing customer.*existing-customer/);
  });

  it('does not tick flush when a delete failed, it was skipped, or fewer were deleted than found', () => {
    expect(item(report(undefined, { failed: 1 }), 'flush').done).toBe(false);
    expect(item(report(undefined, { skipped: true }), 'flush').done).toBe(false);
    expect(item(report(undefined, { deleted: 4 }), 'flush').done).toBe(false);
    // Leads that may still arrive, or records refused, mean the CRM may not be clean yet.
    expect(item(report(undefined, { unaccounted: 1, pendingUntil: '2026-11-23T10:00:00.000Z' }), 'flush').done).toBe(false);
    expect(item(report(undefined, { unaccounted: 1, pendingUntil: '2026-11-23T10:00:00.000Z' }), 'flush').evidence).toContain('may still arrive until 2026-11-23T10:00:00.000Z');
    expect(item(report(undefined, { refused: 1 }), 'flush').done).toBe(false);
  });

  it('does not tick duplicate detection without a passing unique check on a duplicate lead', () => {
    const leads = sampleLeads().filter((l) => !l.edge?.includes('duplicate'));
    expect(item(report(leads), 'duplicates')).toMatchObject({ done: false, evidence: 'no lead exercised the duplicate edge case' });
    const failing = sampleLeads();
    failing[2]!.checks.find((c) => c.kind === 'unique')!.passed = false;
    expect(item(report(failing), 'duplicates').done).toBe(false);
  });

  it('does not tick an item nobody exercised', () => {
    const none = report([]);
    expect(deriveChecklist(none).filter((i) => i.done).map((i) => i.id)).toEqual([]);
  });
});

describe('checklist status', () => {
  const status = (r: RunReport) => Object.fromEntries(deriveChecklist(r).map((i) => [i.id, i.status]));

  it('says not-covered, never failed, for items no lead exercised', () => {
    expect(new Set(Object.values(status(report([]))))).toEqual(new Set(['not-covered']));
    const noDupes = sampleLeads().filter((l) => !l.edge?.includes('duplicate'));
    expect(item(report(noDupes), 'duplicates').status).toBe('not-covered');
    // The existing-customer lead fails: that edge is failed, not merely uncovered.
    expect(item(report(), 'branches')).toMatchObject({ status: 'failed', done: false });
    const noCustomer = sampleLeads().filter((l) => !l.edge?.includes('existing-customer'));
    expect(item(report(noCustomer), 'branches')).toMatchObject({ status: 'not-covered', evidence: expect.stringContaining('edge cases not exercised: existing-customer') });
  });

  it('a wrong owner fails neither the channel nor the SLA item', () => {
    const leads = sampleLeads();
    const l = leads[0]!; // paid-social, the only lead of its channel
    l.checks.find((c) => c.kind === 'owner')!.passed = false;
    l.checks.find((c) => c.kind === 'sla')!.passed = false; // what the old SLA check said about a wrong owner
    l.passed = false;
    expect(item(report(leads), 'channels')).toMatchObject({ status: 'done' });
    expect(item(report(leads), 'sla')).toMatchObject({ status: 'done', evidence: expect.stringContaining('(2 went to the wrong owner)') });
  });

  it('a channel whose source field is wrong fails the channel item', () => {
    const leads = sampleLeads();
    leads[0]!.checks.find((c) => c.kind === 'field')!.passed = false;
    expect(item(report(leads), 'channels')).toMatchObject({ status: 'failed', evidence: 'source fields or record failed for: paid-social' });
  });

  it('a failed or refused flush is failed; a skipped one is not covered', () => {
    expect(item(report(undefined, { refused: 1 }), 'flush').status).toBe('failed');
    expect(item(report(undefined, { skipped: true }), 'flush').status).toBe('not-covered');
  });
});

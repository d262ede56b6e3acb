import { describe, expect, it } from 'vitest';
import type { RunReport } from './model.js';
import { sampleLeads } from './test-fixture.js';
import { deriveVerdict, verdictExitCode, withVerdict } from './verdict.js';

const flush = { deleted: 5, failed: 0, refused: 0, skipped: false, details: [] };
const passing = () => {
  const leads = sampleLeads();
  leads[4]!.checks.forEach((c) => (c.passed = true));
  leads[4]!.passed = true;
  return leads;
};

describe('deriveVerdict', () => {
  it('PASSED only when every check passed and every checklist item is done', () => {
    expect(deriveVerdict({ leads: passing(), flush })).toBe('PASSED');
  });

  it('INCOMPLETE when nothing failed but an item was not exercised (no duplicate lead here)', () => {
    const leads = passing().filter((l) => !l.edge?.includes('duplicate'));
    expect(deriveVerdict({ leads, flush })).toBe('INCOMPLETE');
    expect(deriveVerdict({ leads: passing(), flush: { ...flush, skipped: true } })).toBe('INCOMPLETE');
    expect(deriveVerdict({ leads: [], flush })).toBe('INCOMPLETE');
  });

  it('FAILED when a lead failed, a pool member was missed, or the flush failed', () => {
    expect(deriveVerdict({ leads: sampleLeads(), flush })).toBe('FAILED');
    expect(deriveVerdict({ leads: passing(), flush: { ...flush, refused: 1 } })).toBe('FAILED');
    const missed = { members: ['a', 'b'], branches: ['SMB'], leads: 2, perMember: { a: 2, b: 0 }, outside: 0, status: 'missed' as const, missing: ['b'], message: '' };
    expect(deriveVerdict({ leads: passing(), flush, pools: [missed] })).toBe('FAILED');
  });

  it('exits 1 for FAILED, and for INCOMPLETE only when completeness is required', () => {
    expect([verdictExitCode('PASSED', true), verdictExitCode('INCOMPLETE', false), verdictExitCode('INCOMPLETE', true), verdictExitCode('FAILED', false)]).toEqual([0, 0, 1, 1]);
  });

  it('withVerdict puts verdict, pools and failure groups into the report from its leads', () => {
    const leads = sampleLeads();
    const r = withVerdict({ leads, flush } as unknown as Omit<RunReport, 'summary'>, 1000);
    expect(r.summary).toEqual({ total: 5, passed: 4, failed: 1, durationMs: 1000, verdict: 'FAILED' });
    expect(r.failureGroups).toEqual([expect.objectContaining({ kind: 'owner', count: 1, leads: ['scenarios/edges.scenario.ts#2'], branch: 'existing customer' })]);
    expect(r.pools).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { LeadResult } from './model.js';
import { derivePools } from './pool-coverage.js';

const POOL = ['priya@x.example', 'liam@x.example', 'emma@x.example'];

function lead(i: number, ownerEmail: string | null, opts: { pool?: string[]; recordId?: string | null } = {}): LeadResult {
  return {
    key: `smb#${i}`, scenario: `SMB ${i}`, scenarioFile: 'smb.yaml', branch: 'SMB round-robin', email: `l${i}@t.example`,
    recordId: opts.recordId === undefined ? String(i) : opts.recordId, recordIds: [], passed: true, checks: [],
    timings: { submittedAt: null, foundAt: null, ownerAssignedAt: null, timeToOwnerMs: null, slaMs: 0, decidedAt: null }, landingUrl: 'https://x.example', evidence: [],
    owner: { expected: 'one of …', actual: ownerEmail, ...(ownerEmail ? { actualEmail: ownerEmail } : {}), pool: opts.pool ?? POOL },
  };
}

describe('derivePools', () => {
  it('reports leads per member and passes when every member received one', () => {
    const [p] = derivePools([lead(1, 'priya@x.example'), lead(2, 'LIAM@x.example'), lead(3, 'emma@x.example', { pool: [...POOL].reverse() })]);
    expect(p).toMatchObject({ status: 'covered', leads: 3, missing: [], perMember: { 'priya@x.example': 1, 'liam@x.example': 1, 'emma@x.example': 1 }, branches: ['SMB round-robin'] });
  });

  it('fails naming the member that received none when the pool got at least as many leads as members', () => {
    const [p] = derivePools([lead(1, 'priya@x.example'), lead(2, 'liam@x.example'), lead(3, 'priya@x.example'), lead(4, 'liam@x.example')]);
    expect(p).toMatchObject({ status: 'missed', missing: ['emma@x.example'], leads: 4 });
    expect(p!.message).toBe('SMB round-robin pool: emma@x.example received none of 4 leads (priya@x.example 2, liam@x.example 2, emma@x.example 0); check that the rotation includes this member, or, if they have left, take them out of this scenario\'s pool');
  });

  it('only warns when fewer leads than members reached the pool', () => {
    const [p] = derivePools([lead(1, 'priya@x.example'), lead(2, 'liam@x.example')]);
    expect(p).toMatchObject({ status: 'not-exercised', missing: ['emma@x.example'] });
    expect(p!.message).toMatch(/^SMB round-robin pool not fully exercised: 2 leads, 3 members/);
  });

  it('does not count leads that never reached the CRM or went outside the pool (their own checks failed)', () => {
    const [p] = derivePools([lead(1, 'priya@x.example'), lead(2, 'liam@x.example'), lead(3, null, { recordId: null }), lead(4, 'noah@x.example')]);
    expect(p).toMatchObject({ status: 'not-exercised', leads: 2, outside: 1 });
  });

  it('keeps different pools apart and ignores leads without a pool', () => {
    const other = ['a@x.example', 'b@x.example'];
    const noPool = { ...lead(9, 'a@x.example'), owner: { expected: 'a@x.example', actual: 'a', actualEmail: 'a@x.example' } };
    const pools = derivePools([lead(1, 'priya@x.example'), lead(2, 'a@x.example', { pool: other }), noPool]);
    expect(pools.map((p) => [p.members.length, p.leads])).toEqual([[3, 1], [2, 1]]);
  });

  it('matches members named by name as well as by email', () => {
    const named = (i: number, name: string) => ({ ...lead(i, `${name.split(' ')[0]!.toLowerCase()}@x.example`, { pool: ['Priya Nair', 'Liam OBrien'] }), owner: { expected: '…', actual: name, actualName: name, actualEmail: 'other@x.example', pool: ['Priya Nair', 'Liam OBrien'] } });
    const [p] = derivePools([named(1, 'Priya Nair'), named(2, 'priya nair')]);
    expect(p).toMatchObject({ status: 'missed', missing: ['Liam OBrien'], perMember: { 'Priya Nair': 2, 'Liam OBrien': 0 } });
  });

  describe('fairness in a volume run (chi-square against an even split)', () => {
    const spread = (counts: number[]) => derivePools(counts.flatMap((n, m) => Array.from({ length: n }, (_, i) => lead(m * 1000 + i, POOL[m]!))))[0]!;

    it('finds a strict rotation fair', () => {
      expect(spread([10, 10, 10]).fairness).toMatchObject({ verdict: 'fair', chiSquare: 0, df: 2, pValue: 1 });
      expect(spread([11, 10, 10]).fairness?.verdict).toBe('fair');
    });

    it('flags a starved member: every member got leads, one far fewer (p < 0.01)', () => {
      const p = spread([20, 20, 5]);
      expect(p.status).toBe('covered');
      expect(p.fairness).toMatchObject({ verdict: 'unfair', chiSquare: 10, df: 2 });
      expect(p.fairness!.pValue).toBeCloseTo(Math.exp(-5), 4);
      expect(p.fairness!.rule).toBe('unfair when p < 0.01 with at least 5 leads per member');
    });

    it('flags a skipped member twice over: missed (a failure) and unfair', () => {
      const p = spread([10, 10, 0]);
      expect(p.status).toBe('missed');
      expect(p.fairness).toMatchObject({ verdict: 'unfair', chiSquare: 10 });
      // With fewer leads chance could still explain it (p 0.022); the coverage rule fails it anyway.
      expect(spread([8, 7, 0])).toMatchObject({ status: 'missed', fairness: { verdict: 'fair' } });
    });

    it('does not judge with fewer than 5 leads per member', () => {
      expect(spread([9, 5, 0]).fairness?.verdict).toBe('too-few-leads');
      expect(spread([2, 1, 1]).fairness?.verdict).toBe('too-few-leads');
    });
  });
});

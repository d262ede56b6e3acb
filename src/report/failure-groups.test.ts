import { describe, expect, it } from 'vitest';
import { describeGroup, groupFailures } from './failure-groups.js';
import type { CheckResult, LeadResult, PoolCoverage } from './model.js';

const check = (kind: CheckResult['kind'], name: string, passed: boolean, expected: unknown, actual: unknown, message = ''): CheckResult => ({ kind, name, passed, expected, actual, message });

function lead(key: string, branch: string | undefined, checks: CheckResult[], owner?: LeadResult['owner']): LeadResult {
  return { key, scenario: key, scenarioFile: 's.yaml', branch, email: `${key}@t.example`, recordId: '1', recordIds: ['1'], passed: checks.every((c) => c.passed), checks,
    timings: { submittedAt: null, foundAt: null, ownerAssignedAt: null, timeToOwnerMs: null, slaMs: 30_000, decidedAt: null }, landingUrl: 'https://x.example', owner, evidence: [] };
}

const wrongTeam = (key: string, person: string) => lead(key, 'EMEA × mid-market',
  [check('owner', 'owner', false, 'team EMEA Mid-Market', `${person} (NA Mid-Market)`, `went to ${person} after 2 s; expected team EMEA Mid-Market within 30 s`),
    // What the SLA check said about a wrong owner: the same fault, so no group of its own.
    check('sla', 'sla', false, '≤ 30 s', null, 'no assignment to team EMEA Mid-Market within 30 s')],
  { expected: 'team EMEA Mid-Market', actual: `${person} (NA Mid-Market)`, actualEmail: `${person}@x.example`, actualTeams: ['NA Mid-Market'], actualActive: true });

describe('groupFailures', () => {
  it('groups late lifecycle stages apart from missing ones, whatever each lead was late by', () => {
    const stage = (key: string, message: string) => lead(key, 'NA × mid-market', [check('lifecycle', 'lifecycle', false, { path: ['lead', 'mql'] }, ['lead', 'mql'], message)]);
    const leads = [
      stage('a#0', 'became mql after 41 s by workflow 7, over the 30 s SLA'),
      stage('a#1', 'became mql after 1 m 02 s by workflow 7, over the 30 s SLA'),
      lead('b#0', 'NA × mid-market', [check('lifecycle', 'lifecycle', false, { path: ['lead', 'mql'] }, ['lead'], 'never became mql (history: lead)')]),
    ];
    expect(groupFailures({ leads }).map(describeGroup)).toEqual([
      'NA × mid-market: became mql by workflow 7, over the 30 s SLA — 2 leads',
      'NA × mid-market: never became mql (history: lead) — 1 lead',
    ]);
  });

  it('groups wrong owners by the team they landed in, names the shared branch, biggest group first', () => {
    const leads = [
      lead('a#0', 'APAC', [check('field', 'field source', false, 'PAID_SEARCH', 'ORGANIC_SEARCH')]),
      wrongTeam('b#0', 'Maria Gonzalez'),
      wrongTeam('b#1', 'Tom Reed'),
      lead('c#0', 'NA', [check('record', 'record found', true, 'a record', '7')]),
    ];
    const groups = groupFailures({ leads });
    expect(groups.map(describeGroup)).toEqual([
      'EMEA × mid-market routes to team NA Mid-Market; expected team EMEA Mid-Market — 2 leads',
      'APAC: source is "ORGANIC_SEARCH"; expected "PAID_SEARCH" — 1 lead',
    ]);
    expect(groups[0]).toMatchObject({ kind: 'owner', count: 2, leads: ['b#0', 'b#1'], branch: 'EMEA × mid-market' });
  });

  it('keeps different actual values apart and leaves the branch out when leads differ in it', () => {
    const leads = [
      lead('a#0', 'EMEA', [check('field', 'field source', false, 'PAID_SEARCH', 'ORGANIC_SEARCH')]),
      lead('a#1', 'NA', [check('field', 'field source', false, 'PAID_SEARCH', 'ORGANIC_SEARCH')]),
      lead('a#2', 'NA', [check('field', 'field source', false, 'PAID_SEARCH', null)]),
    ];
    const groups = groupFailures({ leads });
    expect(groups.map((g) => [g.cause, g.count])).toEqual([
      ['source is "ORGANIC_SEARCH"; expected "PAID_SEARCH"', 2],
      ['NA: source is empty; expected "PAID_SEARCH"', 1],
    ]);
    expect(groups[0]!.branch).toBeUndefined();
  });

  it('groups late owners regardless of how late each one was, and lists a missed pool member', () => {
    const late = (k: string, ms: number) => lead(k, 'SMB', [check('sla', 'sla', false, '≤ 20 s', ms)]);
    const pool: PoolCoverage = { members: ['p@x', 'q@x'], branches: ['SMB'], leads: 2, perMember: { 'p@x': 2, 'q@x': 0 }, outside: 0, status: 'missed', missing: ['q@x'], message: 'SMB pool: q@x received none of 2 leads' };
    const leads = [late('a#0', 25_000), late('a#1', 31_000), lead('p#0', 'SMB', [], { expected: 'one of p@x, q@x', actual: 'P', pool: ['q@x', 'p@x'] }), lead('p#1', 'SMB', [], { expected: 'one of p@x, q@x', actual: 'P', pool: ['p@x', 'q@x'] })];
    const groups = groupFailures({ leads, pools: [pool] });
    expect(groups).toMatchObject([
      { cause: 'SMB: owner assigned too late; expected ≤ 20 s', kind: 'sla', count: 2, leads: ['a#0', 'a#1'], branch: 'SMB' },
      { cause: 'SMB pool: q@x received none of 2 leads', kind: 'pool', count: 2, leads: ['p#0', 'p#1'], branch: 'SMB' },
    ]);
    // The same fault next run, with other counts in its words: the same key, so the monitor stays quiet.
    const again = groupFailures({ leads, pools: [{ ...pool, leads: 3, perMember: { 'p@x': 3, 'q@x': 0 }, message: 'SMB pool: q@x received none of 3 leads' }] });
    expect(again[1]!.cause).not.toBe(groups[1]!.cause);
    expect(again[1]!.key).toBe(groups[1]!.key);
    expect(groups[0]!.key).toBe(again[0]!.key);
  });

  it('returns nothing for a run without failures', () => {
    expect(groupFailures({ leads: [lead('a#0', 'X', [check('owner', 'owner', true, 'x', 'x')])] })).toEqual([]);
  });
});

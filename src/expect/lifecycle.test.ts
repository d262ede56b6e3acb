import { describe, expect, it } from 'vitest';
import type { CrmRecord, HistoryEntry } from '../crm/adapter.js';
import type { ScenarioInput } from '../scenario/types.js';
import { evaluate, mayDecide, type Observation } from './evaluate.js';
import { fieldResolver } from './fields.js';

const ORDER = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'];
const names = { ...fieldResolver({ forms: {} }, 'hubspot', { email: 'email', lifecycle: 'lifecyclestage', owner: 'hubspot_owner_id' }), stageOrder: ORDER };
const T0 = Date.parse('2026-11-22T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const MQL = 'marketingqualifiedlead';
const SQL = 'salesqualifiedlead';

/** A record whose lifecycle history is these [stage, second, author?] steps. */
function lead(...steps: [string | null, number, HistoryEntry['by']?][]): CrmRecord {
  const history = steps.map(([value, s, by]) => ({ value, timestamp: at(s), ...(by ? { by } : {}) }));
  return { id: '1001', email: 'lp.r.1.a@leadproof.test', properties: { lifecyclestage: steps[steps.length - 1][0] }, history: { lifecyclestage: history }, createdAt: at(1) };
}
const obs = (nowS: number, rec: CrmRecord): Observation => ({ now: T0 + nowS * 1000, submittedAt: T0, lastSubmittedAt: T0, records: [rec], owners: new Map() });
const check = (lifecycle: ScenarioInput['expect']['lifecycle'], nowS: number, rec: CrmRecord) => {
  const e = evaluate({ name: 's', form: 'f', expect: { lifecycle, within: '30s' } }, 30_000, obs(nowS, rec), names);
  return e.checks.find((c) => c.kind === 'lifecycle')!;
};
const stays = { path: ['lead'], ends: 'lead', never: [MQL] };

describe('lifecycle: never forbids later stages', () => {
  it('fails "stays a lead" when a guide download jumps straight to SQL, naming the workflow', () => {
    const c = check(stays, 5, lead(['lead', 1], [SQL, 4, { kind: 'workflow', id: '12345' }]));
    expect(c).toMatchObject({ passed: false, pending: false });
    expect(c.message).toBe(`became ${SQL} after 4.0 s by workflow 12345; past ${MQL}, which it must not reach within 30 s (history: lead → ${SQL})`);
  });

  it('says a forbidden stage the settle re-read saw came after the window, not within it', () => {
    const c = check(stays, 36, lead(['lead', 1], [MQL, 33]));
    expect(c.message).toBe(`became ${MQL} after 33 s; it must not after the 30 s window, before the lead settled (history: lead → ${MQL})`);
  });

  it('allows a later stage the scenario names itself', () => {
    const c = check({ path: ['lead', SQL], never: [MQL] }, 31, lead(['lead', 1], [SQL, 4]));
    expect(c.passed).toBe(true);
  });

  it('passes "stays a lead" only once the window has closed', () => {
    expect(check(stays, 10, lead(['lead', 1])).pending).toBe(true);
    const c = check(stays, 31, lead(['lead', 1]));
    expect(c).toMatchObject({ passed: true, message: 'stayed lead (history: lead)' });
  });
});

describe('lifecycle: ends and atLeast', () => {
  it('ends: fails a lead that reached the stage and went on past it', () => {
    const c = check({ ends: MQL }, 31, lead(['lead', 1], [MQL, 3], [SQL, 8]));
    expect(c).toMatchObject({ passed: false, pending: false });
    expect(c.message).toBe(`became ${MQL} at 3.0 s, then became ${SQL} at 8.0 s; expected it to end at ${MQL} (history: lead → ${MQL} → ${SQL})`);
  });

  it('ends: waits for the window, then passes at the stage', () => {
    expect(check({ ends: MQL }, 10, lead(['lead', 1], [MQL, 3])).pending).toBe(true);
    expect(check({ ends: MQL }, 31, lead(['lead', 1], [MQL, 3])).passed).toBe(true);
  });

  it('atLeast: any later stage meets the floor, in the CRM\'s order', () => {
    const c = check({ atLeast: MQL }, 5, lead(['lead', 1], [SQL, 4]));
    expect(c).toMatchObject({ passed: true, message: `became ${SQL} after 4.0 s (history: lead → ${SQL})` });
    const under = check({ atLeast: MQL }, 70, lead(['lead', 1]));
    expect(under).toMatchObject({ passed: false, message: `never became ${MQL} or a later stage (history: lead)` });
  });

  it('atLeast: falling under the floor fails with the history', () => {
    const c = check({ atLeast: MQL }, 12, lead(['lead', 1], [SQL, 4], [null, 9], ['lead', 9]));
    expect(c.message).toBe(`became ${SQL} at 4.0 s, then moved back to lead at 9.0 s (history: lead → ${SQL} → lead)`);
  });
});

describe('lifecycle: late versus never', () => {
  const path = ['lead', MQL];
  it('a stage reached after the window but within the grace reads as late, timed by the CRM', () => {
    const rec = lead(['lead', 1], [MQL, 45, { kind: 'workflow', name: 'demo request is an MQL' }]);
    expect(check(path, 40, lead(['lead', 1])).pending).toBe(true); // still inside the grace
    const c = check(path, 50, rec);
    expect(c).toMatchObject({ passed: false, pending: false });
    expect(c.message).toBe(`became ${MQL} after 45 s by workflow "demo request is an MQL", over the 30 s SLA`);
  });

  it('a stage never reached reads "never became", with the history', () => {
    const c = check(path, 61, lead(['lead', 1]));
    expect(c).toMatchObject({ passed: false, pending: false, message: `never became ${MQL} (history: lead)` });
  });
});

describe('lifecycle: stage moved back', () => {
  it('fails when the current stage is before the last stage of the path, with the history', () => {
    const c = check(['lead', MQL], 9, lead(['lead', 1], [MQL, 3], [null, 8], ['lead', 8, { kind: 'workflow', id: '777' }]));
    expect(c).toMatchObject({ passed: false, pending: false });
    expect(c.message).toBe(`became ${MQL} at 3.0 s, then moved back to lead at 8.0 s by workflow 777 (history: lead → ${MQL} → lead)`);
  });

  it('names the workflow that made the change when a path passes', () => {
    const c = check(['lead', MQL], 5, lead(['lead', 1, { kind: 'form', id: 'f' }], [MQL, 4, { kind: 'workflow', id: '12345' }]));
    expect(c).toMatchObject({ passed: true, message: `became ${MQL} after 4.0 s by workflow 12345 (history: lead → ${MQL})` });
  });

  it('without a CRM stage order, a stage earlier in the path still counts as moved back', () => {
    const unordered = { ...names, stageOrder: undefined };
    const e = evaluate({ name: 's', form: 'f', expect: { lifecycle: ['lead', MQL], within: '30s' } }, 30_000, obs(9, lead(['lead', 1], [MQL, 3], ['lead', 8])), unordered);
    expect(e.checks.find((c) => c.kind === 'lifecycle')!.passed).toBe(false);
  });
});

describe('mayDecide with the new lifecycle semantics', () => {
  it('asks for history where the favourable history decides: at the stage, or past the window', () => {
    const current = (stage: string): CrmRecord => ({ ...lead([stage, 1]), history: {} });
    const s = (lifecycle: ScenarioInput['expect']['lifecycle']): ScenarioInput => ({ name: 's', form: 'f', expect: { lifecycle, within: '30s' } });
    expect(mayDecide(s(['lead', MQL]), 30_000, obs(5, current(MQL)), names)).toBe(true);
    expect(mayDecide(s(['lead', MQL]), 30_000, obs(5, current('lead')), names)).toBe(false);
    expect(mayDecide(s(stays), 30_000, obs(5, current(SQL)), names)).toBe(true); // forbidden: decides at once
    expect(mayDecide(s(stays), 30_000, obs(5, current('lead')), names)).toBe(false); // ends: waits for the window
    expect(mayDecide(s(stays), 30_000, obs(31, current('lead')), names)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { CrmRecord, OwnerInfo } from '../crm/adapter.js';
import type { OwnerExpectation, ScenarioInput } from '../scenario/types.js';
import { evaluate, type Observation } from './evaluate.js';
import { fieldResolver } from './fields.js';

const names = fieldResolver({ forms: {}, fieldMap: { source: { hubspot: 'hs_analytics_source' } } }, 'hubspot',
  { email: 'email', lifecycle: 'lifecyclestage', owner: 'hubspot_owner_id' });
const T0 = Date.parse('2026-11-22T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const anna: OwnerInfo = { id: '7', kind: 'user', name: 'Anna Schmidt', email: 'anna@acme.example', teams: ['EMEA Enterprise'], active: true };
const sam: OwnerInfo = { id: '9', kind: 'user', name: 'Sam Default', email: 'sam@acme.example', teams: ['Lead Desk'], active: true };
const owners = new Map([['7', anna], ['9', sam]]);

function record(props: Record<string, string | null>, history: CrmRecord['history'] = {}): CrmRecord {
  return { id: '1001', email: 'lp.r.1.a@leadproof.test', properties: props, history, createdAt: at(1) };
}
function obs(nowS: number, records: CrmRecord[], extra: Partial<Observation> = {}): Observation {
  return { now: T0 + nowS * 1000, submittedAt: T0, lastSubmittedAt: T0, records, owners, ...extra };
}
const scenario = (expect: ScenarioInput['expect']): ScenarioInput => ({ name: 's', form: 'demo', expect });

describe('evaluate', () => {
  const s = scenario({ fields: { source: 'PAID_SOCIAL' }, lifecycle: ['lead', 'marketingqualifiedlead'], owner: { team: 'EMEA Enterprise' }, within: '30s' });
  const good = record(
    { hs_analytics_source: 'PAID_SOCIAL', lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '7' },
    { lifecyclestage: [{ value: 'lead', timestamp: at(1) }, { value: 'marketingqualifiedlead', timestamp: at(4) }], hubspot_owner_id: [{ value: '7', timestamp: at(3) }] },
  );

  it('passes everything as soon as it is seen, measuring time to owner from the CRM timestamp', () => {
    const e = evaluate(s, 30_000, obs(5, [good]), names);
    expect(e.decided).toBe(true);
    expect(e.checks.every((c) => c.passed)).toBe(true);
    expect(e.checks.find((c) => c.kind === 'sla')?.actual).toBe(3000);
  });

  it('keeps waiting inside the window, then fails with the actual values in CRM terms', () => {
    const wrong = record({ hs_analytics_source: 'OFFLINE', lifecyclestage: 'lead', hubspot_owner_id: '9' },
      { lifecyclestage: [{ value: 'lead', timestamp: at(1) }], hubspot_owner_id: [{ value: '9', timestamp: at(2) }] });
    expect(evaluate(s, 30_000, obs(10, [wrong]), names).decided).toBe(false);
    const e = evaluate(s, 30_000, obs(61, [wrong]), names);
    expect(e.decided).toBe(true);
    const msg = (k: string) => e.checks.find((c) => c.kind === k)!.message;
    expect(msg('field')).toBe('source (hs_analytics_source) is "OFFLINE"; expected "PAID_SOCIAL"');
    expect(msg('lifecycle')).toBe('never became marketingqualifiedlead (history: lead)');
    expect(msg('owner')).toBe('went to Sam Default <sam@acme.example> (Lead Desk) after 2.0 s; expected team EMEA Enterprise within 30 s');
    expect(e.checks.filter((c) => !c.passed).map((c) => c.kind).sort()).toEqual(['field', 'lifecycle', 'owner', 'sla']);
  });

  it('fails the SLA but not the owner when the right owner is assigned late', () => {
    const late = record({ hubspot_owner_id: '7' }, { hubspot_owner_id: [{ value: '7', timestamp: at(41) }] });
    const e = evaluate(scenario({ owner: { email: 'anna@acme.example' }, within: '30s' }), 30_000, obs(42, [late]), names);
    expect(e.checks.find((c) => c.kind === 'owner')!.passed).toBe(true);
    const sla = e.checks.find((c) => c.kind === 'sla')!;
    expect(sla.passed).toBe(false);
    expect(sla.message).toBe('owner assigned after 41 s, over the 30 s SLA');
  });

  it('decides "never MQL" only when the window closes, and fails it at once when MQL shows', () => {
    const ns = scenario({ lifecycle: { path: ['lead'], never: ['marketingqualifiedlead'] }, within: '20s' });
    const stayed = record({ lifecyclestage: 'lead' }, { lifecyclestage: [{ value: 'lead', timestamp: at(1) }] });
    expect(evaluate(ns, 20_000, obs(5, [stayed]), names).decided).toBe(false);
    expect(evaluate(ns, 20_000, obs(21, [stayed]), names).checks.every((c) => c.passed)).toBe(true);
    const became = record({ lifecyclestage: 'marketingqualifiedlead' }, { lifecyclestage: [{ value: 'lead', timestamp: at(1) }, { value: 'marketingqualifiedlead', timestamp: at(3) }] });
    const e = evaluate(ns, 20_000, obs(5, [became]), names);
    expect(e.decided).toBe(true);
    expect(e.checks.find((c) => c.kind === 'lifecycle')!.passed).toBe(false);
  });

  it('judges uniqueness from a search made after the window, and fails at once on two records', () => {
    const u = scenario({ unique: true, within: '20s' });
    expect(evaluate(u, 20_000, obs(25, [good], { searchIds: ['1001'], searchedAt: T0 + 10_000 }), names).decided).toBe(false);
    expect(evaluate(u, 20_000, obs(40, [good], { searchIds: ['1001'], searchedAt: T0 + 36_000 }), names).checks.every((c) => c.passed)).toBe(true);
    const dup = evaluate(u, 20_000, obs(8, [good], { searchIds: ['1001', '1002'], searchedAt: T0 + 8000 }), names);
    expect(dup.decided).toBe(true);
    expect(dup.checks.find((c) => c.kind === 'unique')!.message).toContain('2 records carry this email');
  });

  it('judges uniqueness only a search-lag margin after the window', () => {
    const u = scenario({ unique: true, within: '20s' });
    // Searched 1 s after the window: the index may not show a second record written at its end.
    const early = evaluate(u, 20_000, obs(22, [good], { searchIds: ['1001'], searchedAt: T0 + 21_000 }), names);
    expect(early.decided).toBe(false);
  });

  it('never passes while the direct read knows a record search does not show; fails saying the index lagged', () => {
    const u = scenario({ unique: true, within: '20s' });
    const newer = { ...good, id: '1002' };
    // Search shows an older record only; the batch read already has 1002.
    const waiting = evaluate(u, 20_000, obs(40, [newer], { searchIds: ['1001'], searchedAt: T0 + 40_000 }), names);
    expect(waiting.decided).toBe(false);
    expect(waiting.checks.find((c) => c.kind === 'unique')!.passed).toBe(false);
    const gaveUp = evaluate(u, 20_000, obs(96, [newer], { searchIds: [], searchedAt: T0 + 96_000 }), names);
    expect(gaveUp.decided).toBe(true);
    expect(gaveUp.checks.find((c) => c.kind === 'unique')).toMatchObject({ passed: false, message: expect.stringContaining('search index lagged') });
    expect(gaveUp.checks.find((c) => c.kind === 'unique')!.message).toContain('1002');
  });

  it('fails with "no record" only after the grace period', () => {
    expect(evaluate(s, 30_000, obs(59, []), names).decided).toBe(false);
    const e = evaluate(s, 30_000, obs(61, []), names);
    expect(e.decided).toBe(true);
    expect(e.checks[0].message).toContain('no record in the CRM');
  });

  it('names the silent drops a missing record may come from', () => {
    const { message } = evaluate(s, 30_000, obs(61, []), names).checks[0]!;
    for (const cause of ['duplicate rule set to block or to allow with an alert', 'validation rule', 'CAPTCHA', 'daily intake limit']) expect(message).toContain(cause);
  });

  it("names the likely cause the CRM's adapter gives for a value (e.g. an OFFLINE source)", () => {
    const core = { email: 'email', lifecycle: 'lifecyclestage', owner: 'hubspot_owner_id', valueHints: { hs_analytics_source: { OFFLINE: 'likely cause: an excluded IP address' } } };
    const hinted = fieldResolver({ forms: {}, fieldMap: { source: { hubspot: 'hs_analytics_source' } } }, 'hubspot', core);
    const check = (value: string) => evaluate(scenario({ fields: { source: 'PAID_SEARCH' }, within: '30s' }), 30_000, obs(31, [record({ hs_analytics_source: value })]), hinted).checks.find((c) => c.kind === 'field')!;
    expect(check('OFFLINE')).toMatchObject({ passed: false, message: 'source (hs_analytics_source) is "OFFLINE"; expected "PAID_SEARCH" — likely cause: an excluded IP address' });
    expect(check('DIRECT_TRAFFIC').message).toBe('source (hs_analytics_source) is "DIRECT_TRAFFIC"; expected "PAID_SEARCH"');
  });

  describe('active owners', () => {
    const tom: OwnerInfo = { id: '6', kind: 'user', name: 'Tom Reed', email: 'tom@acme.example', teams: ['NA Mid-Market'], active: false };
    const desk: OwnerInfo = { id: '8', kind: 'queue', name: 'Lead Desk Queue', teams: [], active: false };
    const withTom = new Map([...owners, ['6', tom], ['8', desk]]);
    const toOwner = (id: string) => record({ hubspot_owner_id: id }, { hubspot_owner_id: [{ value: id, timestamp: at(2) }] });
    const ownerCheck = (e: ScenarioInput['expect']['owner'], id: string, nowS = 61) =>
      evaluate(scenario({ owner: e, within: '30s' }), 30_000, obs(nowS, [toOwner(id)], { owners: withTom }), names);

    it.each([
      [{ team: 'NA Mid-Market' }, 'an active member of team NA Mid-Market'],
      [{ email: 'tom@acme.example' }, 'tom@acme.example as an active user'],
      [{ oneOf: ['maria@acme.example', 'tom@acme.example'] }, 'an active one of maria@acme.example, tom@acme.example'],
    ] as [OwnerExpectation, string][])('a deactivated user does not meet %j, and the message says so', (e, expected) => {
      const owner = ownerCheck(e, '6').checks.find((c) => c.kind === 'owner')!;
      expect(owner.passed).toBe(false);
      expect(owner.message).toBe(`went to Tom Reed <tom@acme.example> (NA Mid-Market, deactivated) after 2.0 s; expected ${expected} within 30 s`);
    });

    it('keeps waiting on a deactivated owner inside the window (it may still be reassigned)', () => {
      expect(ownerCheck({ team: 'NA Mid-Market' }, '6', 10).decided).toBe(false);
    });

    it('a queue needs no "active" flag, and an active user still passes', () => {
      expect(ownerCheck({ queue: 'Lead Desk Queue' }, '8', 5).checks.find((c) => c.kind === 'owner')!.passed).toBe(true);
      expect(ownerCheck({ team: 'EMEA Enterprise' }, '7', 5).checks.find((c) => c.kind === 'owner')!.passed).toBe(true);
    });
  });
});

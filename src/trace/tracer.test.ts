import { describe, expect, it } from 'vitest';
import type { CrmAdapter, CrmRecord } from '../crm/adapter.js';
import { fieldResolver } from '../expect/fields.js';
import type { PlannedLead } from '../scenario/plan.js';
import { Tracer } from './tracer.js';

const core = { email: 'email', lifecycle: 'lifecyclestage', owner: 'hubspot_owner_id' };
const EMAIL = 'lp.r.1.a@leadproof.test';

function crm(records: () => CrmRecord[]): CrmAdapter & { reads: number } {
  const a = {
    kind: 'hubspot' as const, account: 'fake', coreFields: core, apiCalls: 0, reads: 0,
    findByEmails: async (emails: string[]) => {
      a.reads += 1;
      return new Map(emails.map((e) => [e, records().filter((r) => r.email === e)]));
    },
    searchByEmails: async () => new Map(), resolveOwners: async () => new Map(), listOwners: async () => [], listProperties: async () => [],
    deleteRecords: async () => ({ deleted: [], failed: [] }),
  };
  return a;
}

function lead(submissions: number): PlannedLead {
  return {
    key: 'k', seq: 1, scenarioFile: 'f', submissions, withinMs: 10_000, landingUrl: 'http://x/', form: { id: 'f', url: 'http://x/', fields: [] },
    scenario: { name: 's', form: 'f', expect: { fields: { company: 'Acme' } } },
    lead: { email: EMAIL } as PlannedLead['lead'],
  };
}

const rec: CrmRecord = { id: '1', email: EMAIL, properties: { company: 'Acme' }, history: {}, createdAt: '' };

describe('Tracer', () => {
  it('judges a lead only after every one of its submissions is in', async () => {
    const adapter = crm(() => [rec]);
    const t = new Tracer(adapter, fieldResolver({ forms: {} }, 'hubspot', core), { pollMs: 20, onRecord: () => {} });
    const l = lead(2);
    t.submitted(l, Date.now());
    await new Promise((r) => setTimeout(r, 120));
    expect(t.allVerdicts()).toHaveLength(0);
    expect(adapter.reads).toBeGreaterThan(0);
    t.submitFailed(l, 'the form endpoint answered 400');
    const v = await t.verdict('k');
    expect(v.passed).toBe(false);
    expect(v.checks[0].message).toContain('400');
    t.stop();
  });

  it('passes once all submissions are in and records each new record id once', async () => {
    const seen: string[] = [];
    const t = new Tracer(crm(() => [rec]), fieldResolver({ forms: {} }, 'hubspot', core), { pollMs: 20, onRecord: (_l, id) => seen.push(id) });
    const l = lead(2);
    t.submitted(l, Date.now());
    t.submitted(l, Date.now());
    const v = await t.verdict('k');
    expect(v.passed).toBe(true);
    expect(seen).toEqual(['1']);
    t.stop();
  });

  it('stops polling when stopped, even with leads pending', async () => {
    const adapter = crm(() => []);
    const t = new Tracer(adapter, fieldResolver({ forms: {} }, 'hubspot', core), { pollMs: 10, onRecord: () => {} });
    t.submitted(lead(1), Date.now());
    await new Promise((r) => setTimeout(r, 50));
    t.stop();
    await new Promise((r) => setTimeout(r, 30));
    const reads = adapter.reads;
    await new Promise((r) => setTimeout(r, 80));
    expect(adapter.reads).toBe(reads);
  });

  it('at volume reads current values without history, and history only once per lead that can then be decided', async () => {
    const calls: { emails: number; history: boolean }[] = [];
    let stage = 'lead';
    const at = new Date().toISOString();
    const adapter = {
      ...crm(() => []),
      findByEmails: async (emails: string[], _p: string[], historyOf: string[]) => {
        calls.push({ emails: emails.length, history: historyOf.length > 0 });
        const history: CrmRecord['history'] = historyOf.length > 0 ? { lifecyclestage: ['lead', stage].map((value) => ({ value, timestamp: at })) } : {};
        return new Map(emails.map((e, i): [string, CrmRecord[]] => [e, [{ id: String(i + 1), email: e, properties: { lifecyclestage: stage }, history, createdAt: at }]]));
      },
    };
    const t = new Tracer(adapter, fieldResolver({ forms: {} }, 'hubspot', core), { pollMs: 20, onRecord: () => {} });
    const leads = Array.from({ length: 120 }, (_, i) => {
      const l = lead(1);
      return { ...l, key: `k${i}`, withinMs: 5_000, scenario: { ...l.scenario, expect: { lifecycle: ['lead', 'marketingqualifiedlead'] } }, lead: { email: `lp.${i}@leadproof.test` } as PlannedLead['lead'] };
    });
    for (const l of leads) t.submitted(l, Date.now());
    await until(() => calls.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toEqual([{ emails: 120, history: false }]); // nothing decidable yet: no history read
    stage = 'marketingqualifiedlead';
    const verdicts = await Promise.all(leads.map((l) => t.verdict(l.key)));
    expect(verdicts.every((v) => v.passed)).toBe(true);
    expect(calls).toEqual([{ emails: 120, history: false }, { emails: 120, history: false }, { emails: 120, history: true }]);
    t.stop();
  });

  it('reads every source field the run asserts and the CRM\'s standard ones for each lead, marking which this lead asserts', async () => {
    const asked: string[][] = [];
    const withSource = { ...core, sourceFields: ['hs_analytics_source', 'utm_source'] };
    const values: Record<string, string> = { company: 'Acme', utm_source: 'linkedin', hs_analytics_source: 'PAID_SOCIAL' };
    const adapter = {
      ...crm(() => []),
      coreFields: withSource,
      findByEmails: async (emails: string[], properties: string[]) => {
        asked.push(properties);
        const props = Object.fromEntries(properties.map((p) => [p, values[p] ?? null]));
        return new Map(emails.map((e) => [e, [{ ...rec, properties: props }]]));
      },
    };
    // Other scenarios of the run assert utm_source and utm_campaign; this lead asserts only company.
    const t = new Tracer(adapter, fieldResolver({ forms: {} }, 'hubspot', withSource), { pollMs: 20, onRecord: () => {}, fields: ['utm_source', 'utm_campaign'] });
    t.submitted(lead(1), Date.now());
    const v = await t.verdict('k');
    t.stop();
    expect(asked[0]).toEqual(expect.arrayContaining(['company', 'utm_source', 'utm_campaign', 'hs_analytics_source']));
    // utm_source is both asserted by the run and standard: one column, read once.
    expect(v.sourceFields).toEqual({ utm_source: 'linkedin', utm_campaign: null, company: 'Acme', hs_analytics_source: 'PAID_SOCIAL' });
    expect(v.assertedFields).toEqual(['company']);
  });
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
}

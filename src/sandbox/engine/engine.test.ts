import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_STACK } from '../index.js';
import { createCrmEngine, loadStack, type CrmEngine, type Stack } from './index.js';

const stack = loadStack(DEFAULT_STACK).stack;
const withStack = (patch: (s: Stack) => void): Stack => {
  const s = structuredClone(stack);
  patch(s);
  return s;
};

let engine: CrmEngine;
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  engine?.stop();
  vi.useRealTimers();
});

function submit(fields: Record<string, string>, formId = 'demo-request', hutk?: string) {
  return engine.submit({ formId, fields: { email: `${Math.random().toString(36).slice(2)}@leadproof.test`, ...fields }, hutk });
}

const ownerEmail = (id: string | null | undefined) => stack.owners.find((o) => o.id === id)?.email;

describe('routing', () => {
  it.each([
    [{ country: 'DE', employees: '2500' }, ['anna.schmidt@acme-funnel.example', 'lars.berg@acme-funnel.example']],
    [{ country: 'FR', employees: '400' }, ['sophie.martin@acme-funnel.example']],
    [{ country: 'US', employees: '2500' }, ['jake.miller@acme-funnel.example']],
    [{ country: 'CA', employees: '150' }, ['maria.gonzalez@acme-funnel.example', 'tom.reed@acme-funnel.example']],
    [{ country: 'JP', employees: '30' }, ['kenji.sato@acme-funnel.example']],
    [{ country: 'GB', employees: '40' }, ['priya.nair@acme-funnel.example', 'liam.obrien@acme-funnel.example', 'emma.wilson@acme-funnel.example']],
    [{ country: 'US', employees: '5000', website: 'https://www.Globex.example/about' }, ['olivia.chen@acme-funnel.example']],
    [{ country: 'BR', employees: '500' }, ['noah.fischer@acme-funnel.example']],
  ])('%o is owned by one of %o once the workflow ran', (fields, owners) => {
    engine = createCrmEngine(stack, { flavor: 'hubspot' });
    const { record } = submit(fields);
    expect(record.fields.owner).toBeUndefined();
    vi.advanceTimersByTime(2_100);
    expect(owners).toContain(ownerEmail(record.fields.owner));
    expect(record.history.owner[0]).toMatchObject({ source: 'WORKFLOW' });
  });

  it('rotates the SMB pool in order', () => {
    engine = createCrmEngine(stack, { flavor: 'hubspot' });
    const recs = [1, 2, 3, 4].map(() => submit({ country: 'US', employees: '10' }).record);
    vi.advanceTimersByTime(1_100);
    expect(recs.map((r) => ownerEmail(r.fields.owner))).toEqual([
      'priya.nair@acme-funnel.example', 'liam.obrien@acme-funnel.example', 'emma.wilson@acme-funnel.example', 'priya.nair@acme-funnel.example',
    ]);
  });

  it('sends unmatched leads to the fallback queue on the salesforce flavor', () => {
    engine = createCrmEngine(stack, { flavor: 'salesforce' });
    const { record } = submit({ country: 'BR', employees: '500' });
    vi.advanceTimersByTime(1_100);
    expect(record.fields.owner).toBe('queue:Lead Desk Queue');
  });

  it('waits the rule delay before assigning', () => {
    engine = createCrmEngine(withStack((s) => (s.routing.find((r) => r.name === 'NA enterprise')!.delaySeconds = 35)), { flavor: 'hubspot' });
    const { record } = submit({ country: 'US', employees: '2500' });
    vi.advanceTimersByTime(34_000);
    expect(record.fields.owner).toBeUndefined();
    vi.advanceTimersByTime(1_100);
    expect(ownerEmail(record.fields.owner)).toBe('jake.miller@acme-funnel.example');
  });
});

describe('lifecycle', () => {
  it('creates as lead and moves to MQL after the delay, both in history', () => {
    engine = createCrmEngine(stack, { flavor: 'hubspot' });
    const { record } = submit({ country: 'GB', employees: '40' });
    expect(record.fields.lifecycle).toBe('lead');
    vi.advanceTimersByTime(1_900);
    expect(record.fields.lifecycle).toBe('lead');
    vi.advanceTimersByTime(200);
    expect(record.history.lifecycle.map((h) => h.value)).toEqual(['lead', 'marketingqualifiedlead']);
    expect(record.history.lifecycle[1].at - record.history.lifecycle[0].at).toBe(2_000);
  });

  it('keeps SMB content downloads as leads but promotes large companies', () => {
    engine = createCrmEngine(stack, { flavor: 'hubspot' });
    const small = submit({ country: 'ES', employees: '25' }, 'ebook').record;
    const big = submit({ country: 'US', employees: '300' }, 'ebook').record;
    vi.advanceTimersByTime(10_000);
    expect(small.fields.lifecycle).toBe('lead');
    expect(big.fields.lifecycle).toBe('marketingqualifiedlead');
  });

  it('does nothing when the workflows are off', () => {
    engine = createCrmEngine(withStack((s) => (s.lifecycle.workflowsEnabled = false)), { flavor: 'hubspot' });
    const { record } = submit({ country: 'DE', employees: '2500' });
    vi.advanceTimersByTime(10_000);
    expect(record.history.lifecycle.map((h) => h.value)).toEqual(['lead']);
  });

  const backToLead = (clearFirst: boolean) => withStack((s) => s.lifecycle.rules.push({ name: 're-score demo requests', when: { forms: ['demo-request'] }, stage: 'lead', delaySeconds: 6, clearFirst, workflowId: '7001' }));

  it('moves a HubSpot stage back only through a workflow that clears it first, as HubSpot does', () => {
    engine = createCrmEngine(backToLead(true), { flavor: 'hubspot' });
    const { record } = submit({ country: 'GB', employees: '40' });
    vi.advanceTimersByTime(7_000);
    expect(record.history.lifecycle.map((h) => h.value)).toEqual(['lead', 'marketingqualifiedlead', null, 'lead']);
    expect(record.history.lifecycle.slice(1).map((h) => h.sourceId)).toEqual(['51300100', '7001', '7001']);
    engine.stop();
    engine = createCrmEngine(backToLead(false), { flavor: 'hubspot' });
    const ignored = submit({ country: 'GB', employees: '40' }).record;
    vi.advanceTimersByTime(7_000);
    expect(ignored.history.lifecycle.map((h) => h.value)).toEqual(['lead', 'marketingqualifiedlead']);
  });

  it('sets an earlier Lead Status directly on Salesforce, which has no stage order', () => {
    engine = createCrmEngine(backToLead(false), { flavor: 'salesforce' });
    const { record } = submit({ country: 'GB', employees: '40' });
    vi.advanceTimersByTime(7_000);
    expect(record.history.lifecycle.map((h) => h.value)).toEqual(['lead', 'marketingqualifiedlead', 'lead']);
  });

  it('stop() cancels pending workflows', () => {
    engine = createCrmEngine(stack, { flavor: 'hubspot' });
    const { record } = submit({ country: 'DE', employees: '2500' });
    engine.stop();
    vi.advanceTimersByTime(10_000);
    expect(record.fields.owner).toBeUndefined();
    expect(record.fields.lifecycle).toBe('lead');
  });
});

describe('duplicates', () => {
  it('merges a second submission into the same record', () => {
    engine = createCrmEngine(stack, { flavor: 'hubspot' });
    const a = submit({ email: 'dup@leadproof.test', company: 'One' });
    const b = submit({ email: 'DUP@leadproof.test', company: 'Two' });
    expect(b.created).toBe(false);
    expect(b.record.id).toBe(a.record.id);
    expect(engine.byEmail('dup@leadproof.test')).toHaveLength(1);
    expect(a.record.history.company.map((h) => h.value)).toEqual(['One', 'Two']);
  });

  it('creates a second record under the duplicates fault', () => {
    engine = createCrmEngine(withStack((s) => (s.duplicates = 'create')), { flavor: 'hubspot' });
    submit({ email: 'dup@leadproof.test' });
    submit({ email: 'dup@leadproof.test' });
    expect(engine.byEmail('dup@leadproof.test')).toHaveLength(2);
  });
});

describe('records', () => {
  it('seeds the same records for the same seed and archives hide them', () => {
    engine = createCrmEngine(stack, { flavor: 'hubspot' });
    const again = createCrmEngine(stack, { flavor: 'hubspot' });
    expect(engine.list()).toHaveLength(stack.seed.count);
    expect(engine.list().map((r) => r.fields.email)).toEqual(again.list().map((r) => r.fields.email));
    expect(engine.list().every((r) => r.seeded)).toBe(true);
    const id = engine.list()[0].id;
    expect(engine.archive(id)).toBe(true);
    expect(engine.get(id)).toBeUndefined();
    expect(engine.list()).toHaveLength(stack.seed.count - 1);
    again.stop();
  });

  it('attributes from the first page view of the visitor, OFFLINE without one', () => {
    engine = createCrmEngine(stack, { flavor: 'hubspot' });
    engine.trackPageView('abc', { url: 'http://x/demo?utm_source=linkedin&utm_medium=paid_social&utm_campaign=q4', referrer: '' });
    engine.trackPageView('abc', { url: 'http://x/contact-sales', referrer: '' });
    const tracked = submit({}, 'demo-request', 'abc').record;
    expect(tracked.fields).toMatchObject({ source: 'PAID_SOCIAL', sourceData1: 'linkedin', sourceData2: 'q4', latestSource: 'DIRECT_TRAFFIC' });
    expect(submit({}, 'demo-request', 'never-seen').record.fields.source).toBe('OFFLINE');
    expect(submit({}).record.fields.source).toBe('OFFLINE');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createCrmEngine, loadStack } from '../engine/index.js';
import { DEFAULT_STACK } from '../index.js';
import { customFieldFor } from './lead-fields.js';
import { SalesforceOrg } from './org.js';

const stack = loadStack(DEFAULT_STACK).stack;
const engines: ReturnType<typeof createCrmEngine>[] = [];
afterEach(() => engines.splice(0).forEach((e) => e.stop()));

let clock = Date.now();
function org(overrides: ConstructorParameters<typeof SalesforceOrg>[3] = {}): SalesforceOrg {
  const engine = createCrmEngine({ ...stack, seed: { count: 4, seed: 1 } }, { flavor: 'salesforce' });
  engines.push(engine);
  clock = Date.now();
  return new SalesforceOrg(engine, engine.stack, () => clock, overrides);
}

const post = (o: SalesforceOrg, fields: Record<string, string>) => o.webToLead(new URLSearchParams({ oid: o.orgId.slice(0, 15), ...fields }));

describe('Web-to-Lead intake', () => {
  it('queues posts over the daily limit instead of creating leads', () => {
    const o = org({ webToLeadDailyLimit: 2 });
    expect(post(o, { last_name: 'A', company: 'X', email: 'a@leadproof.test' }).kind).toBe('created');
    expect(post(o, { last_name: 'B', company: 'X', email: 'b@leadproof.test' }).kind).toBe('created');
    expect(post(o, { last_name: 'C', company: 'X', email: 'c@leadproof.test' })).toEqual({ kind: 'queued' });
    expect(o.engine.byEmail('c@leadproof.test')).toEqual([]);
    expect(o.webToLeadQueue).toHaveLength(1);
  });

  it('creates queued posts, oldest first, once the rolling window frees, and queues new posts behind them', () => {
    const o = org({ webToLeadDailyLimit: 2, webToLeadWindowMs: 10_000 });
    post(o, { last_name: 'A', company: 'X', email: 'a@leadproof.test' });
    clock += 1_000;
    post(o, { last_name: 'B', company: 'X', email: 'b@leadproof.test' });
    expect(post(o, { last_name: 'C', company: 'X', email: 'c@leadproof.test' }).kind).toBe('queued');
    expect(post(o, { last_name: 'D', company: 'X', email: 'd@leadproof.test' }).kind).toBe('queued');
    clock += 9_500; // A has left the window: one slot
    expect(o.drainWebToLead().map((x) => x.kind)).toEqual(['created']);
    expect(o.engine.byEmail('c@leadproof.test')).toHaveLength(1);
    expect(o.engine.byEmail('d@leadproof.test')).toEqual([]);
    expect(post(o, { last_name: 'E', company: 'X', email: 'e@leadproof.test' }).kind).toBe('queued');
    clock += 1_000; // B has left: D (queued first) gets the slot, not E
    o.drainWebToLead();
    expect(o.engine.byEmail('d@leadproof.test')).toHaveLength(1);
    expect(o.engine.byEmail('e@leadproof.test')).toEqual([]);
  });

  it('drops web leads on a duplicate rule set to allow with an alert, but not on a plain allow', () => {
    const seeded = (o: SalesforceOrg) => o.engine.list()[0]!.fields.website!;
    const alert = org({ duplicateRules: [{ name: 'Alert on known websites', match: 'website', action: 'allow', alert: true }] });
    expect(post(alert, { last_name: 'G', company: 'Y', email: 'g@leadproof.test', URL: `https://${seeded(alert)}` })).toEqual({ kind: 'blocked', rule: 'Alert on known websites' });
    const allow = org({ duplicateRules: [{ name: 'Report only', match: 'website', action: 'allow' }] });
    expect(post(allow, { last_name: 'H', company: 'Y', email: 'h@leadproof.test', URL: `https://${seeded(allow)}` }).kind).toBe('created');
  });

  it('drops web leads failing a validation rule (required field, regex on a field)', () => {
    const o = org({ validationRules: [{ name: 'Phone required', field: 'Phone', required: true }, { name: 'Title letters only', field: 'Title', pattern: '[A-Za-z ]+' }] });
    expect(post(o, { last_name: 'I', company: 'Z', email: 'i@leadproof.test' })).toEqual({ kind: 'invalid', rule: 'Phone required' });
    expect(post(o, { last_name: 'J', company: 'Z', email: 'j@leadproof.test', phone: '+49 30 1234', title: 'CTO #1' })).toEqual({ kind: 'invalid', rule: 'Title letters only' });
    expect(post(o, { last_name: 'K', company: 'Z', email: 'k@leadproof.test', phone: '+49 30 1234', title: 'Chief Technology Officer' }).kind).toBe('created');
    expect(o.engine.byEmail('i@leadproof.test')).toEqual([]);
  });

  it('drops posts to a reCAPTCHA form without a token, before they count against the limit', () => {
    const o = org({ webToLeadRecaptcha: ['demo-request'], webToLeadDailyLimit: 1 });
    const formId = customFieldFor('formId')!.fieldId!;
    expect(post(o, { last_name: 'L', company: 'Z', email: 'l@leadproof.test', [formId]: 'demo-request' })).toEqual({ kind: 'captcha' });
    expect(post(o, { last_name: 'M', company: 'Z', email: 'm@leadproof.test', [formId]: 'demo-request', 'g-recaptcha-response': '03AFcWeA'.padEnd(40, 'x') }).kind).toBe('created');
  });

  it('drops a lead matching a blocking duplicate rule, and only when the website matches', () => {
    const o = org({ duplicateRule: { name: 'Block known websites', match: 'website', action: 'block' } });
    const seeded = o.engine.list()[0]!.fields.website!;
    expect(post(o, { last_name: 'D', company: 'Y', email: 'd@leadproof.test', URL: `https://www.${seeded}/` })).toEqual({ kind: 'blocked', rule: 'Block known websites' });
    expect(o.engine.byEmail('d@leadproof.test')).toEqual([]);
    expect(post(o, { last_name: 'E', company: 'Y', email: 'e@leadproof.test' }).kind).toBe('created');
  });

  it('takes custom fields by field id, fills required blanks, ignores other orgs', () => {
    const o = org();
    const out = post(o, { email: 'f@leadproof.test', [customFieldFor('utm_medium')!.fieldId!]: 'cpc', '00N5g00000Unknown': 'x' });
    expect(out.kind).toBe('created');
    const rec = o.engine.byEmail('f@leadproof.test')[0]!;
    expect(o.leadRow(rec)).toMatchObject({ UTM_Medium__c: 'cpc', LastName: '[not provided]', Company: '[not provided]', Status: 'Open - Not Contacted' });
    expect(o.webToLead(new URLSearchParams({ oid: '00D000000000001', last_name: 'Z', email: 'z@leadproof.test' })).kind).toBe('ignored');
  });
});

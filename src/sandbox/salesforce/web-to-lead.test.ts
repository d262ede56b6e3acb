import { afterEach, describe, expect, it } from 'vitest';
import { createCrmEngine, loadStack } from '../engine/index.js';
import { DEFAULT_STACK } from '../index.js';
import { customFieldFor } from './lead-fields.js';
import { SalesforceOrg } from './org.js';

const stack = loadStack(DEFAULT_STACK).stack;
const engines: ReturnType<typeof createCrmEngine>[] = [];
afterEach(() => engines.splice(0).forEach((e) => e.stop()));

function org(overrides: ConstructorParameters<typeof SalesforceOrg>[3] = {}): SalesforceOrg {
  const engine = createCrmEngine({ ...stack, seed: { count: 4, seed: 1 } }, { flavor: 'salesforce' });
  engines.push(engine);
  return new SalesforceOrg(engine, engine.stack, Date.now, overrides);
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

import { describe, expect, it } from 'vitest';
import type { PropertyInfo } from '../crm/adapter.js';
import type { PlannedLead } from '../scenario/plan.js';
import { suggest } from './did-you-mean.js';
import { fieldResolver } from './fields.js';
import { lifecycleStageIssues } from './lifecycle-stages.js';

const HS = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'];
const SF = ['Open - Not Contacted', 'Working - MQL', 'Working - SQL', 'Closed - Converted'];
const lead = (lifecycle: unknown) => ({ scenarioFile: 's.scenario.yaml', scenario: { expect: { lifecycle } } }) as unknown as PlannedLead;
const props = (name: string, options: string[]): PropertyInfo[] => [{ name, label: name, type: 'enumeration', options }];
const core = (lifecycle: string) => ({ lifecycle, owner: 'owner' }) as never;

describe('lifecycle stages in preflight', () => {
  it('suggests the stage an abbreviation or typo meant', () => {
    expect(suggest('mql', HS)).toBe('marketingqualifiedlead');
    expect(suggest('SQL', HS)).toBe('salesqualifiedlead');
    expect(suggest('oportunity', HS)).toBe('opportunity');
    expect(suggest('mql', SF)).toBe('Working - MQL');
    expect(suggest('banana', HS)).toBeNull();
  });

  it('names the file, the key and a did-you-mean for a stage the CRM does not have', () => {
    const names = fieldResolver({ forms: {} }, 'hubspot', core('lifecyclestage'));
    const issues = lifecycleStageIssues([lead({ path: ['lead', 'mql'], never: ['sqll'] })], names, props('lifecyclestage', HS), 'HubSpot portal 1', 'leadproof.config.yaml');
    expect(issues.map((i) => i.field)).toEqual(['expect.lifecycle.path', 'expect.lifecycle.never']);
    expect(issues[0].message).toContain('"mql" is not a lifecycle stage of HubSpot portal 1 — did you mean marketingqualifiedlead?');
    expect(issues[1].message).toContain('did you mean salesqualifiedlead?');
    expect(lifecycleStageIssues([lead(['lead', 'marketingqualifiedlead'])], names, props('lifecyclestage', HS), 'x', 'c')).toEqual([]);
  });

  it('checks ends and atLeast like path and never', () => {
    const names = fieldResolver({ forms: {} }, 'hubspot', core('lifecyclestage'));
    const issues = lifecycleStageIssues([lead({ ends: 'laed', atLeast: 'mql' })], names, props('lifecyclestage', HS), 'p', 'c');
    expect(issues.map((i) => [i.field, i.message.match(/did you mean (\w+)/)?.[1]])).toEqual([['expect.lifecycle.ends', 'lead'], ['expect.lifecycle.atLeast', 'marketingqualifiedlead']]);
  });

  it('checks the mapped Salesforce value and suggests the logical name of lifecycleMap', () => {
    const config = { forms: {}, lifecycleMap: { lead: { salesforce: 'Open - Not Contacted' }, marketingqualifiedlead: { salesforce: 'Working - MQL' } } };
    const names = fieldResolver(config, 'salesforce', core('Status'));
    expect(lifecycleStageIssues([lead(['lead', 'marketingqualifiedlead', 'Working - SQL'])], names, props('Status', SF), 'org', 'c')).toEqual([]);
    const [issue] = lifecycleStageIssues([lead(['lead', 'mql'])], names, props('Status', SF), 'Salesforce org 1', 'c');
    expect(issue.message).toContain('did you mean marketingqualifiedlead?');
    expect(issue.field).toBe('expect.lifecycle');
  });
});

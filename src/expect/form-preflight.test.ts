import { describe, expect, it } from 'vitest';
import type { PlannedLead } from '../scenario/plan.js';
import { leadAttributeIssues } from './form-preflight.js';

const lead = (name: string, given: Record<string, unknown>, fields: string[]) =>
  ({ scenarioFile: 'scenarios/x.scenario.yaml', scenario: { name, lead: given }, form: { id: 'ebook', fields: fields.map((attribute) => ({ attribute, step: 1 })) } }) as unknown as PlannedLead;

describe('leadAttributeIssues', () => {
  it('names file, scenario, attribute, form and fix for an attribute the form has no field for', () => {
    const issues = leadAttributeIssues([lead('Guide by website', { website: 'globex.example', country: 'DE' }, ['email', 'country'])], 'scenarios/leadproof.config.yaml');
    expect(issues).toEqual([{
      file: 'scenarios/x.scenario.yaml',
      field: 'lead.website',
      message: 'scenario "Guide by website" sets website, but form "ebook" has no field for website (it fills email, country), so the value would never reach the CRM. Add website to forms.ebook.fields in scenarios/leadproof.config.yaml (the label the page shows), or remove lead.website from the scenario.',
    }]);
  });

  it('is quiet when every attribute given has a field, and reports a volume scenario once', () => {
    expect(leadAttributeIssues([lead('ok', { country: 'DE' }, ['email', 'country'])], 'c.yaml')).toEqual([]);
    const many = [1, 2, 3].map(() => lead('bulk', { phone: '+49 30 1234' }, ['email']));
    expect(leadAttributeIssues(many, 'c.yaml')).toHaveLength(1);
  });
});

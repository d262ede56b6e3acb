import { describe, expect, it } from 'vitest';
import { conditionsOf } from './assignment-rules.js';

describe('conditionsOf (a rule entry in words)', () => {
  it('joins criteria with AND, shortens long value lists and drops the Lead. prefix', () => {
    expect(conditionsOf({ criteriaItems: [
      { field: 'Lead.Country', operation: 'equals', value: 'GB,IE,DE,FR,ES' },
      { field: 'Lead.NumberOfEmployees', operation: 'lessThan', value: '100' },
    ] })).toBe('Country = GB,IE,DE,… (5) AND NumberOfEmployees < 100');
  });

  it('numbers the criteria under an advanced filter, and says so for a formula or none', () => {
    expect(conditionsOf({ booleanFilter: '1 OR 2', criteriaItems: [{ field: 'Lead.Country', operation: 'equals', value: 'DE' }, { field: 'Lead.State', operation: 'startsWith', value: 'B' }] }))
      .toBe('1 OR 2 of [1: Country = DE; 2: State startsWith B]');
    expect(conditionsOf({ formula: 'ISPICKVAL(LeadSource, "Web")', criteriaItems: [] })).toBe('formula ISPICKVAL(LeadSource, "Web")');
    expect(conditionsOf({ criteriaItems: [] })).toBe('any lead');
  });
});

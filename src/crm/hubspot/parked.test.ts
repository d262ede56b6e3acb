import { describe, expect, it } from 'vitest';
import type { ParkedQuery } from '../adapter.js';
import { parkedSearchRequest } from './parked.js';

const q: ParkedQuery = {
  ownerIds: ['112', '113'],
  unassigned: false,
  createdBefore: '2026-11-23T18:00:00.000Z',
  createdAfter: '2026-11-16T18:30:00.000Z',
  excludeEmailDomain: 'LeadProof.Test',
  limit: 5,
};

describe('parkedSearchRequest', () => {
  it('one group per owner chunk: owner IN, created before the cutoff and after the lookback, test emails out; oldest first', () => {
    const r = parkedSearchRequest(q)!;
    expect(r.filterGroups).toEqual([{
      filters: [
        { propertyName: 'hubspot_owner_id', operator: 'IN', values: ['112', '113'] },
        { propertyName: 'createdate', operator: 'LT', value: String(Date.parse(q.createdBefore)) },
        { propertyName: 'createdate', operator: 'GTE', value: String(Date.parse(q.createdAfter!)) },
        { propertyName: 'email', operator: 'NOT_CONTAINS_TOKEN', value: '*@leadproof.test' },
      ],
    }]);
    expect(r.sorts).toEqual([{ propertyName: 'createdate', direction: 'ASCENDING' }]);
    expect(r.limit).toBe(5);
    expect(r.properties).toEqual(expect.arrayContaining(['email', 'hs_analytics_source', 'hubspot_owner_id', 'createdate']));
  });

  it('unassigned is its own group (NOT_HAS_PROPERTY) with the same window and exclusion', () => {
    const r = parkedSearchRequest({ ...q, ownerIds: [], unassigned: true })!;
    expect(r.filterGroups).toHaveLength(1);
    expect(r.filterGroups![0].filters[0]).toEqual({ propertyName: 'hubspot_owner_id', operator: 'NOT_HAS_PROPERTY' });
    expect(r.filterGroups![0].filters.slice(1).map((f) => f.operator)).toEqual(['LT', 'GTE', 'NOT_CONTAINS_TOKEN']);
  });

  it('stays within HubSpot caps: IN chunks of 100, page of at most 200, nothing to ask → null', () => {
    const many = Array.from({ length: 150 }, (_, i) => String(i + 1));
    const r = parkedSearchRequest({ ...q, ownerIds: many, unassigned: true, limit: 500 })!;
    expect(r.filterGroups!.map((g) => (g.filters[0].values ?? []).length)).toEqual([100, 50, 0]);
    expect(r.filterGroups!.every((g) => g.filters.length <= 10)).toBe(true);
    expect(r.limit).toBe(200);
    expect(parkedSearchRequest({ ...q, ownerIds: [], unassigned: false })).toBeNull();
    expect(() => parkedSearchRequest({ ...q, ownerIds: Array.from({ length: 600 }, (_, i) => String(i)) })).toThrow(/5/);
  });
});

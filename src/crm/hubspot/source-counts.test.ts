import { describe, expect, it } from 'vitest';
import { LeadproofError } from '../../errors.js';
import { countBySource, countRequests } from './source-counts.js';

const q = { field: 'hs_analytics_source', createdAfter: '2026-09-06T00:00:00.000Z', createdBefore: '2026-12-05T00:00:00.000Z', excludeEmailDomain: 'LeadProof.test' };

describe('HubSpot source counts', () => {
  it('asks one limit-1 search per value, one for no value, one for all, each within the window and without test emails', () => {
    const reqs = countRequests(q, ['PAID_SEARCH', 'OFFLINE']);
    expect(reqs.map((r) => r.source)).toEqual(['all', 'PAID_SEARCH', 'OFFLINE', null]);
    for (const r of reqs) {
      expect(r.request.limit).toBe(1);
      expect(r.request.filterGroups![0]!.filters!.slice(0, 3)).toEqual([
        { propertyName: 'createdate', operator: 'GTE', value: String(Date.parse(q.createdAfter)) },
        { propertyName: 'createdate', operator: 'LT', value: String(Date.parse(q.createdBefore)) },
        { propertyName: 'email', operator: 'NOT_CONTAINS_TOKEN', value: '*@leadproof.test' },
      ]);
    }
    expect(reqs[3]!.request.filterGroups![0]!.filters![3]).toEqual({ propertyName: 'hs_analytics_source', operator: 'NOT_HAS_PROPERTY' });
  });

  it('counts from the totals, keeps values the options no longer list as "(other values)"', async () => {
    const totals: Record<string, number> = { all: 12, PAID_SEARCH: 7, OFFLINE: 0, none: 2 };
    const res = await countBySource({ ...q, values: ['PAID_SEARCH', 'OFFLINE'] }, async (r) => {
      const f = r.filterGroups![0]!.filters![3];
      return { total: totals[!f ? 'all' : f.operator === 'NOT_HAS_PROPERTY' ? 'none' : f.value!]!, results: [] };
    });
    expect(res.total).toBe(12);
    expect(res.bySource).toEqual([{ source: 'PAID_SEARCH', count: 7 }, { source: null, count: 2 }, { source: '(other values)', count: 3 }]);
  });

  it('pages a free-text field and refuses above the 10,000-result search cap', async () => {
    const pages = [
      { total: 3, results: [{ properties: { f: 'a' } }, { properties: { f: 'b' } }], paging: { next: { after: '2' } } },
      { total: 3, results: [{ properties: { f: 'a' } }] },
    ];
    const res = await countBySource({ ...q, field: 'f' }, async (r) => pages[r.after ? 1 : 0]!);
    expect(res.bySource).toEqual([{ source: 'a', count: 2 }, { source: 'b', count: 1 }]);
    const err = await countBySource({ ...q, field: 'f' }, async () => ({ total: 10_001, results: [] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeadproofError);
    expect((err as LeadproofError).message).toMatch(/more than the 10000 a HubSpot search can page through/);
  });
});

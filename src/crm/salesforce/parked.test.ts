import { describe, expect, it } from 'vitest';
import type { ParkedQuery } from '../adapter.js';
import { parkedSoql, soqlDateTime } from './parked.js';

const q: ParkedQuery = {
  ownerIds: ['00G5g000000AAAAEA0', '0055g000000BBBBAA1'],
  unassigned: true,
  createdBefore: '2026-11-23T18:00:00.123Z',
  createdAfter: '2026-11-16T18:30:00.000Z',
  excludeEmailDomain: 'lead_proof.test',
  limit: 5,
};

describe('parkedSoql', () => {
  it('COUNT() and the oldest n over unconverted leads of the owners, in the time window, without test emails', () => {
    const where = "IsConverted = false AND CreatedDate < 2026-11-23T18:00:00Z AND CreatedDate >= 2026-11-16T18:30:00Z AND OwnerId IN ('00G5g000000AAAAEA0', '0055g000000BBBBAA1') AND (Email = null OR (NOT Email LIKE '%@lead\\_proof.test'))";
    expect(parkedSoql(q)).toEqual({
      count: `SELECT COUNT() FROM Lead WHERE ${where}`,
      oldest: `SELECT Id, CreatedDate, LeadSource, OwnerId, Email FROM Lead WHERE ${where} ORDER BY CreatedDate ASC LIMIT 5`,
    });
  });

  it('no owner ids: nothing to ask (a lead always has an owner, so unassigned alone matches nothing)', () => {
    expect(parkedSoql({ ...q, ownerIds: [] })).toBeNull();
  });

  it('datetime literals are unquoted UTC without milliseconds', () => {
    expect(soqlDateTime('2026-11-23T19:00:00+01:00')).toBe('2026-11-23T18:00:00Z');
  });
});

import { describe, expect, it } from 'vitest';
import { classifySalesforceError, redactSalesforceSecrets } from './classify.js';
import { buildHistory, soqlString, toRecord } from './map.js';

const sfErr = (errorCode: string, message = 'x') => Object.assign(new Error(message), { errorCode, name: errorCode });

describe('classifySalesforceError', () => {
  it('never retries a rejected session or the daily API limit', () => {
    expect(classifySalesforceError(sfErr('INVALID_SESSION_ID', 'Session expired or invalid'))).toMatchObject({ action: 'auth' });
    expect(classifySalesforceError(sfErr('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'))).toMatchObject({ action: 'abort', hint: expect.stringContaining('daily API') });
    expect(classifySalesforceError(sfErr('MALFORMED_QUERY'))).toMatchObject({ action: 'abort' });
  });
  it('reads SOAP fault codes (Metadata API) without their sf: prefix', () => {
    expect(classifySalesforceError(sfErr('sf:INVALID_SESSION_ID', 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session'))).toMatchObject({ action: 'auth' });
    expect(classifySalesforceError(sfErr('sf:REQUEST_LIMIT_EXCEEDED', 'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.'))).toMatchObject({ action: 'abort', hint: expect.stringContaining('daily API') });
  });
  it('retries REQUEST_LIMIT_EXCEEDED for concurrent requests with back-off, aborts only on the daily allowance', () => {
    expect(classifySalesforceError(sfErr('REQUEST_LIMIT_EXCEEDED', 'ConcurrentRequests (Concurrent API Requests) Limit exceeded.'))).toMatchObject({ action: 'retry', rateLimited: true });
    expect(classifySalesforceError(sfErr('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded'))).toMatchObject({ action: 'retry', rateLimited: true });
    expect(classifySalesforceError(sfErr('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'))).toMatchObject({ action: 'abort' });
  });
  it('retries 5xx, 429/420 (as rate limits) and network failures', () => {
    expect(classifySalesforceError(sfErr('ERROR_HTTP_503'))).toMatchObject({ action: 'retry', status: 503 });
    expect(classifySalesforceError(sfErr('SERVER_UNAVAILABLE'))).toMatchObject({ action: 'retry' });
    expect(classifySalesforceError(sfErr('ERROR_HTTP_429'))).toMatchObject({ action: 'retry', rateLimited: true });
    expect(classifySalesforceError(Object.assign(new Error('socket hang up'), { name: 'FetchError', code: 'ECONNRESET' }))).toMatchObject({ action: 'retry' });
  });
  it('redacts session ids and bearer headers', () => {
    expect(redactSalesforceSecrets('token 00D5g000004LeadP!AQ0AQabc.def and Bearer xyz')).toBe('token [redacted] and [redacted]');
  });
});

describe('buildHistory', () => {
  const lead = { Id: '00Q1', CreatedDate: '2024-05-01T10:00:00.000+0000', Status: 'Working - MQL', OwnerId: '005B' };
  it('rebuilds the initial value from the first change and keeps only id rows of lookups', () => {
    const rows = [
      { LeadId: '00Q1', Field: 'Owner', DataType: 'Text', OldValue: 'Integration User', NewValue: 'Anna Schmidt', CreatedDate: '2024-05-01T10:00:02.000+0000' },
      { LeadId: '00Q1', Field: 'Owner', DataType: 'EntityId', OldValue: '005A', NewValue: '005B', CreatedDate: '2024-05-01T10:00:02.000+0000' },
      { LeadId: '00Q1', Field: 'Status', DataType: 'DynamicEnum', OldValue: 'Open - Not Contacted', NewValue: 'Working - MQL', CreatedDate: '2024-05-01T10:00:03.000+0000' },
    ];
    const h = buildHistory(lead, rows, ['Status', 'OwnerId', 'UTM_Source__c']);
    expect(h.OwnerId!.map((e) => [e.value, e.timestamp])).toEqual([['005A', '2024-05-01T10:00:00.000Z'], ['005B', '2024-05-01T10:00:02.000Z']]);
    expect(h.Status!.map((e) => e.value)).toEqual(['Open - Not Contacted', 'Working - MQL']);
    expect(h.UTM_Source__c).toEqual([]);
  });
  it('uses the current value at creation when a field never changed', () => {
    expect(buildHistory(lead, [], ['Status']).Status).toEqual([{ value: 'Working - MQL', timestamp: '2024-05-01T10:00:00.000Z', source: 'CREATED' }]);
  });
});

it('prefers a history change newer than the lead row (the two queries raced)', () => {
  const lead = { Id: '00Q1', Email: 'a@b.c', CreatedDate: '2024-05-01T10:00:00.000+0000', LastModifiedDate: '2024-05-01T10:00:00.000+0000', OwnerId: '005A' };
  const rows = [{ LeadId: '00Q1', Field: 'Owner', DataType: 'EntityId', OldValue: '005A', NewValue: '005B', CreatedDate: '2024-05-01T10:00:02.000+0000' }];
  expect(toRecord(lead, ['OwnerId'], buildHistory(lead, rows, ['OwnerId'])).properties.OwnerId).toBe('005B');
  expect(toRecord(lead, ['OwnerId'], buildHistory(lead, [], ['OwnerId'])).properties.OwnerId).toBe('005A');
});

it('escapes SOQL string literals', () => {
  expect(soqlString("o'brien\\x@test")).toBe("'o\\'brien\\\\x@test'");
});

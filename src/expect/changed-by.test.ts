import { describe, expect, it } from 'vitest';
import type { OwnerInfo } from '../crm/adapter.js';
import { describeChangeAuthor } from './changed-by.js';

const at = '2026-01-01T00:00:00.000Z';

describe('describeChangeAuthor', () => {
  it('names a workflow by its label, else by id', () => {
    expect(describeChangeAuthor({ value: 'x', timestamp: at, by: { kind: 'workflow', id: '123', name: 'EMEA routing' } })).toBe('workflow "EMEA routing"');
    expect(describeChangeAuthor({ value: 'x', timestamp: at, by: { kind: 'workflow', id: '123' } })).toBe('workflow 123');
  });
  it('resolves a user id through the known owners', () => {
    const owners = new Map<string, OwnerInfo>([['005A', { id: '005A', kind: 'user', name: 'Integration User', teams: [], active: true }]]);
    expect(describeChangeAuthor({ value: 'x', timestamp: at, by: { kind: 'user', id: '005A' } }, owners)).toBe('user Integration User');
    expect(describeChangeAuthor({ value: 'x', timestamp: at, by: { kind: 'user', id: '005B' } }, owners)).toBe('user 005B');
  });
  it('never names a workflow after an owner whose id happens to be the same number', () => {
    const owners = new Map<string, OwnerInfo>([['123', { id: '123', kind: 'user', name: 'Anna Schmidt', teams: [], active: true }]]);
    expect(describeChangeAuthor({ value: 'x', timestamp: at, by: { kind: 'workflow', id: '123' } }, owners)).toBe('workflow 123');
  });
  it('says nothing when the CRM did not say', () => {
    expect(describeChangeAuthor({ value: 'x', timestamp: at })).toBeUndefined();
    expect(describeChangeAuthor(undefined)).toBeUndefined();
  });
});

/**
 * The org's lead assignment rule through jsforce's `conn.query`, in the shape of Salesforce's
 * AssignmentRule object, and hidden from a profile that cannot see setup objects.
 */
import jsforce from 'jsforce';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import { salesforceStackFile } from './test-stack.js';

const SOQL = "SELECT Id, Name, Active FROM AssignmentRule WHERE SobjectType = 'Lead' AND Active = true";

async function withOrg<T>(stack: string | undefined, fn: (conn: jsforce.Connection) => Promise<T>): Promise<T> {
  const sb = await startSandbox(stack ? { stack } : {});
  try {
    const sf = sb.salesforce!;
    return await fn(new jsforce.Connection({ instanceUrl: sf.instanceUrl, accessToken: sf.accessToken, version: sf.version }));
  } finally {
    await sb.stop();
  }
}

describe('AssignmentRule in the sandbox org', () => {
  it('answers the active Lead rule as Salesforce does (01Q id, attributes, Active)', async () => {
    type RuleRow = { Id: string; Name: string; Active: boolean; attributes: { type: string; url: string } };
    const res = await withOrg(undefined, async (conn) => (await conn.query<RuleRow>(SOQL)) as { totalSize: number; records: RuleRow[] });
    expect(res.totalSize).toBe(1);
    expect(res.records[0]).toMatchObject({ Name: 'default lead routing', Active: true, attributes: { type: 'AssignmentRule' } });
    expect(res.records[0].Id).toMatch(/^01Q[0-9A-Za-z]{15}$/);
  });

  it('hides it from a profile that cannot see setup objects: INVALID_TYPE', async () => {
    const err = await withOrg(salesforceStackFile({ hiddenObjects: ['AssignmentRule'] }), (conn) => Promise.resolve(conn.query(SOQL)).then(() => null, (e: unknown) => e));
    expect((err as { errorCode?: string }).errorCode).toBe('INVALID_TYPE');
    expect((err as Error).message).toContain("sObject type 'AssignmentRule' is not supported");
  });
});

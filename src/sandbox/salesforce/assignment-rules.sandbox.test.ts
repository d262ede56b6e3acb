/**
 * The org's lead assignment rule through jsforce's `conn.query`, in the shape of Salesforce's
 * AssignmentRule object, and hidden from a profile that cannot see setup objects; the Metadata
 * API's SOAP faults for what the sandbox does not serve.
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

  it('answers Metadata API calls it does not serve with SOAP faults jsforce surfaces as errors', async () => {
    const codes = await withOrg(undefined, async (conn) => {
      const code = (p: Promise<unknown>) => p.then(() => null, (e: { errorCode?: string; message?: string }) => `${e.errorCode}: ${e.message}`);
      return [await code(Promise.resolve(conn.metadata.read('CustomObject', ['Lead']))), await code(Promise.resolve(conn.metadata.list([{ type: 'AssignmentRules' }])))];
    });
    expect(codes[0]).toBe('sf:INVALID_TYPE: INVALID_TYPE: the leadproof sandbox serves readMetadata for AssignmentRules only, not CustomObject');
    expect(codes[1]).toMatch(/^soapenv:Client: the leadproof sandbox serves readMetadata only, not \{http:\/\/soap.sforce.com\/2006\/04\/metadata\}listMetadata/);
  });

  it('refuses a session it did not issue with INVALID_SESSION_ID', async () => {
    const sb = await startSandbox();
    try {
      const res = await fetch(`${sb.salesforce!.instanceUrl}/services/Soap/m/62.0`, {
        method: 'POST', headers: { 'content-type': 'text/xml', soapaction: '""' },
        body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata"><SessionHeader><sessionId>00Dxx!bogus</sessionId></SessionHeader></soapenv:Header><soapenv:Body xmlns="http://soap.sforce.com/2006/04/metadata"><readMetadata><type>AssignmentRules</type><fullNames>Lead</fullNames></readMetadata></soapenv:Body></soapenv:Envelope>',
      });
      expect(res.status).toBe(500);
      expect(await res.text()).toContain('<faultcode>sf:INVALID_SESSION_ID</faultcode>');
    } finally {
      await sb.stop();
    }
  });
});

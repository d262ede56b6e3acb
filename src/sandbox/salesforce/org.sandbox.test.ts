/**
 * The sandbox's Salesforce side driven by the unmodified jsforce over real HTTP: query with
 * paging, retrieve, destroy, errors in Salesforce's shape, and a Web-to-Lead post that becomes a
 * routed, MQL'd lead with LeadHistory rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsforce from 'jsforce';
import { startSandbox, type SandboxHandle } from '../index.js';
import { customFieldFor } from './lead-fields.js';
import { salesforceStackFile } from './test-stack.js';

let sandbox: SandboxHandle;
let conn: jsforce.Connection;
beforeAll(async () => {
  sandbox = await startSandbox();
  const sf = sandbox.salesforce!;
  conn = new jsforce.Connection({ instanceUrl: sf.instanceUrl, accessToken: sf.accessToken, version: sf.version });
});
afterAll(() => sandbox?.stop());

async function webToLead(fields: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams({ oid: sandbox.salesforce!.orgId.slice(0, 15), retURL: `${sandbox.url}/sf/thanks`, lead_source: 'Web', ...fields });
  return fetch(`${sandbox.url}/servlet/servlet.WebToLead?encoding=UTF-8`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

async function until<T>(read: () => PromiseLike<T>, done: (v: T) => boolean, attempts = 40): Promise<T> {
  let v = await read();
  for (let i = 0; i < attempts && !done(v); i++) {
    await new Promise((r) => setTimeout(r, 250));
    v = await read();
  }
  return v;
}

describe('sandbox Salesforce org via jsforce', () => {
  it('pages a query through nextRecordsUrl and reports API usage from Sforce-Limit-Info', async () => {
    const first = await conn.request<{ totalSize: number; done: boolean; nextRecordsUrl?: string; records: unknown[] }>({
      method: 'GET',
      url: `/query?q=${encodeURIComponent('SELECT Id, Email, Owner.Name, Owner.Type FROM Lead ORDER BY CreatedDate')}`,
      headers: { 'Sforce-Query-Options': 'batchSize=200' },
    });
    expect(first.totalSize).toBe(300);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(200);
    expect(first.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w+-200$/);
    const all = await conn.query('SELECT Id FROM Lead', { autoFetch: true, headers: { 'Sforce-Query-Options': 'batchSize=200' } } as never);
    expect(all.records).toHaveLength(300);
    expect(conn.limitInfo.apiUsage?.used).toBeGreaterThan(2);
    expect(conn.limitInfo.apiUsage?.limit).toBe(15_000);
  });

  it('retrieves many leads (describe first, null for missing) and one by id', async () => {
    const { records } = await conn.query<{ Id: string }>('SELECT Id FROM Lead ORDER BY Email LIMIT 2');
    const ids = records.map((r) => r.Id);
    expect(ids[0]).toMatch(/^00Q[a-zA-Z0-9]{15}$/);
    const got = await conn.sobject('Lead').retrieve([...ids, '00Q5g0000000ZZZZZZ'.slice(0, 15)]);
    expect(got.map((r) => (r ? r.Id : null))).toEqual([...ids, null]);
    expect(got[0]).toHaveProperty('UTM_Source__c');
    const one = await conn.sobject('Lead').retrieve(ids[0]!);
    expect(one.Id).toBe(ids[0]);
  });

  it('answers errors in Salesforce shape: INVALID_SESSION_ID, MALFORMED_QUERY, INVALID_FIELD', async () => {
    const bad = new jsforce.Connection({ instanceUrl: sandbox.salesforce!.instanceUrl, accessToken: 'wrong', version: '62.0' });
    await expect(bad.query('SELECT Id FROM Lead')).rejects.toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
    await expect(conn.query('SELECT Id FRM Lead')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    await expect(conn.query('SELECT UTM_Source FROM Lead')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
  });

  it('answers a query URI over 16,384 bytes with 414, and URI plus headers over it with 431', async () => {
    const soql = (n: number) => `SELECT Id FROM Lead WHERE Email IN (${Array.from({ length: n }, (_, i) => `'${'x'.repeat(150)}.${i}@leadproof.test'`).join(', ')})`;
    await expect(conn.query(soql(100))).rejects.toMatchObject({ errorCode: 'ERROR_HTTP_414' });
    const fits = soql(80);
    expect(encodeURIComponent(fits).length).toBeLessThan(16_384 - 100);
    await expect(conn.request({ method: 'GET', url: `/query?q=${encodeURIComponent(fits)}`, headers: { 'X-Padding': 'p'.repeat(2_000) } })).rejects.toMatchObject({ errorCode: 'ERROR_HTTP_431' });
    expect((await conn.query(fits)).totalSize).toBe(0);
  });

  it('turns a Web-to-Lead post into a lead routed by the assignment rule, with LeadHistory', async () => {
    const email = `w2l-emea.${Date.now()}@leadproof.test`;
    const res = await webToLead({
      first_name: 'Greta',
      last_name: 'Probe',
      email,
      company: 'Probe GmbH',
      country: 'DE',
      employees: '2500',
      [customFieldFor('utm_source')!.fieldId!]: 'linkedin',
      [customFieldFor('formId')!.fieldId!]: 'demo-request',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`URL=${sandbox.url}/sf/thanks`);
    type Lead = { Id: string; Status: string; UTM_Source__c: string; Owner: { Name: string; Type: string } };
    const soql = `SELECT Id, Status, UTM_Source__c, Owner.Name, Owner.Type FROM Lead WHERE Email = '${email}'`;
    const { records } = await until(() => conn.query<Lead>(soql), (r) => r.records[0]?.Owner.Type === 'User' && r.records[0]?.Status === 'Working - MQL');
    expect(records).toHaveLength(1);
    expect(records[0]!.UTM_Source__c).toBe('linkedin');
    expect(['Anna Schmidt', 'Lars Berg']).toContain(records[0]!.Owner.Name);
    const hist = await conn.query<{ Field: string; DataType: string; OldValue: string | null; NewValue: string | null }>(
      `SELECT Field, DataType, OldValue, NewValue, CreatedDate FROM LeadHistory WHERE LeadId = '${records[0]!.Id}' ORDER BY CreatedDate`,
    );
    const fields = hist.records.map((h) => `${h.Field}:${h.DataType}`);
    expect(fields).toEqual(expect.arrayContaining(['created:Text', 'Owner:EntityId', 'Owner:Text', 'Status:DynamicEnum']));
    const status = hist.records.find((h) => h.Field === 'Status')!;
    expect([status.OldValue, status.NewValue]).toEqual(['Open - Not Contacted', 'Working - MQL']);
    const owner = hist.records.find((h) => h.Field === 'Owner' && h.DataType === 'EntityId')!;
    expect(owner.OldValue).toMatch(/^005/);
  });

  it('ignores a post for another org, and sends unmatched leads to the fallback queue', async () => {
    const stray = `w2l-stray.${Date.now()}@leadproof.test`;
    await fetch(`${sandbox.url}/servlet/servlet.WebToLead?encoding=UTF-8`, { method: 'POST', body: new URLSearchParams({ oid: '00D000000000001', last_name: 'X', company: 'Y', email: stray }) });
    const email = `w2l-br.${Date.now()}@leadproof.test`;
    await webToLead({ last_name: 'Souza', email, company: 'Brasil SA', country: 'BR', employees: '500' });
    const soql = `SELECT Email, OwnerId, Owner.Name, Owner.Type FROM Lead WHERE Email IN ('${stray}', '${email}')`;
    const r = await until(() => conn.query<{ Email: string; OwnerId: string; Owner: { Name: string; Type: string } }>(soql), (x) => x.records[0]?.Owner.Type === 'Queue');
    expect(r.records.map((x) => x.Email)).toEqual([email]);
    expect(r.records[0]!.OwnerId).toMatch(/^00G/);
    expect(r.records[0]!.Owner.Name).toBe('Lead Desk Queue');
  });

  it('destroys test leads with composite delete and leaves every seeded lead alone', async () => {
    const { records } = await conn.query<{ Id: string }>("SELECT Id FROM Lead WHERE Email LIKE '%@leadproof.test'");
    expect(records.length).toBeGreaterThan(0);
    const results = await conn.sobject('Lead').destroy(records.map((r) => r.Id));
    expect(results.every((r) => r.success)).toBe(true);
    const again = await conn.sobject('Lead').destroy([records[0]!.Id]);
    expect(again[0]).toMatchObject({ success: false, errors: [expect.objectContaining({ statusCode: 'ENTITY_IS_DELETED' })] });
    const left = await conn.query("SELECT COUNT() FROM Lead WHERE Email LIKE '%@leadproof.test'");
    expect(left.totalSize).toBe(0);
    expect((await conn.query('SELECT COUNT() FROM Lead')).totalSize).toBe(300);
  });
});

describe('sandbox Salesforce org: silent drops and the Web-to-Lead queue, seen through jsforce', () => {
  async function orgWith(settings: Record<string, unknown>): Promise<{ sb: SandboxHandle; conn: jsforce.Connection; post: (f: Record<string, string>) => Promise<void> }> {
    const sb = await startSandbox({ stack: salesforceStackFile(settings) });
    const sf = sb.salesforce!;
    const c = new jsforce.Connection({ instanceUrl: sf.instanceUrl, accessToken: sf.accessToken, version: sf.version });
    const post = async (fields: Record<string, string>) => {
      const body = new URLSearchParams({ oid: sf.orgId.slice(0, 15), retURL: `${sb.url}/sf/thanks`, lead_source: 'Web', ...fields });
      const res = await fetch(`${sb.url}/servlet/servlet.WebToLead?encoding=UTF-8`, { method: 'POST', body });
      expect(res.status).toBe(200); // the browser learns nothing either way
    };
    return { sb, conn: c, post };
  }

  it('drops web leads on an allow-with-alert duplicate rule and on a validation rule', async () => {
    const { sb, conn: c, post } = await orgWith({
      duplicateRules: [{ name: 'Standard Lead Duplicate Rule', match: 'website', action: 'allow', alert: true }],
      validationRules: [{ name: 'Phone format', field: 'Phone', pattern: '\\+?[0-9 ]{6,20}' }],
    });
    try {
      const { records } = await c.query<{ Website: string }>("SELECT Website FROM Lead WHERE Website != null LIMIT 1");
      await post({ last_name: 'Dup', company: 'D', email: 'dup@leadproof.test', URL: `https://www.${records[0]!.Website}/` });
      await post({ last_name: 'Val', company: 'V', email: 'val@leadproof.test', phone: 'call me' });
      await post({ last_name: 'Ok', company: 'O', email: 'ok@leadproof.test', phone: '+49 30 123456' });
      const found = await until(() => c.query<{ Email: string }>("SELECT Email FROM Lead WHERE Email LIKE '%@leadproof.test'"), (r) => r.totalSize >= 1);
      expect(found.records.map((r) => r.Email)).toEqual(['ok@leadproof.test']);
      expect(sb.stats!()).toMatchObject({ 'salesforce:web-to-lead:blocked': 1, 'salesforce:web-to-lead:invalid': 1 });
    } finally {
      await sb.stop();
    }
  });

  it('queues a post over the daily limit and creates it once the window frees; queryAll still counts deleted leads', async () => {
    const { sb, conn: c, post } = await orgWith({ webToLeadDailyLimit: 1, webToLeadWindowMs: 1_500 });
    try {
      await post({ last_name: 'First', company: 'F', email: 'first@leadproof.test' });
      await post({ last_name: 'Late', company: 'L', email: 'late@leadproof.test' });
      expect(sb.stats!()['salesforce:web-to-lead:queued']).toBe(1);
      const soql = "SELECT Id, Email FROM Lead WHERE Email LIKE '%@leadproof.test' ORDER BY CreatedDate";
      const now = await c.query<{ Id: string; Email: string }>(soql);
      expect(now.records.map((r) => r.Email)).toEqual(['first@leadproof.test']);
      await c.sobject('Lead').destroy(now.records[0]!.Id);
      const later = await until(() => c.query<{ Email: string }>(soql), (r) => r.totalSize > 0);
      expect(later.records.map((r) => r.Email)).toEqual(['late@leadproof.test']);
      const all = await c.query<{ Email: string; IsDeleted: boolean }>("SELECT Email, IsDeleted FROM Lead WHERE LeadSource = 'Web' AND Email LIKE '%@leadproof.test' ORDER BY CreatedDate", { scanAll: true });
      expect(all.records.map((r) => [r.Email, r.IsDeleted])).toEqual([['first@leadproof.test', true], ['late@leadproof.test', false]]);
      expect((await c.query("SELECT COUNT() FROM Lead WHERE LeadSource = 'Web' AND Email LIKE '%@leadproof.test'")).totalSize).toBe(1);
    } finally {
      await sb.stop();
    }
  });
});

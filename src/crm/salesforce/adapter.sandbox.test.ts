/**
 * The Salesforce adapter against the sandbox org: real jsforce over real HTTP, a lead created
 * the way the browser does (Web-to-Lead post), traced with history, owner resolved, deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import { customFieldFor } from '../../sandbox/salesforce/lead-fields.js';
import { CrmAuthError } from '../../errors.js';
import { salesforceStackFile } from '../../sandbox/salesforce/test-stack.js';
import { createAdapter, createSalesforceBudget } from '../index.js';
import type { CrmAdapter, CrmRecord } from '../adapter.js';

let sandbox: SandboxHandle;
let adapter: CrmAdapter;
beforeAll(async () => {
  sandbox = await startSandbox();
  const sf = sandbox.salesforce!;
  adapter = createAdapter('salesforce', { instanceUrl: sf.instanceUrl, accessToken: sf.accessToken, version: sf.version, orgLabel: sf.orgId });
});
afterAll(() => sandbox?.stop());

async function post(fields: Record<string, string>): Promise<void> {
  const body = new URLSearchParams({ oid: sandbox.salesforce!.orgId.slice(0, 15), retURL: `${sandbox.url}/sf/thanks`, lead_source: 'Web', ...fields });
  const res = await fetch(`${sandbox.url}/servlet/servlet.WebToLead?encoding=UTF-8`, { method: 'POST', body });
  expect(res.status).toBe(200);
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, attempts = 40): Promise<T> {
  let v = await read();
  for (let i = 0; i < attempts && !done(v); i++) {
    await new Promise((r) => setTimeout(r, 250));
    v = await read();
  }
  return v;
}

describe('Salesforce adapter on the sandbox org', () => {
  const email = `sf-adapter.${Date.now()}@leadproof.test`;
  let record: CrmRecord;

  it('finds a Web-to-Lead lead by email with Status and OwnerId history, oldest first', async () => {
    await post({ first_name: 'Greta', last_name: 'Probe', email, company: 'Probe GmbH', country: 'DE', employees: '2500', [customFieldFor('utm_source')!.fieldId!]: 'linkedin', [customFieldFor('formId')!.fieldId!]: 'demo-request' });
    const found = await until(
      () => adapter.findByEmails([email.toUpperCase()], ['UTM_Source__c', 'Status'], ['Status', 'OwnerId']),
      (m) => (m.get(email.toUpperCase())?.[0]?.history.Status?.length ?? 0) >= 2 && (m.get(email.toUpperCase())?.[0]?.history.OwnerId?.length ?? 0) >= 2,
    );
    record = found.get(email.toUpperCase())![0]!;
    expect(record.id).toMatch(/^00Q/);
    expect(record.properties.UTM_Source__c).toBe('linkedin');
    expect(record.history.Status!.map((h) => h.value)).toEqual(['Open - Not Contacted', 'Working - MQL']);
    expect(record.history.Status![0]!.timestamp).toBe(record.createdAt);
    const owners = record.history.OwnerId!.map((h) => h.value);
    expect(owners[0]).toMatch(/^005/); // the integration user owned it before routing
    expect(owners.at(-1)).toBe(record.properties.OwnerId);
    expect(Date.parse(record.history.OwnerId!.at(-1)!.timestamp)).toBeGreaterThan(Date.parse(record.createdAt));
  });

  it('resolves the owner to a user whose role is the team, and lists queues', async () => {
    const owners = await adapter.resolveOwners([record.properties.OwnerId!]);
    const o = owners.get(record.properties.OwnerId!)!;
    expect(o).toMatchObject({ kind: 'user', teams: ['EMEA Enterprise'], active: true });
    expect(['Anna Schmidt', 'Lars Berg']).toContain(o.name);
    const all = await adapter.listOwners();
    expect(all.find((x) => x.kind === 'queue')).toMatchObject({ name: 'Lead Desk Queue', id: expect.stringMatching(/^00G/) });
  });

  it('says which user made the owner change (LeadHistory CreatedById), and that id resolves to a name', async () => {
    const by = record.history.OwnerId!.at(-1)!.by;
    expect(by).toMatchObject({ kind: 'user', id: expect.stringMatching(/^005/) });
    // Web-to-Lead's assignment rule runs as the Default Lead Creator: the org's integration user.
    expect((await adapter.resolveOwners([by!.id!])).get(by!.id!)?.name).toBe('Integration User');
  });

  it('lists Lead fields with picklist values and passes preflight', async () => {
    const props = await adapter.listProperties();
    expect(props.find((p) => p.name === 'UTM_Campaign__c')).toMatchObject({ label: 'UTM Campaign' });
    expect(props.find((p) => p.name === 'Status')!.options).toContain('Working - MQL');
    expect(await adapter.preflight!()).toEqual([]);
    expect(await adapter.webToLeadRemaining!()).toEqual({ remaining: 499, max: 500, used: 1, windowMs: 86_400_000 });
  });

  it('searches, deletes via composite delete (idempotently) and leaves seeded leads', async () => {
    const hits = await adapter.searchByEmails([email, 'nobody@leadproof.test']);
    expect([...hits.keys()]).toEqual([email]);
    const res = await adapter.deleteRecords([record.id, record.id]);
    expect(res).toEqual({ deleted: [record.id], failed: [] });
    expect(await adapter.deleteRecords([record.id])).toEqual({ deleted: [record.id], failed: [] });
    expect((await adapter.findByEmails([email], [], [])).size).toBe(0);
    expect(adapter.apiCalls).toBeGreaterThan(5);
  });

  it('splits Email IN (...) by URI length, so 100 long emails never draw a 414', async () => {
    const long = Array.from({ length: 100 }, (_, i) => `${'a'.repeat(150)}.${i}@leadproof.test`);
    await post({ last_name: 'Long', company: 'L', email: long[42]! });
    const found = await until(() => adapter.searchByEmails(long), (m) => m.size === 1);
    expect([...found.keys()]).toEqual([long[42]]);
    const stats = sandbox.stats!();
    expect(stats['salesforce:api:414'] ?? 0).toBe(0);
  });

  it('raises CrmAuthError without the token in the message on a wrong token', async () => {
    const bad = createAdapter('salesforce', { instanceUrl: sandbox.salesforce!.instanceUrl, accessToken: '00D5g0000000001!wrongtoken', version: '62.0' });
    const err = await bad.listProperties().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmAuthError);
    expect((err as Error).message).toContain('SF_ACCESS_TOKEN');
    expect((err as Error).message).not.toContain('wrongtoken');
    expect(await bad.preflight!()).toEqual([(err as Error).message]);
  });
});

describe('Salesforce adapter under the org\'s concurrency limit', () => {
  it('waits and retries REQUEST_LIMIT_EXCEEDED ConcurrentPerOrgLongTxn instead of aborting', async () => {
    const sb = await startSandbox({ stack: salesforceStackFile({ concurrencyRejections: 2 }) });
    try {
      const sf = sb.salesforce!;
      const a = createAdapter('salesforce', { instanceUrl: sf.instanceUrl, accessToken: sf.accessToken, version: sf.version, budget: createSalesforceBudget({ label: 'org', minBackoffMs: 10, maxBackoffMs: 50 }) });
      expect((await a.listProperties()).some((p) => p.name === 'Email')).toBe(true);
    } finally {
      await sb.stop();
    }
  });
});

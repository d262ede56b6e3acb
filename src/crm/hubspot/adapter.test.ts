import { afterEach, describe, expect, it } from 'vitest';
import { createHubSpotAdapter } from './adapter.js';
import { createHubSpotBudget } from './client.js';
import { batchBody, contact, startStub, type Stub, type StubHandler } from './test-stub.js';
import { CrmAuthError, CrmRequestError } from '../../errors.js';

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function setup(handler: StubHandler, token = TOKEN) {
  stub = await startStub(handler);
  const budget = createHubSpotBudget({ label: 'HubSpot portal test', minBackoffMs: 1, maxBackoffMs: 5 });
  const adapter = createHubSpotAdapter({ accessToken: token, baseUrl: `${stub.url}/`, portalLabel: '424242', budget });
  return { adapter, budget, stub };
}

const READ = '/crm/v3/objects/contacts/batch/read';

describe('HubSpot adapter: findByEmails', () => {
  it('reads by email through the batch API, treats 207 misses as absent and orders history oldest first', async () => {
    const { adapter, stub } = await setup((req) => {
      const history = {
        lifecyclestage: [
          { value: 'marketingqualifiedlead', timestamp: '2025-01-02T03:04:30.000Z', sourceType: 'AUTOMATION_PLATFORM', sourceId: 'wf-7' },
          { value: 'lead', timestamp: '2025-01-02T03:04:05.000Z', sourceType: 'FORM' },
        ],
      };
      const known = req.body.inputs.filter((i: { id: string }) => i.id === 'anna@test.example');
      const missing = req.body.inputs.filter((i: { id: string }) => i.id !== 'anna@test.example').map((i: { id: string }) => i.id);
      return batchBody(known.map(() => contact('101', 'anna@test.example', { utm_source: 'linkedin' }, history)), missing);
    });
    const found = await adapter.findByEmails(['Anna@test.example', 'nobody@test.example'], ['utm_source', 'utm_medium'], ['lifecyclestage']);

    expect([...found.keys()]).toEqual(['Anna@test.example']);
    const [rec] = found.get('Anna@test.example')!;
    expect(rec).toMatchObject({ id: '101', email: 'anna@test.example', createdAt: '2025-01-02T03:04:05.000Z' });
    expect(rec!.properties).toMatchObject({ utm_source: 'linkedin', utm_medium: null });
    expect(rec!.history.lifecyclestage).toEqual([
      { value: 'lead', timestamp: '2025-01-02T03:04:05.000Z', source: 'FORM', by: { kind: 'form' } },
      { value: 'marketingqualifiedlead', timestamp: '2025-01-02T03:04:30.000Z', source: 'AUTOMATION_PLATFORM:wf-7', by: { kind: 'workflow', id: 'wf-7' } },
    ]);
    const sent = stub.requests[0]!;
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.body).toMatchObject({ idProperty: 'email', propertiesWithHistory: ['lifecyclestage'] });
    expect(sent.body.properties).toEqual(['email', 'utm_source', 'utm_medium']);
    expect(sent.body.inputs).toEqual([{ id: 'anna@test.example' }, { id: 'nobody@test.example' }]);
  });

  it('asks for history 50 inputs at a time, and names the inputs of a 207 error item that is not a miss', async () => {
    const { adapter, stub } = await setup((req) => batchBody([], req.body.inputs.map((i: { id: string }) => i.id)));
    await adapter.findByEmails(Array.from({ length: 120 }, (_, i) => `h${i}@test.example`), [], ['lifecyclestage']);
    expect(stub.requests.map((r) => r.body.inputs.length).sort()).toEqual([20, 50, 50]);
    await stub.close();

    const { adapter: other } = await setup(() => ({
      status: 207,
      body: { status: 'COMPLETE', results: [], startedAt: '2025-01-02T03:04:05.000Z', completedAt: '2025-01-02T03:04:06.000Z', numErrors: 1,
        errors: [{ status: 'error', category: 'VALIDATION_ERROR', message: 'Invalid email', context: { ids: ['not-an-email'] } }] },
    }));
    await expect(other.findByEmails(['not-an-email'], [], [])).rejects.toThrow(/VALIDATION_ERROR: Invalid email \[ids: not-an-email\]/);
  });

  it('chunks 250 emails into batch calls of at most 100', async () => {
    const { adapter, stub } = await setup((req) => batchBody([], req.body.inputs.map((i: { id: string }) => i.id)));
    const emails = Array.from({ length: 250 }, (_, i) => `lead${i}@test.example`);
    const found = await adapter.findByEmails(emails, [], []);
    expect(found.size).toBe(0);
    expect(stub.requests.map((r) => r.body.inputs.length).sort()).toEqual([100, 100, 50]);
    expect(adapter.apiCalls).toBe(3);
  });

  it('raises a CrmRequestError for 207 errors other than not-found', async () => {
    const { adapter } = await setup(() => ({
      status: 207,
      body: { status: 'COMPLETE', results: [], startedAt: '2025-01-02T03:04:05Z', completedAt: '2025-01-02T03:04:05Z', errors: [{ status: 'error', category: 'VALIDATION_ERROR', message: 'bad', context: {}, errors: [] }] },
    }));
    await expect(adapter.findByEmails(['a@test.example'], [], [])).rejects.toThrow(/VALIDATION_ERROR: bad/);
  });
});

describe('HubSpot adapter: retries and errors', () => {
  it('honours Retry-After on 429 and retries once the CRM allows', async () => {
    const { adapter, budget, stub } = await setup((req, nth) =>
      nth === 1
        ? { status: 429, headers: { 'retry-after': '1' }, body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', policyName: 'TEN_SECONDLY_ROLLING', category: 'RATE_LIMITS' } }
        : batchBody([contact('7', 'x@test.example')]),
    );
    const found = await adapter.findByEmails(['x@test.example'], [], []);
    expect(found.get('x@test.example')?.[0]?.id).toBe('7');
    expect(stub.count(READ)).toBe(2);
    expect(budget.stats()).toMatchObject({ rateLimited: 1, retries: 1, total: 2 });
  });

  it('retries a 500 and succeeds', async () => {
    const { adapter, stub } = await setup((req, nth) => (nth === 1 ? { status: 500, body: { status: 'error', message: 'internal' } } : batchBody([])));
    await expect(adapter.findByEmails(['x@test.example'], [], [])).resolves.toBeInstanceOf(Map);
    expect(stub.count(READ)).toBe(2);
  });

  it('maps 401 to CrmAuthError after exactly one request, naming the variable but never the token', async () => {
    const { adapter, stub } = await setup(() => ({ status: 401, body: { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' } }));
    const err = await adapter.findByEmails(['x@test.example'], [], []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmAuthError);
    expect((err as Error).message).toMatch(/HUBSPOT_ACCESS_TOKEN/);
    expect((err as Error).message).not.toContain(TOKEN);
    expect(stub.requests).toHaveLength(1);
  });

  it('keeps the token out of messages and causes even when the server echoes it', async () => {
    for (const token of [TOKEN, 'sandbox-secret-token-xyz']) {
      const { adapter } = await setup((req) => ({ status: 400, body: { status: 'error', message: `bad request from ${req.headers.authorization}` } }), token);
      const err = await adapter.listProperties().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CrmRequestError);
      const everything = [(err as Error).message, (err as Error).stack, String((err as Error).cause), ((err as Error).cause as Error)?.stack].join('\n');
      expect(everything).toContain('bad request from');
      expect(everything).not.toContain(token);
      await stub?.close();
      stub = undefined;
    }
  });
});

describe('HubSpot adapter: owners, properties, search, delete', () => {
  const owner = (id: string, extra: object = {}) => ({ id, email: `o${id}@corp.example`, firstName: 'Owner', lastName: id, type: 'PERSON', archived: false, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z', ...extra });

  it('pages through owners, maps teams and queues, and caches the list', async () => {
    const { adapter, stub } = await setup((req) => {
      if (req.query.get('archived') === 'true') return { status: 200, body: { results: [owner('9', { archived: true })] } };
      return req.query.get('after') === 'p2'
        ? { status: 200, body: { results: [owner('3', { type: 'QUEUE', firstName: 'Default', lastName: 'queue' })] } }
        : { status: 200, body: { results: [owner('1', { teams: [{ id: 't2', name: 'NA', primary: false }, { id: 't1', name: 'EMEA Enterprise', primary: true }] }), owner('2')], paging: { next: { after: 'p2' } } } };
    });
    const owners = await adapter.listOwners();
    // Deactivated owners are listed too (active: false), so preflight can name them as such.
    expect(owners.map((o) => o.id)).toEqual(['1', '2', '3', '9']);
    expect(owners[3]!.active).toBe(false);
    expect(owners[0]).toEqual({ id: '1', kind: 'user', name: 'Owner 1', email: 'o1@corp.example', teams: ['EMEA Enterprise', 'NA'], active: true });
    expect(owners[2]!.kind).toBe('queue');
    expect(stub.requests.map((r) => r.path)).toEqual(['/crm/v3/owners/', '/crm/v3/owners/', '/crm/v3/owners/']);

    const resolved = await adapter.resolveOwners(['2', '9', '404']);
    expect([...resolved.keys()]).toEqual(['2', '9']);
    expect(resolved.get('9')!.active).toBe(false);
    expect(stub.requests).toHaveLength(3); // both lists cached
  });

  it('lists contact properties with enumeration options', async () => {
    const { adapter } = await setup(() => ({
      status: 200,
      body: { results: [{ name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', fieldType: 'radio', groupName: 'g', description: '', options: [{ label: 'Lead', value: 'lead', hidden: false }] }, { name: 'utm_source', label: 'UTM source', type: 'string', fieldType: 'text', groupName: 'g', description: '', options: [] }] },
    }));
    expect(await adapter.listProperties()).toEqual([
      { name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', options: ['lead'] },
      { name: 'utm_source', label: 'UTM source', type: 'string' },
    ]);
  });

  it('lists enumeration options in the portal\'s displayOrder, the stage order verdicts rely on', async () => {
    const opt = (value: string, displayOrder: number) => ({ label: value, value, displayOrder, hidden: false });
    const { adapter } = await setup(() => ({
      status: 200,
      body: { results: [{ name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', fieldType: 'radio', groupName: 'g', description: '', options: [opt('other', -1), opt('salesqualifiedlead', 3), opt('lead', 1), opt('marketingqualifiedlead', 2)] }] },
    }));
    expect((await adapter.listProperties())[0].options).toEqual(['lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'other']);
  });

  it('searches with IN filters of at most 100 emails, follows paging and reports duplicates', async () => {
    const { adapter, stub } = await setup((req) => {
      const values: string[] = req.body.filterGroups[0].filters[0].values;
      if (values.includes('dup@test.example') && !req.body.after) {
        return { status: 200, body: { total: 2, results: [contact('1', 'dup@test.example')], paging: { next: { after: '1' } } } };
      }
      if (req.body.after === '1') return { status: 200, body: { total: 2, results: [contact('2', 'dup@test.example')] } };
      return { status: 200, body: { total: 0, results: [] } };
    });
    const emails = ['Dup@test.example', ...Array.from({ length: 149 }, (_, i) => `n${i}@test.example`)];
    const hits = await adapter.searchByEmails(emails);
    expect(hits.get('Dup@test.example')!.map((h) => h.id)).toEqual(['1', '2']);
    expect(hits.size).toBe(1);
    const filters = stub.requests.map((r) => r.body.filterGroups[0].filters[0]);
    expect(filters.every((f) => f.operator === 'IN' && f.propertyName === 'email' && f.values.length <= 100)).toBe(true);
    expect(stub.requests).toHaveLength(3);
  });

  it('archives in chunks of 100 (never GDPR-delete) and reports a failed chunk per id', async () => {
    const { adapter, stub } = await setup((req, nth) => (nth === 2 ? { status: 400, body: { status: 'error', message: 'nope' } } : { status: 204 }));
    const ids = Array.from({ length: 150 }, (_, i) => String(i + 1));
    const res = await adapter.deleteRecords(ids);
    expect(res.deleted).toHaveLength(100);
    expect(res.failed).toHaveLength(50);
    expect(res.failed[0]!.message).toMatch(/HTTP 400: nope/);
    expect(stub.requests.every((r) => r.path === '/crm/v3/objects/contacts/batch/archive')).toBe(true);
  });
});

describe('HubSpot adapter: preflight and identity', () => {
  it('says the token was rejected, once, on 401', async () => {
    const { adapter } = await setup(() => ({ status: 401, body: { status: 'error', message: 'expired' } }));
    const problems = await adapter.preflight!();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/rejected the access token \(401\).*HUBSPOT_ACCESS_TOKEN/);
  });

  it('names the missing scope on 403', async () => {
    const { adapter } = await setup((req) =>
      req.path.startsWith('/crm/v3/owners') ? { status: 403, body: { status: 'error', message: 'missing scopes', category: 'MISSING_SCOPES' } } : req.path.startsWith(READ) ? batchBody([], ['x']) : { status: 200, body: { results: [] } },
    );
    expect(await adapter.preflight!()).toEqual([expect.stringMatching(/cannot list owners \(403\).*crm\.objects\.owners\.read/)]);
  });

  it('labels the account and exposes HubSpot core field names', async () => {
    const { adapter } = await setup(() => ({ status: 200, body: {} }));
    expect(adapter.account).toBe('HubSpot portal 424242');
    expect(adapter.coreFields).toMatchObject({ email: 'email', lifecycle: 'lifecyclestage', owner: 'hubspot_owner_id' });
    expect(createHubSpotAdapter({ accessToken: TOKEN, baseUrl: 'https://api.hubapi.com' }).account).toBe('HubSpot portal api.hubapi.com');
  });
});

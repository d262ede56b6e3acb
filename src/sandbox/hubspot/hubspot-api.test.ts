import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STACK, startSandbox, type SandboxHandle } from '../index.js';

/** Drives the sandbox only through the real SDK (and fetch for the forms API), like the harness. */
let sb: SandboxHandle;
let client: Client;

// Short search lag and a low rate limit so the lag and 429 paths are cheap to reach.
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-hs-'));
  const file = join(dir, 'fast.stack.yaml');
  writeFileSync(
    file,
    readFileSync(DEFAULT_STACK, 'utf8')
      .replace('searchLagSeconds: 3', 'searchLagSeconds: 1')
      .replace('perTenSeconds: 190', 'perTenSeconds: 40')
      .replace('count: 300', 'count: 120')
      .replace('teams: [Customer Success] }', 'teams: [Customer Success], archived: true }'),
  );
  sb = await startSandbox({ stack: file });
  client = new Client({ accessToken: sb.hubspot.accessToken, basePath: sb.hubspot.baseUrl });
});
afterAll(() => sb?.stop());

const guid = '3f1c9a52-7d4e-4b8a-9c1d-2e5f6a7b8c01';
const HUTK = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
async function submit(fields: Record<string, string>, hutk?: string) {
  const res = await fetch(`${sb.url}/submissions/v3/integration/submit/${sb.hubspot.portalId}/${guid}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      submittedAt: String(Date.now()),
      fields: Object.entries(fields).map(([name, value]) => ({ objectTypeId: '0-1', name, value })),
      context: { hutk, pageUri: `${sb.siteUrl}/demo` },
    }),
  });
  return { status: res.status, body: await res.json() };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const person = { firstname: 'Ada', lastname: 'Lee', company: 'Foo', country: 'US', numemployees: '2500' };

describe('sandbox HubSpot API through @hubspot/api-client', () => {
  it('accepts a form, attributes it from the beacon, and batch-reads it by email (200 / 207)', async () => {
    await fetch(`${sb.url}/__ptq.gif?hutk=${HUTK}&url=${encodeURIComponent(`${sb.siteUrl}/demo?utm_source=google&utm_medium=cpc&utm_campaign=q4`)}&referrer=`);
    // A field the form does not define is refused, as HubSpot has done since 2022.
    const refused = await submit({ ...person, email: 'ada@leadproof.test', utm_source: 'google', not_a_field: 'x' }, HUTK);
    expect(refused).toMatchObject({ status: 400, body: { errors: [{ errorType: 'FIELD_NOT_IN_FORM_DEFINITION', message: expect.stringContaining("'fields.not_a_field'") }] } });
    const ok = await submit({ ...person, email: 'ada@leadproof.test', utm_source: 'google', utm_campaign: 'q4' }, HUTK);
    expect(ok).toMatchObject({ status: 200, body: { inlineMessage: expect.stringContaining('demo') } });

    const props = ['utm_source', 'utm_campaign', 'hs_analytics_source', 'hubspot_owner_id', 'not_a_field'];
    const all = await client.crm.contacts.batchApi.read({ idProperty: 'email', inputs: [{ id: 'ada@leadproof.test' }], properties: props, propertiesWithHistory: ['lifecyclestage'] });
    expect(all.results[0].properties).toMatchObject({ utm_source: 'google', utm_campaign: 'q4', hs_analytics_source: 'PAID_SEARCH', hubspot_owner_id: null });
    expect(all.results[0].properties).not.toHaveProperty('not_a_field');
    expect(all.results[0].propertiesWithHistory!.lifecyclestage.map((h) => h.value)).toEqual(['lead']);

    const some = await client.crm.contacts.batchApi.read({ idProperty: 'email', inputs: [{ id: 'ada@leadproof.test' }, { id: 'ghost@leadproof.test' }], properties: [], propertiesWithHistory: [] });
    expect(some).toMatchObject({ numErrors: 1, errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['ghost@leadproof.test'] } }] });
    expect(some.results).toHaveLength(1);

    await sleep(2_200);
    const one = await client.crm.contacts.basicApi.getById('ada@leadproof.test', ['hubspot_owner_id'], ['lifecyclestage', 'hubspot_owner_id'], undefined, false, 'email');
    expect(one.properties.hubspot_owner_id).toBe('104');
    expect(one.propertiesWithHistory!.lifecyclestage.map((h) => h.value)).toEqual(['marketingqualifiedlead', 'lead']);
    expect(one.propertiesWithHistory!.hubspot_owner_id[0].sourceType).toBe('AUTOMATION_PLATFORM');
  });

  it('rejects invalid submissions with HubSpot error types', async () => {
    const bad = await submit({ email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { errorType: string }) => e.errorType)).toEqual(expect.arrayContaining(['INVALID_EMAIL', 'REQUIRED_FIELD']));
  });

  it('rejects more than 100 batch inputs', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: `x${i}@leadproof.test` }));
    await expect(client.crm.contacts.batchApi.read({ idProperty: 'email', inputs, properties: [], propertiesWithHistory: [] })).rejects.toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
  });

  it('refuses a batch read asking for property history with more than 50 inputs, in HubSpot\'s words', async () => {
    const inputs = Array.from({ length: 51 }, (_, i) => ({ id: `h${i}@leadproof.test` }));
    await expect(client.crm.contacts.batchApi.read({ idProperty: 'email', inputs, properties: [], propertiesWithHistory: ['lifecyclestage'] })).rejects.toMatchObject({
      code: 400,
      body: { status: 'error', category: 'VALIDATION_ERROR', message: 'The maximum number of inputs supported in a batch request for property histories is 50. Please reduce the number of items and try again' },
    });
    // Without history, 100 inputs are fine; 50 with history too.
    const plain = await client.crm.contacts.batchApi.read({ idProperty: 'email', inputs: [...inputs, ...inputs.map((x) => ({ id: `p${x.id}` }))].slice(0, 100), properties: [], propertiesWithHistory: [] });
    expect(plain.results).toHaveLength(0);
    const fifty = await client.crm.contacts.batchApi.read({ idProperty: 'email', inputs: inputs.slice(0, 50), properties: [], propertiesWithHistory: ['lifecyclestage'] });
    expect(fifty).toMatchObject({ numErrors: 1, errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: expect.any(String), context: { ids: expect.arrayContaining(['h0@leadproof.test', 'h49@leadproof.test']) } }] });
  });

  it('answers a missing or unknown filter operator, or filters that are not an array, with a 400 — never an empty result', async () => {
    // Raw HTTP: the SDK's serializer cannot even send filters that are not an array.
    const search = async (filterGroups: unknown) => {
      const r = await fetch(`${sb.url}/crm/v3/objects/contacts/search`, {
        method: 'POST', headers: { Authorization: `Bearer ${sb.hubspot.accessToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ filterGroups, limit: 10 }),
      });
      return { code: r.status, body: await r.json() };
    };
    for (const bad of [
      [{ filters: [{ propertyName: 'email', value: 'x@leadproof.test' }] }],
      [{ filters: [{ propertyName: 'email', operator: 'EQUALS', value: 'x@leadproof.test' }] }],
      [{ filters: { propertyName: 'email', operator: 'EQ', value: 'x@leadproof.test' } }],
    ]) {
      expect(await search(bad)).toMatchObject({ code: 400, body: { status: 'error', category: 'VALIDATION_ERROR' } });
    }
    await sleep(1_100); // the search limit is per second
  });

  it('lists deactivated owners only under archived=true', async () => {
    const active = await client.crm.owners.ownersApi.getPage(undefined, undefined, 100, false);
    const archived = await client.crm.owners.ownersApi.getPage(undefined, undefined, 100, true);
    expect(active.results.map((o) => o.id)).not.toContain('111');
    expect(archived.results).toEqual([expect.objectContaining({ id: '111', firstName: 'Olivia', archived: true })]);
    await expect(client.crm.owners.ownersApi.getById(111)).rejects.toMatchObject({ code: 404 });
    expect(await client.crm.owners.ownersApi.getById(111, 'id', true)).toMatchObject({ id: '111', archived: true });
  });

  it('enforces the search caps: 5 filter groups, 10,000 results', async () => {
    const group = { filters: [{ propertyName: 'email', operator: 'EQ' as never, value: 'x@leadproof.test' }] };
    await expect(client.crm.contacts.searchApi.doSearch({ filterGroups: Array(6).fill(group), limit: 10, after: '0', sorts: [], properties: [] }))
      .rejects.toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
    await expect(client.crm.contacts.searchApi.doSearch({ filterGroups: [group], limit: 100, after: '9950', sorts: [], properties: [] }))
      .rejects.toMatchObject({ code: 400 });
  });

  it('search sees a new record only after the index lag', async () => {
    await submit({ ...person, email: 'lag@leadproof.test' });
    const req = { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN' as never, values: ['lag@leadproof.test'] }] }], properties: ['email'], limit: 10, after: '0', sorts: [] };
    expect((await client.crm.contacts.searchApi.doSearch(req)).total).toBe(0);
    expect((await client.crm.contacts.batchApi.read({ idProperty: 'email', inputs: [{ id: 'lag@leadproof.test' }], properties: [], propertiesWithHistory: [] })).results).toHaveLength(1);
    await sleep(1_200);
    const found = await client.crm.contacts.searchApi.doSearch(req);
    expect(found.total).toBe(1);
    expect(found.results[0].properties.email).toBe('lag@leadproof.test');
  });

  it('lists owners with teams and filters by email', async () => {
    const page = await client.crm.owners.ownersApi.getPage('kenji.sato@acme-funnel.example');
    expect(page.results).toHaveLength(1);
    expect(page.results[0]).toMatchObject({ id: '107', firstName: 'Kenji', type: 'PERSON', teams: [{ name: 'APAC', primary: true }] });
    const first = await client.crm.owners.ownersApi.getPage(undefined, undefined, 5);
    expect(first.results).toHaveLength(5);
    const rest = await client.crm.owners.ownersApi.getPage(undefined, first.paging!.next!.after, 100);
    expect(first.results.length + rest.results.length).toBe(11); // the twelfth is deactivated
  });

  it('lists standard and custom contact properties', async () => {
    const names = (await client.crm.properties.coreApi.getAll('contacts')).results.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['email', 'lifecyclestage', 'hubspot_owner_id', 'hs_analytics_source', 'numemployees', 'utm_campaign']));
  });

  it('limits search separately, with the secondly-limit message', async () => {
    const body = JSON.stringify({ filterGroups: [], limit: 1 });
    const headers = { Authorization: `Bearer ${sb.hubspot.accessToken}`, 'Content-Type': 'application/json' };
    const results = await Promise.all(Array.from({ length: 8 }, () => fetch(`${sb.url}/crm/v3/objects/contacts/search`, { method: 'POST', headers, body })));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect((await limited[0].json()).message).toBe('You have reached your secondly limit.');
    await sleep(1_100);
  });

  it('pages through every record and hides archived ones', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await client.crm.contacts.basicApi.getPage(100, after, ['email']);
      ids.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
    } while (after);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(122);
    const target = (await client.crm.contacts.basicApi.getById('lag@leadproof.test', undefined, undefined, undefined, false, 'email')).id;
    await client.crm.contacts.batchApi.archive({ inputs: [{ id: target }] });
    await expect(client.crm.contacts.basicApi.getById(target)).rejects.toMatchObject({ code: 404 });
  });

  it('answers 401 in HubSpot shape to a wrong token', async () => {
    const bad = new Client({ accessToken: 'wrong', basePath: sb.hubspot.baseUrl });
    await expect(bad.crm.owners.ownersApi.getPage()).rejects.toMatchObject({ code: 401, body: { status: 'error', category: 'INVALID_AUTHENTICATION' } });
  });

  it('counts every call of the portal in X-HubSpot-RateLimit-Remaining, other integrations\' too', async () => {
    const get = () => fetch(`${sb.url}/crm/v3/owners/`, { headers: { Authorization: `Bearer ${sb.hubspot.accessToken}` } });
    const first = Number((await get()).headers.get('x-hubspot-ratelimit-remaining'));
    sb.hubspot.consumeRateLimit!(5);
    const second = await get();
    // Exactly first - 6, unless an earlier test's call leaves the rolling window in between.
    const remaining = Number(second.headers.get('x-hubspot-ratelimit-remaining'));
    expect(remaining).toBeGreaterThanOrEqual(first - 6);
    expect(remaining).toBeLessThanOrEqual(first - 4);
    expect(second.headers.get('x-hubspot-ratelimit-max')).toBe('40');
  });

  it('answers 429 with rate-limit headers over the 10-second budget', async () => {
    const results = await Promise.all(
      Array.from({ length: 45 }, () => fetch(`${sb.url}/crm/v3/owners/`, { headers: { Authorization: `Bearer ${sb.hubspot.accessToken}` } })),
    );
    const limited = results.find((r) => r.status === 429)!;
    expect(limited).toBeDefined();
    expect(limited.headers.get('x-hubspot-ratelimit-max')).toBe('40');
    expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await limited.json()).toMatchObject({ status: 'error', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(sb.stats!()['hubspot:429']).toBeGreaterThan(0);
  });
});

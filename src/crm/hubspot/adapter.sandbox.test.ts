/**
 * The HubSpot adapter against the embedded sandbox: the real SDK over real HTTP, a lead created
 * the way a browser would (forms submissions API), traced, resolved and archived.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STACK, startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import type { CrmAdapter, CrmRecord } from '../adapter.js';
import { CrmAuthError } from '../../errors.js';
import { createHubSpotAdapter } from './adapter.js';

const DEMO_FORM_GUID = '3f1c9a52-7d4e-4b8a-9c1d-2e5f6a7b8c01';

let sandbox: SandboxHandle;
let adapter: CrmAdapter;
beforeAll(async () => {
  sandbox = await startSandbox();
  adapter = createHubSpotAdapter({ accessToken: sandbox.hubspot.accessToken, baseUrl: sandbox.hubspot.baseUrl, portalLabel: sandbox.hubspot.portalId });
});
afterAll(() => sandbox?.stop());

async function submitDemoRequest(email: string, country = 'DE', sb = sandbox): Promise<void> {
  const fields = { email, firstname: 'Greta', lastname: 'Test', company: 'Probe GmbH', country, numemployees: '2500', utm_source: 'linkedin' };
  const res = await fetch(`${sb.url}/submissions/v3/integration/submit/${sb.hubspot.portalId}/${DEMO_FORM_GUID}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ submittedAt: Date.now(), fields: Object.entries(fields).map(([name, value]) => ({ objectTypeId: '0-1', name, value })), context: { hutk: 'a'.repeat(32), pageUri: `${sb.url}/demo?utm_source=linkedin` } }),
  });
  expect(res.status).toBe(200);
}

/** Poll like the tracer does, until `done` or the attempts run out. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, attempts = 40): Promise<T> {
  let v = await read();
  for (let i = 0; i < attempts && !done(v); i++) {
    await new Promise((r) => setTimeout(r, 500));
    v = await read();
  }
  return v;
}

describe('HubSpot adapter against the sandbox', () => {
  it('passes preflight and lists owners and properties', async () => {
    expect(await adapter.preflight!()).toEqual([]);
    const owners = await adapter.listOwners();
    expect(owners.find((o) => o.email === 'anna.schmidt@acme-funnel.example')).toMatchObject({ name: 'Anna Schmidt', teams: ['EMEA Enterprise'], kind: 'user' });
    expect((await adapter.listProperties()).map((p) => p.name)).toEqual(expect.arrayContaining(['email', 'lifecyclestage', 'hubspot_owner_id', 'utm_source']));
  });

  it('traces a submitted lead to its owner, finds it by search, then archives it', async () => {
    const email = `sbx-${Date.now()}@${sandbox.testDomain}`;
    await submitDemoRequest(email);
    const { owner, lifecycle } = adapter.coreFields;

    const recs = await until(
      () => adapter.findByEmails([email], ['utm_source', owner, lifecycle], [lifecycle, owner]),
      (m) => Boolean(m.get(email)?.[0]?.properties[owner]),
    );
    const rec = recs.get(email)![0] as CrmRecord;
    expect(rec.properties.utm_source).toBe('linkedin');
    expect(rec.history[lifecycle]!.map((h) => h.value)).toEqual(expect.arrayContaining(['lead']));
    const resolved = await adapter.resolveOwners([rec.properties[owner]!]);
    expect(resolved.get(rec.properties[owner]!)!.teams).toContain('EMEA Enterprise');
    // Routing workflows write the owner as HubSpot records it: sourceType AUTOMATION_PLATFORM, the flow's numeric id.
    expect(rec.history[owner]!.at(-1)!.by).toEqual({ kind: 'workflow', id: expect.stringMatching(/^\d+$/) });

    const hits = await until(() => adapter.searchByEmails([email]), (m) => m.has(email));
    expect(hits.get(email)!.map((h) => h.id)).toEqual([rec.id]);

    expect(await adapter.deleteRecords([rec.id])).toEqual({ deleted: [rec.id], failed: [] });
    expect((await adapter.findByEmails([email], [], [])).has(email)).toBe(false);
    expect(adapter.apiCalls).toBeGreaterThan(5);
  });

  it('reads history for more than 50 emails (HubSpot caps history batch reads at 50 inputs)', async () => {
    const email = `many-${Date.now()}@${sandbox.testDomain}`;
    await submitDemoRequest(email);
    const { lifecycle, owner } = adapter.coreFields;
    const emails = [email, ...Array.from({ length: 79 }, (_, i) => `absent${i}@${sandbox.testDomain}`)];
    const found = await adapter.findByEmails(emails, [owner, lifecycle], [lifecycle, owner]);
    expect([...found.keys()]).toEqual([email]);
    expect(found.get(email)![0].history[lifecycle]!.map((h) => h.value)).toContain('lead');
  });

  it('resolves a contact routed to a deactivated owner, as inactive', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lp-arch-')), 'archived.stack.yaml');
    // Kenji (APAC, assigned directly by the APAC rule) has left: the workflow still names him.
    writeFileSync(file, readFileSync(DEFAULT_STACK, 'utf8').replace('teams: [APAC] }', 'teams: [APAC], archived: true }').replace('count: 300', 'count: 10'));
    const sb = await startSandbox({ stack: file });
    try {
      const a = createHubSpotAdapter({ accessToken: sb.hubspot.accessToken, baseUrl: sb.hubspot.baseUrl, portalLabel: sb.hubspot.portalId });
      const email = `apac-${Date.now()}@${sb.testDomain}`;
      await submitDemoRequest(email, 'JP', sb);
      const { owner } = a.coreFields;
      const recs = await until(() => a.findByEmails([email], [owner], []), (m) => Boolean(m.get(email)?.[0]?.properties[owner]));
      const id = recs.get(email)![0].properties[owner]!;
      // Listed for preflight, as deactivated.
      expect((await a.listOwners()).find((o) => o.id === id)).toMatchObject({ name: 'Kenji Sato', active: false });
      expect((await a.resolveOwners([id])).get(id)).toMatchObject({ id: '107', name: 'Kenji Sato', teams: ['APAC'], active: false });
    } finally {
      await sb.stop();
    }
  });

  it('rejects a wrong token with CrmAuthError', async () => {
    const wrong = createHubSpotAdapter({ accessToken: 'pat-na1-wrong-token', baseUrl: sandbox.hubspot.baseUrl });
    await expect(wrong.listProperties()).rejects.toBeInstanceOf(CrmAuthError);
  });
});

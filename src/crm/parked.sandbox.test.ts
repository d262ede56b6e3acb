/**
 * findParked on both CRMs against the sandbox, through the real SDKs: real leads parked with the
 * fallback owner/queue are counted and listed oldest first; test records and fresh leads are not.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STACK, startSandbox, type SandboxHandle } from '../sandbox/index.js';
import type { CrmAdapter, ParkedQuery } from './adapter.js';
import { createHubSpotAdapter } from './hubspot/adapter.js';
import { createSalesforceAdapter } from './salesforce/adapter.js';

const STACK = join(DEFAULT_STACK, '..', 'parked-in-fallback.stack.yaml');
const HOUR = 3_600_000;
let sb: SandboxHandle;
let hubspot: CrmAdapter;
let salesforce: CrmAdapter;

beforeAll(async () => {
  sb = await startSandbox({ stack: STACK });
  hubspot = createHubSpotAdapter({ accessToken: sb.hubspot.accessToken, baseUrl: sb.hubspot.baseUrl, portalLabel: sb.hubspot.portalId });
  const sf = sb.salesforce!;
  salesforce = createSalesforceAdapter({ instanceUrl: sf.instanceUrl, accessToken: sf.accessToken, version: sf.version });
  const now = Date.now();
  // A test lead parked just like the real ones, and (HubSpot) a real one nobody owns.
  sb.engines!.hubspot.store.create({ email: 'lp.r1.1.greta@leadproof.test', lifecycle: 'lead', owner: '112' }, 'FORM', now - 2 * HOUR);
  sb.engines!.hubspot.store.create({ email: 'nobody.owns@prospect.example', lifecycle: 'lead', owner: null }, 'FORM', now - HOUR);
  sb.engines!.salesforce.store.create({ email: 'lp.r1.1.greta@leadproof.test', lastName: 'Test', company: 'X', lifecycle: 'lead', owner: 'queue:Lead Desk Queue' }, 'FORM', now - 2 * HOUR);
});
afterAll(() => sb?.stop());

const query = (ownerIds: string[], extra: Partial<ParkedQuery> = {}): ParkedQuery => ({
  ownerIds,
  unassigned: false,
  createdBefore: new Date(Date.now() - 30 * 60_000).toISOString(),
  createdAfter: new Date(Date.now() - 7 * 24 * HOUR).toISOString(),
  excludeEmailDomain: 'leadproof.test',
  limit: 3,
  ...extra,
});

function oldestFirst(dates: string[]): boolean {
  return dates.every((d, i) => i === 0 || Date.parse(dates[i - 1]) <= Date.parse(d));
}

describe('findParked', () => {
  it('HubSpot: counts the 12 parked real contacts of the fallback owner, oldest first, without the test contact', async () => {
    const r = await hubspot.findParked!(query(['112']));
    expect(r.total).toBe(12);
    expect(r.oldest).toHaveLength(3);
    expect(oldestFirst(r.oldest.map((o) => o.createdAt))).toBe(true);
    expect(Date.now() - Date.parse(r.oldest[0].createdAt)).toBeGreaterThan(3.9 * HOUR);
    expect(r.oldest.every((o) => o.ownerId === '112' && o.source && !o.email?.endsWith('@leadproof.test'))).toBe(true);
    // The exclusion is the query's doing: on another test domain the test contact counts.
    expect((await hubspot.findParked!(query(['112'], { excludeEmailDomain: 'other.test' }))).total).toBe(13);
    // Unassigned adds the contact nobody owns; a cutoff before every parked lead finds none.
    expect((await hubspot.findParked!(query(['112'], { unassigned: true }))).total).toBe(13);
    expect((await hubspot.findParked!(query(['112'], { createdBefore: new Date(Date.now() - 5 * HOUR).toISOString() }))).total).toBe(0);
  });

  it('Salesforce: counts the 12 unconverted leads in the fallback queue with COUNT(), lists the oldest, without the test lead', async () => {
    const queue = (await salesforce.listOwners()).find((o) => o.kind === 'queue' && o.name === 'Lead Desk Queue')!;
    const r = await salesforce.findParked!(query([queue.id]));
    expect(r.total).toBe(12);
    expect(r.oldest).toHaveLength(3);
    expect(oldestFirst(r.oldest.map((o) => o.createdAt))).toBe(true);
    expect(r.oldest.every((o) => o.ownerId === queue.id && o.source && !o.email?.endsWith('@leadproof.test'))).toBe(true);
    expect((await salesforce.findParked!(query([queue.id], { excludeEmailDomain: 'other.test' }))).total).toBe(13);
    expect((await salesforce.findParked!(query([], { unassigned: true })))).toEqual({ total: 0, oldest: [] });
  });
});

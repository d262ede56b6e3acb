/**
 * `leadproof baseline-sources` against a sandbox given to the CLI as a real portal and a real org:
 * the counts per original source equal what the CRM's own API shows for the stated window (read
 * here through the HubSpot SDK and jsforce, not the sandbox's internals), a test record is left
 * out, and the CLI made no write call at all.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@hubspot/api-client';
import jsforce from 'jsforce';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { SourceBaseline } from '../../src/baseline-sources/index.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { hubspotEnv, ROOT, runCli, withSandbox } from './harness.js';

let sb: SandboxHandle;
const out = mkdtempSync(path.join(tmpdir(), 'lp-baseline-'));
const results: Record<'hubspot' | 'salesforce', { code: number; text: string; baseline: SourceBaseline }> = {} as never;
let statsBefore: Record<string, number>;
let statsAfter: Record<string, number>;

/** Counts per source of the records created in the window, test emails left out. */
function tally(rows: { source: string | null; created: string; email: string | null }[], b: SourceBaseline, testDomain: string): Record<string, number> {
  const from = Date.parse(b.window.from);
  const to = Date.parse(b.window.to);
  const t: Record<string, number> = {};
  for (const r of rows) {
    const at = Date.parse(r.created);
    if (at < from || at >= to || (r.email ?? '').toLowerCase().endsWith(`@${testDomain}`)) continue;
    t[r.source ?? '(no value)'] = (t[r.source ?? '(no value)'] ?? 0) + 1;
  }
  return t;
}

const asCounts = (b: SourceBaseline) => Object.fromEntries(b.sources.map((s) => [s.source ?? '(no value)', s.count]));

beforeAll(async () => {
  sb = await withSandbox();
  // A test record created today, through the portal's form endpoint: it must not be counted.
  const stack = parse(readFileSync(path.join(ROOT, 'fixtures/stacks/default.stack.yaml'), 'utf8')) as { hubspot: { portalId: string }; forms: { guid: string }[] };
  const res = await fetch(`${sb.hubspot.baseUrl}/submissions/v3/integration/submit/${stack.hubspot.portalId}/${stack.forms[0]!.guid}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ fields: Object.entries({ email: `lp.baseline.1@${sb.testDomain}`, firstname: 'Test', lastname: 'Baseline', company: 'Leadproof' }).map(([name, value]) => ({ objectTypeId: '0-1', name, value })), context: {} }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  statsBefore = sb.stats!();
  const sf = sb.salesforce!;
  const env = { hubspot: hubspotEnv(sb), salesforce: { SF_INSTANCE_URL: sf.instanceUrl, SF_ACCESS_TOKEN: sf.accessToken, SF_API_VERSION: sf.version, LEADPROOF_TEST_DOMAIN: sb.testDomain } };
  await Promise.all((['hubspot', 'salesforce'] as const).map(async (crm) => {
    const file = path.join(out, `${crm}.json`);
    const r = await runCli(['baseline-sources', '--crm', crm, '--days', '90', '--out', file], { env: env[crm] });
    results[crm] = { code: r.code, text: r.stdout + r.stderr, baseline: r.code === 0 ? (JSON.parse(readFileSync(file, 'utf8')) as SourceBaseline) : (null as never) };
  }));
  statsAfter = sb.stats!();
}, 180_000);

afterAll(() => sb?.stop());

it('HubSpot: counts per original source equal the portal\'s contacts in the window, the test contact left out', async () => {
  const { code, text, baseline: b } = results.hubspot;
  expect(code, text).toBe(0);
  expect(b).toMatchObject({ kind: 'leadproof.baseline-sources', crm: 'hubspot', field: { name: 'hs_analytics_source', logical: 'source' }, window: { days: 90 } });
  expect(b.statement).toMatch(/^Baseline established on \d{4}-\d{2}-\d{2}: \d+ contacts created in the 90 days/);
  const client = new Client({ accessToken: sb.hubspot.accessToken, basePath: sb.hubspot.baseUrl, numberOfApiCallRetries: 0 });
  const rows: { source: string | null; created: string; email: string | null }[] = [];
  let after: string | undefined;
  do {
    const page = await client.crm.contacts.basicApi.getPage(100, after, ['email', 'hs_analytics_source', 'createdate']);
    for (const r of page.results) rows.push({ source: r.properties.hs_analytics_source || null, created: r.properties.createdate!, email: r.properties.email ?? null });
    after = page.paging?.next?.after;
  } while (after);
  expect(rows.some((r) => r.email?.endsWith(`@${sb.testDomain}`))).toBe(true); // the test contact is there to be left out
  const expected = tally(rows, b, sb.testDomain);
  expect(Object.values(expected).reduce((s, n) => s + n, 0)).toBeGreaterThan(20);
  expect(asCounts(b)).toEqual(expected);
  expect(b.total).toBe(Object.values(expected).reduce((s, n) => s + n, 0));
});

it('Salesforce: one GROUP BY query gives the org\'s leads per Original_Source__c in the window', async () => {
  const { code, text, baseline: b } = results.salesforce;
  expect(code, text).toBe(0);
  expect(b).toMatchObject({ crm: 'salesforce', field: { name: 'Original_Source__c', logical: 'source' } });
  const sf = sb.salesforce!;
  const conn = new jsforce.Connection({ instanceUrl: sf.instanceUrl, accessToken: sf.accessToken, version: sf.version });
  const res = await conn.query<{ Original_Source__c: string | null; CreatedDate: string; Email: string | null }>('SELECT Original_Source__c, CreatedDate, Email FROM Lead', { autoFetch: true, maxFetch: 100_000 } as never);
  expect(asCounts(b)).toEqual(tally(res.records.map((r) => ({ source: r.Original_Source__c, created: r.CreatedDate, email: r.Email })), b, sb.testDomain));
});

it('never writes: the CLI made only reads (HubSpot searches and GETs, Salesforce GETs)', () => {
  const grew = Object.keys(statsAfter).filter((k) => (statsAfter[k] ?? 0) > (statsBefore[k] ?? 0));
  const writes = grew.filter((k) => /^hubspot:(POST|PATCH|PUT|DELETE) /.test(k) && k !== 'hubspot:POST /crm/v3/objects/contacts/search')
    .concat(grew.filter((k) => /^salesforce:method:(?!GET$)/.test(k) || /web-to-lead|^hubspot:forms$/.test(k)));
  expect(grew).toContain('hubspot:POST /crm/v3/objects/contacts/search');
  expect(grew).toContain('salesforce:method:GET');
  expect(writes).toEqual([]);
});

/**
 * Routing coverage read through the real HubSpot SDK from the sandbox portal: a lead submitted the
 * way a browser would, its owner and lifecycle history, and the Automation v4 workflows list —
 * then the same with a token that lacks the `automation` scope.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createHubSpotAdapter } from '../crm/hubspot/adapter.js';
import { DEFAULT_STACK, startSandbox, type SandboxHandle } from '../sandbox/index.js';
import { readRoutingCoverage } from './read.js';

const DEMO_FORM_GUID = '3f1c9a52-7d4e-4b8a-9c1d-2e5f6a7b8c01';

function stackWithoutAutomationScope(): string {
  const stack = parse(readFileSync(DEFAULT_STACK, 'utf8'));
  stack.hubspot.missingScopes = ['automation'];
  const file = join(mkdtempSync(join(tmpdir(), 'lp-cov-')), 'no-automation-scope.stack.yaml');
  writeFileSync(file, stringify(stack));
  return file;
}

async function submit(sb: SandboxHandle, email: string, country: string, employees: number): Promise<void> {
  const fields = { email, firstname: 'Greta', lastname: 'Test', company: 'Probe GmbH', country, numemployees: String(employees) };
  const res = await fetch(`${sb.url}/submissions/v3/integration/submit/${sb.hubspot.portalId}/${DEMO_FORM_GUID}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ submittedAt: Date.now(), fields: Object.entries(fields).map(([name, value]) => ({ objectTypeId: '0-1', name, value })), context: { hutk: 'b'.repeat(32) } }),
  });
  expect(res.status).toBe(200);
}

const adapterOf = (sb: SandboxHandle) => createHubSpotAdapter({ accessToken: sb.hubspot.accessToken, baseUrl: sb.hubspot.baseUrl, portalLabel: sb.hubspot.portalId });

describe('routing coverage against the sandbox portal', () => {
  let full: SandboxHandle;
  let denied: SandboxHandle;
  beforeAll(async () => {
    [full, denied] = await Promise.all([startSandbox(), startSandbox({ stack: stackWithoutAutomationScope() })]);
    await Promise.all([submit(full, `cov-de@${full.testDomain}`, 'DE', 2500), submit(denied, `cov-de@${denied.testDomain}`, 'DE', 2500)]);
    // EMEA enterprise routes after 2 s, the demo-request MQL workflow after 2 s, mid-market-and-up after 3 s.
    await new Promise((r) => setTimeout(r, 3600));
  });
  afterAll(async () => {
    await Promise.all([full?.stop(), denied?.stop()]);
  });

  it('names the workflows that acted, with lead counts, and lists the ones no lead reached', async () => {
    const c = await readRoutingCoverage(adapterOf(full), [{ key: 'a#0', email: `cov-de@${full.testDomain}`, branch: 'EMEA × enterprise' }]);
    expect(c.status).toBe('listed');
    expect(c.attribution).toBe('history');
    expect(c.acted.find((a) => a.name === 'EMEA enterprise')).toEqual({ id: '51200102', name: 'EMEA enterprise', on: ['owner'], leads: 1, branches: ['EMEA × enterprise'], listed: true });
    expect(c.acted.map((a) => a.name)).toEqual(expect.arrayContaining(['demo request is an MQL']));
    expect(c.decidedBy['a#0']).toEqual({ id: '51200102', name: 'EMEA enterprise' });
    const unreached = c.unreached.map((u) => u.name);
    expect(unreached).toEqual(expect.arrayContaining(['APAC', 'NA enterprise', 'SMB round-robin', 'Fallback owner', 'sales contact is an MQL']));
    expect(unreached).not.toContain('EMEA enterprise');
  });

  it('says the token lacks the automation scope instead of guessing which rules were missed', async () => {
    const c = await readRoutingCoverage(adapterOf(denied), [{ key: 'a#0', email: `cov-de@${denied.testDomain}`, branch: 'EMEA × enterprise' }]);
    expect(c.status).toBe('missing-scope');
    expect(c.message).toMatch(/403 MISSING_SCOPES.*lacks the automation scope/);
    expect(c.unreached).toEqual([]);
    // History still names the workflow by id; without the list there is no name for it.
    expect(c.acted.find((a) => a.id === '51200102')).toMatchObject({ name: null, leads: 1, listed: false });
  });

  it('pages the workflows list the way HubSpot does (limit, after)', async () => {
    const res = await fetch(`${full.hubspot.baseUrl}/automation/v4/flows?limit=3`, { headers: { authorization: `Bearer ${full.hubspot.accessToken}` } });
    const body = (await res.json()) as { results: Record<string, unknown>[]; paging?: { next: { after: string } } };
    expect(body.results).toHaveLength(3);
    expect(body.results[0]).toMatchObject({ id: '51200101', name: 'existing customer → account owner', isEnabled: true, flowType: 'WORKFLOW', objectTypeId: '0-1' });
    expect(body.paging?.next.after).toBe('3');
  });
});

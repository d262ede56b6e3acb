/**
 * Salesforce routing coverage through real jsforce against the sandbox org: the active Lead
 * assignment rule by SOQL, its entries by the Metadata API's SOAP readMetadata, leads created the
 * way a browser does (Web-to-Lead) and attributed by owner — then the same with a profile that
 * lacks the Metadata API permission, and one that cannot see setup objects at all.
 */
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceAdapter } from '../crm/salesforce/adapter.js';
import { startSandbox, type SandboxHandle } from '../sandbox/index.js';
import { salesforceStackFile } from '../sandbox/salesforce/test-stack.js';
import { readRoutingCoverage } from './read.js';

const adapterOf = (sb: SandboxHandle) => {
  const sf = sb.salesforce!;
  return createSalesforceAdapter({ instanceUrl: sf.instanceUrl, accessToken: sf.accessToken, version: sf.version, orgLabel: sf.orgId });
};

async function post(sb: SandboxHandle, email: string, country: string, employees: number): Promise<void> {
  const body = new URLSearchParams({ oid: sb.salesforce!.orgId.slice(0, 15), retURL: `${sb.url}/sf/thanks`, lead_source: 'Web', first_name: 'Greta', last_name: 'Probe', email, company: 'Probe GmbH', country, employees: String(employees) });
  const res = await fetch(`${sb.url}/servlet/servlet.WebToLead?encoding=UTF-8`, { method: 'POST', body });
  expect(res.status).toBe(200);
}

describe('Salesforce routing coverage against the sandbox org', () => {
  let full: SandboxHandle;
  let noMetadata: SandboxHandle;
  let noSetup: SandboxHandle;
  const leads = (sb: SandboxHandle) => [
    { key: 'de#0', email: `cov-de@${sb.testDomain}`, branch: 'EMEA × enterprise' },
    { key: 'us#0', email: `cov-us@${sb.testDomain}`, branch: 'NA × enterprise' },
  ];
  beforeAll(async () => {
    [full, noMetadata, noSetup] = await Promise.all([
      startSandbox(),
      startSandbox({ stack: salesforceStackFile({ modifyMetadata: false }) }),
      startSandbox({ stack: salesforceStackFile({ hiddenObjects: ['AssignmentRule'] }) }),
    ]);
    await Promise.all([full, noMetadata].flatMap((sb) => [post(sb, leads(sb)[0]!.email, 'DE', 2500), post(sb, leads(sb)[1]!.email, 'US', 2500)]));
    // The enterprise rules assign after 2 s.
    await new Promise((r) => setTimeout(r, 2600));
  });
  afterAll(async () => {
    await Promise.all([full?.stop(), noMetadata?.stop(), noSetup?.stop()]);
  });

  it('serves readMetadata AssignmentRules as jsforce parses it: usernames, queue DeveloperNames, criteria in order', async () => {
    const sf = full.salesforce!;
    const conn = new jsforce.Connection({ instanceUrl: sf.instanceUrl, accessToken: sf.accessToken, version: sf.version });
    const [lead] = (await conn.metadata.read('AssignmentRules', ['Lead'])) as unknown as { fullName: string; assignmentRule: { fullName: string; active: boolean; ruleEntry: Record<string, unknown>[] }[] }[];
    expect(lead!.fullName).toBe('Lead');
    const [active, old] = lead!.assignmentRule;
    expect(active).toMatchObject({ fullName: 'default lead routing', active: true });
    expect(old).toMatchObject({ fullName: 'Standard', active: false });
    expect(active!.ruleEntry.find((e) => e.assignedTo === 'jake.miller@acme-funnel.example.sandbox')).toMatchObject({
      assignedToType: 'User',
      criteriaItems: [
        { field: 'Lead.Country', operation: 'equals', value: 'US,CA' },
        { field: 'Lead.NumberOfEmployees', operation: 'greaterOrEqual', value: '1000' },
      ],
    });
    expect(active!.ruleEntry.at(-1)).toMatchObject({ assignedTo: 'Lead_Desk_Queue', assignedToType: 'Queue', criteriaItems: [] });
    // A name that does not exist reads as an empty record, not an error.
    expect(await conn.metadata.read('AssignmentRules', ['NoSuchObject__c'])).toEqual([{ assignmentRule: [] }]);
  });

  it('attributes leads to the first active entry assigning their owner and lists the entries no lead reached', async () => {
    const c = await readRoutingCoverage(adapterOf(full), leads(full));
    expect(c.status).toBe('listed');
    expect(c.attribution).toBe('owner');
    const emea = c.acted.find((a) => a.name?.includes('Anna Schmidt'));
    expect(emea).toMatchObject({ on: ['owner'], leads: 1, branches: ['EMEA × enterprise'], listed: true });
    expect(emea!.id).toMatch(/^01Q[0-9A-Za-z]{15}#2$/);
    expect(emea!.name).toBe("Lead rule 'default lead routing' entry 2: Country = GB,IE,DE,… (11) AND NumberOfEmployees ≥ 1000 AND Round_Robin_ID__c = 1 → Anna Schmidt");
    expect(c.acted.find((a) => a.name?.includes('Jake Miller'))).toMatchObject({ leads: 1, branches: ['NA × enterprise'] });
    expect(c.decidedBy['us#0']?.name).toMatch(/entry 5: Country = US,CA AND NumberOfEmployees ≥ 1000 → Jake Miller$/);
    // APAC has no scenario here: its entry is unreached and switched on; the old rule's entry is switched off.
    expect(c.unreached).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: "Lead rule 'default lead routing' entry 8: Country = JP,SG,AU,… (6) → Kenji Sato", enabled: true }),
      expect.objectContaining({ name: "Lead rule 'Standard' entry 1: any lead → Noah Fischer", enabled: false }),
      expect.objectContaining({ name: "Lead rule 'default lead routing' entry 12: any lead → queue Lead Desk Queue", enabled: true }),
    ]));
    expect(c.unreached.map((u) => u.name)).not.toContain(emea!.name);
  });

  it('says which permission to grant when the profile may not use the Metadata API', async () => {
    const c = await readRoutingCoverage(adapterOf(noMetadata), leads(noMetadata));
    expect(c.status).toBe('missing-scope');
    expect(c.message).toMatch(/sf:INSUFFICIENT_ACCESS.*"Modify Metadata Through Metadata API Functions" \(or "Modify All Data"\)/);
    expect(c.acted).toEqual([]);
    expect(c.unreached).toEqual([]);
  });

  it('says so when the profile cannot see setup objects (AssignmentRule is INVALID_TYPE)', async () => {
    const c = await readRoutingCoverage(adapterOf(noSetup), []);
    expect(c.status).toBe('missing-scope');
    expect(c.message).toMatch(/INVALID_TYPE for AssignmentRule.*"View Setup and Configuration"/);
  });
});

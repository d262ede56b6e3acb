/**
 * A realistic RunReport for tests (five leads, one failing), with real evidence files: a small
 * PNG screenshot and the submitted payload, written under <dir>/evidence/<lead>/.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { CheckResult, LeadResult, RunReport } from './model.js';
import { withVerdict } from './verdict.js';

/** A width×height PNG filled with one colour (valid: browsers render it). */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => rgb[i % 3]!)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const check = (kind: CheckResult['kind'], name: string, passed: boolean, expected: unknown, actual: unknown, message: string): CheckResult => ({
  kind, name, passed, expected, actual, message, decidedAfterMs: 9000,
});

function lead(i: number, input: Partial<LeadResult> & { key: string; timeToOwnerMs: number | null }): LeadResult {
  const { timeToOwnerMs, ...o } = input;
  const submittedAt = new Date(Date.UTC(2025, 0, 15, 10, 0, i * 10)).toISOString();
  const checks = o.checks ?? [
    check('record', 'record found', true, 'a contact', o.key, 'contact found 3 s after submission'),
    check('field', 'field utm_source', true, o.utm?.source ?? null, o.utm?.source ?? null, 'utm_source is set'),
    check('lifecycle', 'lifecycle', true, ['lead', 'marketingqualifiedlead'], ['lead', 'marketingqualifiedlead'], 'lead → MQL in order'),
    check('owner', 'owner', true, o.owner?.expected, o.owner?.actual, `went to ${o.owner?.actual}`),
    check('sla', 'sla', true, '5m', timeToOwnerMs, 'assigned within 5m'),
  ];
  const passed = checks.every((c) => c.passed);
  return {
    scenario: o.scenario ?? o.key,
    scenarioFile: o.scenarioFile ?? 'scenarios/routing.scenario.ts',
    email: `lp-run1-${i}@test.leadproof.example`,
    recordId: `10${i}`,
    recordIds: o.recordIds ?? [`10${i}`],
    passed,
    checks,
    timings: {
      submittedAt, foundAt: submittedAt, ownerAssignedAt: submittedAt,
      timeToOwnerMs, slaMs: 300_000, decidedAt: new Date(Date.parse(submittedAt) + 20_000).toISOString(),
    },
    landingUrl: `https://site.example/demo?utm_source=${o.utm?.source ?? ''}`,
    evidence: [],
    ...o,
  } as LeadResult;
}

export function sampleLeads(): LeadResult[] {
  return [
    lead(1, { key: 'scenarios/routing.scenario.ts#0', scenario: 'EMEA enterprise demo request from LinkedIn ads', channel: 'paid-social', branch: 'EMEA × enterprise',
      utm: { source: 'linkedin', medium: 'paid_social' }, owner: { expected: 'team EMEA Enterprise', actual: 'Anna Schmidt (EMEA Enterprise)' },
      sourceFields: { utm_source: 'linkedin', utm_campaign: null, hs_analytics_source: 'PAID_SOCIAL' }, assertedFields: ['utm_source'], timeToOwnerMs: 12_000 }),
    lead(2, { key: 'scenarios/routing.scenario.ts#1', scenario: 'NA mid-market from Google search', channel: 'paid-search', branch: 'NA × mid-market',
      utm: { source: 'google', medium: 'cpc' }, owner: { expected: 'team NA Mid-Market', actual: 'Bob <script>alert(1)</script> Jones' },
      sourceFields: { utm_source: 'google', utm_campaign: 'spring-2025', hs_analytics_source: 'PAID_SEARCH' }, assertedFields: ['utm_source'], timeToOwnerMs: 8_000 }),
    lead(3, { key: 'scenarios/edges.scenario.ts#0', scenarioFile: 'scenarios/edges.scenario.ts', scenario: 'Same person submits twice', channel: 'organic', branch: 'duplicate', edge: ['duplicate'],
      utm: { source: 'newsletter', medium: 'email' }, owner: { expected: 'team NA Mid-Market', actual: 'Bob Jones' }, timeToOwnerMs: 15_000,
      checks: [check('unique', 'unique', true, 1, 1, 'one record after two submissions'), check('owner', 'owner', true, 'team NA Mid-Market', 'Bob Jones', 'went to Bob Jones'), check('sla', 'sla', true, '5m', 15000, 'within 5m')] }),
    lead(4, { key: 'scenarios/edges.scenario.ts#1', scenarioFile: 'scenarios/edges.scenario.ts', scenario: 'Country with no territory', branch: 'unmatched territory', edge: ['unmatched-territory', 'fallback-owner'],
      owner: { expected: 'queue Default', actual: 'queue Default' }, timeToOwnerMs: 20_000 }),
    lead(5, { key: 'scenarios/edges.scenario.ts#2', scenarioFile: 'scenarios/edges.scenario.ts', scenario: 'Existing customer Globex', branch: 'existing customer', edge: ['existing-customer'],
      owner: { expected: 'account owner Carla Diaz', actual: 'queue Default' }, timeToOwnerMs: 41_000,
      checks: [{ ...check('owner', 'owner', false, 'Carla Diaz', 'queue Default', 'went to queue Default after 41 s; expected account owner Carla Diaz within 5m'), decidedBy: 'workflow Route existing customers (4711)' }, check('sla', 'sla', true, '5m', 41000, 'within 5m')] }),
  ];
}

/** Writes evidence for each lead under dir and returns the report that references it. */
export async function sampleReport(dir: string, opts: { leads?: LeadResult[]; shard?: { current: number; total: number } } = {}): Promise<RunReport> {
  const leads = opts.leads ?? sampleLeads();
  for (const l of leads) {
    const folder = `evidence/${l.key.replace(/[^a-zA-Z0-9.-]+/g, '_')}`;
    await mkdir(join(dir, folder), { recursive: true });
    const files: [string, 'screenshot' | 'payload', Buffer][] = [
      [`${folder}/screenshot.png`, 'screenshot', solidPng(64, 40, l.passed ? [40, 160, 80] : [200, 40, 40])],
      [`${folder}/payload.json`, 'payload', Buffer.from(JSON.stringify({ email: l.email, utm: l.utm ?? {} }))],
    ];
    l.evidence = [];
    for (const [path, kind, bytes] of files) {
      await writeFile(join(dir, path), bytes);
      l.evidence.push({ kind, path, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
  }
  return withVerdict({
    schemaVersion: 1,
    tool: { name: 'leadproof', version: '0.1.0' },
    runId: 'run1',
    crm: { kind: 'hubspot', account: 'sandbox-portal-123', sandbox: true, baseUrl: 'http://127.0.0.1:4010' },
    stack: { name: 'demo', file: 'fixtures/stacks/demo.yaml', sha256: 'a'.repeat(64) },
    startedAt: '2025-01-15T10:00:00.000Z',
    finishedAt: '2025-01-15T10:02:00.000Z',
    seed: 42,
    testDomain: 'test.leadproof.example',
    scenarios: [{ file: 'scenarios/routing.scenario.ts', sha256: 'b'.repeat(64) }, { file: 'scenarios/edges.scenario.ts', sha256: 'c'.repeat(64) }],
    git: { commit: 'd'.repeat(40), dirty: false },
    ...(opts.shard ? { shard: opts.shard } : {}),
    leads,
    flush: { deleted: leads.length, failed: 0, refused: 0, skipped: false, details: [] },
    figures: { apiCalls: 40, submissions: leads.length + 1, wallTimeMs: 120_000 },
  }, 120_000);
}

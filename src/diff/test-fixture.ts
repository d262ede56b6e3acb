/** Small run reports for the diff's unit tests: one lead per call, everything overridable. */
import { REPORT_SCHEMA_VERSION, type CheckResult, type LeadResult, type RunReport } from '../report/model.js';

export interface LeadSpec {
  scenario: string;
  branch?: string;
  /** Expected owner words ("team EMEA Mid-Market", an email, "queue Lead Desk Queue"). */
  expected?: string;
  /** Actual owner: a person with teams, or a queue name starting with "queue ". */
  to?: { name: string; email: string; teams: string[] } | string | null;
  lifecycle?: string[];
  fields?: Record<string, string | null>;
  timeMs?: number | null;
  slaMs?: number;
  passed?: boolean;
}

export function lead(s: LeadSpec, n = 0): LeadResult {
  const to = s.to === undefined ? { name: 'Sophie Martin', email: 'sophie.martin@acme.example', teams: ['EMEA Mid-Market'] } : s.to;
  const actual = to === null ? null : typeof to === 'string' ? to : `${to.name} <${to.email}> (${to.teams.join(', ')})`;
  const checks: CheckResult[] = [
    { name: 'owner', kind: 'owner', passed: s.passed ?? true, expected: s.expected ?? 'team EMEA Mid-Market', actual, message: s.passed === false ? `went to ${actual}; expected ${s.expected}` : `assigned to ${actual}` },
    ...(s.lifecycle ? [{ name: 'lifecycle', kind: 'lifecycle' as const, passed: true, expected: {}, actual: s.lifecycle, message: 'ok' }] : []),
  ];
  return {
    key: `scenarios/x.scenario.yaml#${n}`, scenario: s.scenario, scenarioFile: 'scenarios/x.scenario.yaml', branch: s.branch, channel: 'organic-search', form: 'demo-request',
    email: `lp.run.${n}@leadproof.test`, recordId: String(n), recordIds: [String(n)], passed: s.passed ?? true, checks,
    timings: { submittedAt: null, foundAt: null, ownerAssignedAt: null, timeToOwnerMs: s.timeMs === undefined ? 2000 : s.timeMs, slaMs: s.slaMs ?? 30_000, decidedAt: null },
    landingUrl: 'http://site/demo',
    owner: {
      expected: s.expected ?? 'team EMEA Mid-Market', actual,
      ...(to && typeof to !== 'string' ? { actualName: to.name, actualEmail: to.email, actualTeams: to.teams, actualActive: true } : {}),
    },
    sourceFields: s.fields ?? { source: 'ORGANIC_SEARCH', utm_source: null },
    evidence: [],
  };
}

export function report(leads: LeadResult[], o: { runId?: string; startedAt?: string; account?: string; stack?: string; scenarioDir?: string } = {}): RunReport {
  const failed = leads.filter((l) => !l.passed).length;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION, tool: { name: 'leadproof', version: '0.0.0' }, runId: o.runId ?? 'run-a',
    crm: { kind: 'hubspot', account: o.account ?? 'HubSpot portal 424242', sandbox: true },
    ...(o.stack ? { stack: { name: o.stack, file: `${o.stack}.stack.yaml`, sha256: 'x' } } : {}),
    startedAt: o.startedAt ?? '2026-12-01T10:00:00.000Z', finishedAt: o.startedAt ?? '2026-12-01T10:01:00.000Z', seed: 1, testDomain: 'leadproof.test',
    scenarios: [{ file: `${o.scenarioDir ?? 'scenarios'}/x.scenario.yaml`, sha256: 'x' }],
    summary: { total: leads.length, passed: leads.length - failed, failed, durationMs: 1000, verdict: failed ? 'FAILED' : 'PASSED' },
    leads, flush: { deleted: 0, failed: 0, refused: 0, skipped: true, details: [] }, figures: { apiCalls: 0, submissions: 0, wallTimeMs: 0 },
  };
}

export const EMEA_MM = 'EMEA × mid-market';
export const ELENA = { name: 'Elena Rossi', email: 'elena.rossi@acme.example', teams: ['EMEA Commercial'] };
export const JAKE = { name: 'Jake Miller', email: 'jake.miller@acme.example', teams: ['NA Enterprise'] };

/**
 * Tracer-scale bench (LEADPROOF_BENCH_MODE=trace, or part of the default run): N leads submitted
 * straight to the sandbox's HubSpot forms endpoint over HTTP at a realistic intake pace (40 per
 * 10 s, under HubSpot's 50), traced by the real Tracer through the real adapter and SDK, against
 * a stack whose routing and lifecycle workflows take 5–60 s. It measures what the browser bench
 * cannot reach in reasonable time: CRM API calls per traced lead at volume.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { createHubSpotAdapter, createHubSpotBudget } from '../src/crm/index.js';
import { fieldResolver } from '../src/expect/fields.js';
import type { PlannedLead } from '../src/scenario/plan.js';
import { DEFAULT_STACK, startSandbox } from '../src/sandbox/index.js';
import { Tracer, type LeadVerdict } from '../src/trace/tracer.js';

const DEMO_FORM = { id: 'demo-request', guid: '3f1c9a52-7d4e-4b8a-9c1d-2e5f6a7b8c01' };
/** Routing delay per branch (s); the lifecycle workflow takes 5 s, the slowest branch 60 s. */
const BRANCHES = [
  { rule: 'EMEA enterprise', country: 'DE', employees: 2500, team: 'EMEA Enterprise', delay: 10 },
  { rule: 'EMEA mid-market', country: 'FR', employees: 300, team: 'EMEA Mid-Market', delay: 20 },
  { rule: 'NA enterprise', country: 'US', employees: 2500, team: 'NA Enterprise', delay: 30 },
  { rule: 'NA mid-market', country: 'US', employees: 300, team: 'NA Mid-Market', delay: 40 },
  { rule: 'APAC', country: 'JP', employees: 500, team: 'APAC', delay: 50 },
  { rule: 'SMB round-robin', country: 'US', employees: 20, team: 'SMB', delay: 60 },
];
const WITHIN_MS = 90_000;

export interface TraceBenchFigures {
  mode: 'trace';
  leads: number;
  passed: number;
  intakePer10s: number;
  workflowDelaysS: string;
  wallTimeS: number;
  crmApiCalls: number;
  crmApiCallsPerLead: number;
  callsByKind: Record<string, number>;
  timeToOwnerMs: { p50?: number; p95?: number };
  submissionToVerdictMs: { p50?: number; p95?: number };
  sandboxRequests: Record<string, number>;
  failures: string[];
}

/** The default stack with slow workflows: every branch's routing and the MQL rules take 5–60 s. */
function slowStack(): string {
  const stack = parse(readFileSync(DEFAULT_STACK, 'utf8')) as {
    routing: { name: string; delaySeconds: number }[];
    lifecycle: { rules: { delaySeconds: number }[] };
    fallback: { delaySeconds: number };
    seed: { count: number };
  };
  for (const r of stack.routing) r.delaySeconds = BRANCHES.find((b) => b.rule === r.name)?.delay ?? 5;
  for (const r of stack.lifecycle.rules) r.delaySeconds = 5;
  stack.fallback.delaySeconds = 60;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lp-bench-trace-')), 'slow-workflows.stack.yaml');
  writeFileSync(file, stringify(stack));
  return file;
}

export async function traceBench(n: number, intakePer10s = 40): Promise<TraceBenchFigures> {
  const sb = await startSandbox({ stack: slowStack() });
  const budget = createHubSpotBudget({ label: `HubSpot portal ${sb.hubspot.portalId}` });
  const adapter = createHubSpotAdapter({ accessToken: sb.hubspot.accessToken, baseUrl: sb.hubspot.baseUrl, portalLabel: sb.hubspot.portalId, budget });
  const names = fieldResolver({ forms: {} } as never, 'hubspot', adapter.coreFields);
  // The sandbox run's default poll interval; the tracer stretches it to the leads' windows.
  const tracer = new Tracer(adapter, names, { pollMs: 1000, onRecord: () => {} });
  const leads = Array.from({ length: n }, (_, i) => benchLead(i, sb.testDomain));
  const t0 = Date.now();
  try {
    const gap = 10_000 / intakePer10s;
    for (const [i, l] of leads.entries()) {
      const due = t0 + i * gap;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const at = Date.now();
      const res = await submit(sb.url, sb.hubspot.portalId, l, i);
      if (res.ok) tracer.submitted(l, at);
      else tracer.submitFailed(l, `forms endpoint answered ${res.status}: ${await res.text()}`);
    }
    await Promise.race([tracer.drain(), new Promise((r) => setTimeout(r, 2 * WITHIN_MS + 60_000).unref())]);
  } finally {
    tracer.stop();
    await sb.stop();
  }
  const wall = Date.now() - t0;
  const verdicts = tracer.allVerdicts();
  const stats = budget.stats();
  const toOwner = sorted(verdicts.map((v) => (v.ownerAssignedAt !== null && v.submittedAt !== null ? v.ownerAssignedAt - v.submittedAt : NaN)));
  const toVerdict = sorted(verdicts.map((v) => (v.submittedAt !== null ? v.decidedAt - v.submittedAt : NaN)));
  return {
    mode: 'trace',
    leads: n,
    passed: verdicts.filter((v) => v.passed).length,
    intakePer10s,
    workflowDelaysS: '5-60',
    wallTimeS: +(wall / 1000).toFixed(1),
    crmApiCalls: adapter.apiCalls,
    crmApiCallsPerLead: +(adapter.apiCalls / n).toFixed(3),
    callsByKind: stats.byKind,
    timeToOwnerMs: { p50: pct(toOwner, 50), p95: pct(toOwner, 95) },
    submissionToVerdictMs: { p50: pct(toVerdict, 50), p95: pct(toVerdict, 95) },
    sandboxRequests: sb.stats?.() ?? {},
    failures: verdicts.filter((v) => !v.passed).slice(0, 5).map(describeFailure),
  };
}

function benchLead(i: number, testDomain: string): PlannedLead {
  const b = BRANCHES[i % BRANCHES.length];
  return {
    key: `bench#${i}`,
    seq: i + 1,
    scenarioFile: 'bench',
    submissions: 1,
    withinMs: WITHIN_MS,
    landingUrl: '',
    form: { id: DEMO_FORM.id, url: '', fields: [] } as unknown as PlannedLead['form'],
    scenario: {
      name: `Bench ${b.team}`,
      form: DEMO_FORM.id,
      expect: { owner: { team: b.team }, lifecycle: ['lead', 'marketingqualifiedlead'], fields: { utm_source: 'google' } },
    } as PlannedLead['scenario'],
    lead: { email: `lp-bench-${i}@${testDomain}`, country: b.country, employees: b.employees } as unknown as PlannedLead['lead'],
  };
}

function submit(base: string, portalId: string, l: PlannedLead, i: number): Promise<Response> {
  const b = BRANCHES[i % BRANCHES.length];
  const fields = { email: l.lead.email, firstname: 'Bench', lastname: `Lead ${i}`, company: `Bench ${i} GmbH`, country: b.country, numemployees: String(b.employees), utm_source: 'google', utm_medium: 'cpc' };
  return fetch(`${base}/submissions/v3/integration/submit/${portalId}/${DEMO_FORM.guid}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      submittedAt: Date.now(),
      fields: Object.entries(fields).map(([name, value]) => ({ objectTypeId: '0-1', name, value })),
      context: { pageUri: `${base}/demo?utm_source=google&utm_medium=cpc` },
    }),
  });
}

function describeFailure(v: LeadVerdict): string {
  return `${v.key}: ${v.checks.filter((c) => !c.passed).map((c) => c.message).join('; ')}`;
}

const sorted = (xs: number[]) => xs.filter(Number.isFinite).sort((a, b) => a - b);
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

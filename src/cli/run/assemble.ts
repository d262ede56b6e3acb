/** Builds the run report (the one model every artifact renders) from the plan and the verdicts. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { evidenceDir, FILLED_FORM_SCREENSHOT } from '../../forms/evidence.js';
import { REPORT_SCHEMA_VERSION, type Evidence, type FlushSummary, type LeadResult, type RunReport } from '../../report/model.js';
import type { PlannedLead } from '../../scenario/plan.js';
import type { LeadVerdict } from '../../trace/tracer.js';
import { withVerdict } from '../../report/verdict.js';

export function leadResult(lead: PlannedLead, v: LeadVerdict | undefined, outDir: string, tracked: boolean): LeadResult {
  const iso = (t: number | null | undefined) => (t ? new Date(t).toISOString() : null);
  const verdict: LeadVerdict = v ?? {
    key: lead.key, passed: false, recordId: null, recordIds: [], submittedAt: null, foundAt: null, ownerAssignedAt: null, decidedAt: Date.now(),
    checks: [tracked
      ? { name: 'traced', kind: 'record', passed: false, expected: 'a verdict within the window', actual: null, message: 'still being traced when the run ended (interrupted); its record is in the ledger for flush' }
      : { name: 'form submitted', kind: 'submit', passed: false, expected: 'the lead is submitted', actual: null, message: 'the lead was never submitted (the browser run ended before it, or was interrupted)' }],
  };
  const s = lead.scenario;
  return {
    key: lead.key,
    scenario: s.name,
    scenarioFile: lead.scenarioFile,
    channel: s.channel,
    branch: s.branch,
    edge: s.edge,
    form: s.form,
    country: lead.lead.country,
    employees: lead.lead.employees,
    email: lead.lead.email,
    recordId: verdict.recordId,
    recordIds: verdict.recordIds,
    passed: verdict.passed,
    checks: verdict.checks,
    timings: {
      submittedAt: iso(verdict.submittedAt),
      foundAt: iso(verdict.foundAt),
      ownerAssignedAt: iso(verdict.ownerAssignedAt),
      timeToOwnerMs: verdict.ownerAssignedAt && verdict.submittedAt ? verdict.ownerAssignedAt - verdict.submittedAt : null,
      slaMs: lead.withinMs,
      decidedAt: iso(verdict.decidedAt),
    },
    landingUrl: lead.landingUrl,
    utm: s.utm ? (Object.fromEntries(Object.entries(s.utm).filter(([, x]) => x !== undefined)) as Record<string, string>) : undefined,
    owner: verdict.owner && s.expect.owner && 'oneOf' in s.expect.owner ? { ...verdict.owner, pool: s.expect.owner.oneOf } : verdict.owner,
    sourceFields: verdict.sourceFields,
    assertedFields: verdict.assertedFields,
    evidence: collectEvidence(lead.key, outDir, verdict.passed),
  };
}

function collectEvidence(key: string, outDir: string, passed: boolean): Evidence[] {
  const dir = evidenceDir(outDir, key);
  // A failed lead's filled form comes first: it is the screenshot the report shows.
  const filled = path.join(dir, FILLED_FORM_SCREENSHOT);
  if (passed) rmSync(filled, { force: true });
  const kinds: [string, Evidence['kind']][] = [[FILLED_FORM_SCREENSHOT, 'screenshot'], ['screenshot.png', 'screenshot'], ['payload.json', 'payload']];
  return kinds
    .map(([file, kind]) => ({ file: path.join(dir, file), kind }))
    .filter((e) => existsSync(e.file))
    .map((e) => ({ kind: e.kind, path: path.relative(outDir, e.file), sha256: createHash('sha256').update(readFileSync(e.file)).digest('hex') }));
}

export function assembleReport(base: Omit<RunReport, 'schemaVersion' | 'summary' | 'leads' | 'flush' | 'finishedAt' | 'pools' | 'failureGroups'>, leads: LeadResult[], flush: FlushSummary): RunReport {
  const finishedAt = new Date().toISOString();
  return withVerdict({ schemaVersion: REPORT_SCHEMA_VERSION, ...base, finishedAt, leads, flush }, Date.parse(finishedAt) - Date.parse(base.startedAt));
}

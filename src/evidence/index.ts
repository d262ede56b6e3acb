/**
 * The evidence a run gathers for the definition-of-done items it cannot prove by leads alone
 * (src/report/evidence-hooks.ts names the files): the taxonomy lint of the scenarios it ran, the
 * routing document of this run, and the newest campaign-URL check and source baseline that
 * `leadproof campaigns` / `baseline-sources` left under the reports folder. Written into the run
 * folder before the report, so they are signed with it and the checklist shows them as proven
 * (or failed). Nothing here talks to a CRM or a browser: it reads files and the run's own report.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildRoutingDoc, renderRoutingMarkdown } from '../docs/index.js';
import { EVIDENCE_FILES } from '../report/evidence-hooks.js';
import type { RunReport } from '../report/model.js';
import type { LoadedProject } from '../scenario/load.js';
import { lintScenarios } from '../taxonomy/index.js';

export interface EvidenceInput {
  report: RunReport;
  project: LoadedProject;
  /** Where `campaigns` and `baseline-sources` write by default (`reports/`). */
  reportsDir: string;
  /** Evidence older than this is left out (the review cadence); default 30 days. */
  maxAgeMs?: number;
}

/** Writes the evidence files into `runDir`; returns one console line per file written. */
export function gatherEvidence(runDir: string, o: EvidenceInput): string[] {
  const lines: string[] = [];
  const write = (name: string, text: string, what: string) => {
    writeFileSync(path.join(runDir, name), text);
    lines.push(`[evidence] ${name}: ${what}`);
  };

  const t = o.project.taxonomy;
  if (t) {
    const r = lintScenarios(t.taxonomy, o.project.scenarios, o.project.config);
    const summary = r.errors.length
      ? `${r.errors.length} scenario problem(s) against ${t.file} (run \`npx leadproof lint\`)`
      : `${r.checked} scenario(s) follow ${t.file}${r.uncovered.length ? `; no scenario for ${r.uncovered.join(', ')}` : ''}`;
    const body = { status: r.errors.length ? 'fail' : 'pass', summary, taxonomy: t.file, channels: Object.keys(t.taxonomy.channels), uncovered: r.uncovered, errors: r.errors };
    write(EVIDENCE_FILES.taxonomy, JSON.stringify(body, null, 2) + '\n', summary);
  }

  if (o.report.leads.length) {
    const scenarios = new Map(o.project.scenarios.map((s) => [s.input.name, s.input]));
    write(EVIDENCE_FILES['routing-documented'], renderRoutingMarkdown(buildRoutingDoc(o.report, scenarios, [])), 'the routing document of this run');
  }

  const maxAge = o.maxAgeMs ?? 30 * 24 * 3600_000;
  const fresh = (at: unknown) => typeof at === 'string' && Date.now() - Date.parse(at) <= maxAge;

  const campaigns = readJson(path.join(o.reportsDir, 'campaigns', EVIDENCE_FILES['campaign-urls']));
  if (campaigns && fresh(campaigns.checkedAt)) {
    const s = campaigns.summary as { total?: number; passed?: number; failed?: number } | undefined;
    if (typeof s?.total === 'number' && typeof s.failed === 'number') {
      const summary = `${s.passed ?? s.total - s.failed} of ${s.total} campaign URL(s) ready (checked ${String(campaigns.checkedAt)})`;
      write(EVIDENCE_FILES['campaign-urls'], JSON.stringify({ ...campaigns, status: s.failed ? 'fail' : 'pass', summary }, null, 2) + '\n', summary);
    }
  }

  const baseline = readJson(path.join(o.reportsDir, EVIDENCE_FILES.baseline));
  // Only a baseline of the account this run was against (a sandbox's address changes with its
  // port, so there the kind suffices): another portal's baseline proves nothing of this one.
  const sameAccount = baseline && baseline.crm === o.report.crm.kind && baseline.sandbox === o.report.crm.sandbox && (o.report.crm.sandbox || baseline.account === o.report.crm.account);
  if (baseline && sameAccount && fresh(baseline.establishedAt) && typeof baseline.statement === 'string') {
    write(EVIDENCE_FILES.baseline, JSON.stringify({ ...baseline, status: 'pass', summary: baseline.statement }, null, 2) + '\n', baseline.statement);
  }
  return lines;
}

function readJson(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // a torn or foreign file is no evidence; the item stays not covered
  }
}

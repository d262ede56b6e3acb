/**
 * A run gathers its own evidence: the taxonomy lint of the scenarios it ran, its routing document,
 * and the newest campaign check and source baseline left under reports/ — and the four-part
 * checklist of the written report shows those items proven (or failed), signed with the run.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunArtifacts } from '../report/index.js';
import { sampleReport } from '../report/test-fixture.js';
import { loadProject } from '../scenario/load.js';
import { gatherEvidence } from './index.js';

const statusOf = (dir: string) => {
  const r = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { checklist: { id: string; status: string }[] };
  return Object.fromEntries(r.checklist.map((i) => [i.id, i.status]));
};

describe('gatherEvidence', () => {
  it('proves taxonomy, routing document, campaign URLs and baseline, and fails the item a failed campaign check stands for', async () => {
    const project = await loadProject({ scenarios: 'scenarios', taxonomy: 'taxonomy.yaml' });
    const reports = mkdtempSync(path.join(tmpdir(), 'lp-evidence-'));
    const runDir = path.join(reports, 'run');
    mkdirSync(runDir);
    const report = await sampleReport(runDir);
    mkdirSync(path.join(reports, 'campaigns'));
    const now = new Date().toISOString();
    writeFileSync(path.join(reports, 'campaigns', 'campaigns.json'), JSON.stringify({ checkedAt: now, summary: { total: 3, passed: 2, failed: 1 }, results: [] }));
    writeFileSync(path.join(reports, 'baseline-sources.json'), JSON.stringify({ establishedAt: now, crm: report.crm.kind, sandbox: report.crm.sandbox, statement: 'Baseline established on today: 300 contacts' }));

    const lines = gatherEvidence(runDir, { report, project, reportsDir: reports });
    expect(lines.map((l) => l.split(':')[0])).toEqual(['[evidence] taxonomy-lint.json', '[evidence] routing.md', '[evidence] campaigns.json', '[evidence] baseline-sources.json']);
    await writeRunArtifacts(report, runDir);
    expect(statusOf(runDir)).toMatchObject({ taxonomy: 'done', 'routing-documented': 'done', 'campaign-urls': 'failed', baseline: 'done', 'routing-alerts': 'not-covered' });
  });

  it('leaves out a stale check and a baseline of another kind of CRM, and writes no taxonomy lint without a taxonomy', async () => {
    const project = await loadProject({ scenarios: 'scenarios', taxonomy: 'taxonomy.yaml' });
    delete project.taxonomy;
    const reports = mkdtempSync(path.join(tmpdir(), 'lp-evidence-'));
    const runDir = path.join(reports, 'run');
    mkdirSync(runDir);
    const report = await sampleReport(runDir);
    mkdirSync(path.join(reports, 'campaigns'));
    writeFileSync(path.join(reports, 'campaigns', 'campaigns.json'), JSON.stringify({ checkedAt: '2020-01-01T00:00:00.000Z', summary: { total: 1, passed: 1, failed: 0 } }));
    writeFileSync(path.join(reports, 'baseline-sources.json'), JSON.stringify({ establishedAt: new Date().toISOString(), crm: report.crm.kind, sandbox: !report.crm.sandbox, statement: 'x' }));
    expect(gatherEvidence(runDir, { report, project, reportsDir: reports }).map((l) => l.split(':')[0])).toEqual(['[evidence] routing.md']);
    // A real portal's run takes only its own portal's baseline.
    const portal = { ...report, crm: { ...report.crm, sandbox: false, account: 'HubSpot portal 111' } };
    writeFileSync(path.join(reports, 'baseline-sources.json'), JSON.stringify({ establishedAt: new Date().toISOString(), crm: report.crm.kind, sandbox: false, account: 'HubSpot portal 222', statement: 'x' }));
    expect(gatherEvidence(runDir, { report: portal, project, reportsDir: reports }).map((l) => l.split(':')[0])).toEqual(['[evidence] routing.md']);
  });
});

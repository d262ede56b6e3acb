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
import { ConfigError } from '../errors.js';
import { destinationsOf, lastAlertOf, readMonitorAlerts, recordWatch, type MonitorAlertsFile, type WatchRecord } from '../monitor/watch-record.js';
import type { RunReport } from '../report/model.js';
import { classifyEvidenceFiles, gatherEvidence, judgeMonitorAlerts } from './index.js';

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
    expect(gatherEvidence(runDir, { report, project, reportsDir: reports }).map((l) => l.split(':')[0])).toEqual([
      '[evidence] routing.md', `[evidence] ${path.join(reports, 'campaigns', 'campaigns.json')} not used`, `[evidence] ${path.join(reports, 'baseline-sources.json')} not used`,
    ]);
    // A real portal's run takes only its own portal's baseline.
    const portal = { ...report, crm: { ...report.crm, sandbox: false, account: 'HubSpot portal 111' } };
    writeFileSync(path.join(reports, 'baseline-sources.json'), JSON.stringify({ establishedAt: new Date().toISOString(), crm: report.crm.kind, sandbox: false, account: 'HubSpot portal 222', statement: 'x' }));
    const lines = gatherEvidence(runDir, { report: portal, project, reportsDir: reports });
    expect(lines.filter((l) => !l.includes('not used')).map((l) => l.split(':')[0])).toEqual(['[evidence] routing.md']);
    expect(lines.join('\n')).toContain("read from HubSpot portal 222, not this run's HubSpot portal 111");
  });

  describe('monitor-alerts.json (routing-alerts)', () => {
    const SECRET = 'T000/B000/s3cr3t';
    async function setup() {
      const project = await loadProject({ scenarios: 'scenarios', taxonomy: 'taxonomy.yaml' });
      const reports = mkdtempSync(path.join(tmpdir(), 'lp-evidence-'));
      const runDir = path.join(reports, 'run');
      mkdirSync(runDir);
      const report = await sampleReport(runDir);
      const crm = { kind: report.crm.kind, account: report.crm.account, sandbox: report.crm.sandbox };
      const targets = [{ kind: 'slack' as const, url: `https://hooks.slack.com/services/${SECRET}`, label: 'Slack webhook' }];
      return { project, reports, runDir, report, crm, targets };
    }

    it('both watches on this account, with a destination and fresh: the item is proven by leadproof; no URL is written', async () => {
      const { project, reports, runDir, report, crm, targets } = await setup();
      recordWatch(reports, 'routing-failures', { by: 'leadproof monitor', crm, destinations: destinationsOf(targets), every: '1h', lastRunAt: new Date().toISOString(),
        lastAlert: lastAlertOf('failing', new Date().toISOString(), [{ target: 'slack', label: 'Slack webhook', ok: true, attempts: 1, status: 200 }]) });
      recordWatch(reports, 'default-queue', { by: 'leadproof queue-watch', crm, destinations: destinationsOf(targets), lastRunAt: new Date().toISOString() });
      expect(readFileSync(path.join(reports, 'monitor-alerts.json'), 'utf8')).not.toContain(SECRET);
      const lines = gatherEvidence(runDir, { report, project, reportsDir: reports });
      expect(lines.join('\n')).toMatch(/\[evidence\] monitor-alerts\.json: watched by leadproof: routing-failures by leadproof monitor → Slack webhook, .*last alert delivered; default-queue by leadproof queue-watch/);
      await writeRunArtifacts(report, runDir);
      expect(statusOf(runDir)['routing-alerts']).toBe('done');
      // A later pass that sends no alert keeps the last one on record.
      recordWatch(reports, 'routing-failures', { by: 'leadproof monitor', crm, destinations: destinationsOf(targets), lastRunAt: new Date().toISOString() });
      expect(readMonitorAlerts(path.join(reports, 'monitor-alerts.json'))!.watches['routing-failures']!.lastAlert).toMatchObject({ kind: 'failing', delivered: true });
    });

    it('an undelivered last alert fails the item', async () => {
      const { project, reports, runDir, report, crm, targets } = await setup();
      const now = new Date().toISOString();
      recordWatch(reports, 'routing-failures', { by: 'leadproof monitor', crm, destinations: destinationsOf(targets), lastRunAt: now,
        lastAlert: lastAlertOf('failing', now, [{ target: 'slack', label: 'Slack webhook', ok: false, attempts: 5, status: 500, error: 'HTTP 500' }]) });
      recordWatch(reports, 'default-queue', { by: 'leadproof queue-watch', crm, destinations: destinationsOf(targets), lastRunAt: now });
      gatherEvidence(runDir, { report, project, reportsDir: reports });
      await writeRunArtifacts(report, runDir);
      expect(statusOf(runDir)['routing-alerts']).toBe('failed');
    });

    it('stays for a person to attest: one watch only, another account, no destination, or stale', () => {
      const report = { crm: { kind: 'hubspot', account: 'HubSpot portal 111', sandbox: false } } as RunReport;
      const crm = report.crm;
      const now = new Date('2026-12-05T12:00:00Z');
      const w = (o: Partial<WatchRecord> = {}): WatchRecord => ({ by: 'x', crm, destinations: [{ kind: 'webhook', label: 'webhook (h.example)' }], lastRunAt: '2026-12-05T11:00:00Z', lastAlert: null, ...o });
      const judge = (watches: MonitorAlertsFile['watches']) => judgeMonitorAlerts({ schema: 'leadproof.monitor-alerts/v1', watches }, report, now);
      expect(judge({ 'routing-failures': w() })).toEqual({ why: 'no default-queue watch recorded (leadproof queue-watch records it)' });
      expect(judge({ 'routing-failures': w(), 'default-queue': w({ crm: { ...crm, account: 'HubSpot portal 222' } }) })).toMatchObject({ why: expect.stringContaining('is on HubSpot portal 222') });
      expect(judge({ 'routing-failures': w({ destinations: [] }), 'default-queue': w() })).toMatchObject({ why: expect.stringContaining('no alert destination') });
      // Fresh: within a day, or two --every periods when longer.
      expect(judge({ 'routing-failures': w({ lastRunAt: '2026-12-04T11:00:00Z' }), 'default-queue': w() })).toMatchObject({ why: expect.stringContaining('more than 24 h ago') });
      expect(judge({ 'routing-failures': w({ lastRunAt: '2026-12-04T11:00:00Z', every: '24h' }), 'default-queue': w() })).toMatchObject({ status: 'pass' });
    });
  });

  describe('run --evidence', () => {
    it('a named file replaces the default location of its kind; a missing or unknown file is a ConfigError naming it', async () => {
      const project = await loadProject({ scenarios: 'scenarios', taxonomy: 'taxonomy.yaml' });
      const reports = mkdtempSync(path.join(tmpdir(), 'lp-evidence-'));
      const runDir = path.join(reports, 'run');
      mkdirSync(runDir);
      const report = await sampleReport(runDir);
      const elsewhere = path.join(reports, 'q4', 'ads.json');
      mkdirSync(path.dirname(elsewhere));
      writeFileSync(elsewhere, JSON.stringify({ schema: 'leadproof.campaigns/v1', checkedAt: new Date().toISOString(), file: 'ads.csv', taxonomy: null, summary: { total: 2, passed: 2, failed: 0 }, results: [] }));
      expect(gatherEvidence(runDir, { report, project, reportsDir: reports })).not.toContainEqual(expect.stringContaining('campaigns.json'));
      expect(gatherEvidence(runDir, { report, project, reportsDir: reports, files: [elsewhere] })).toContainEqual('[evidence] campaigns.json: 2 of 2 campaign URL(s) ready (checked ' + JSON.parse(readFileSync(elsewhere, 'utf8')).checkedAt + ')');
      const other = path.join(reports, 'other.json');
      writeFileSync(other, '{"hello": 1}');
      expect(() => classifyEvidenceFiles([other, path.join(reports, 'nope.json')])).toThrow(ConfigError);
      let message = '';
      try {
        classifyEvidenceFiles([other, path.join(reports, 'nope.json'), elsewhere, elsewhere]);
      } catch (err) {
        message = (err as ConfigError).message;
      }
      expect(message).toContain(`${other}: --evidence: is not a campaigns.json`);
      expect(message).toContain('nope.json: --evidence: does not exist');
      expect(message).toContain('is a second campaigns.json');
    });
  });
});

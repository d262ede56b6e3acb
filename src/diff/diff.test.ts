import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLastPassed, readRun } from './baseline.js';
import { briefParts } from './brief.js';
import { diffRuns } from './compare.js';
import { diffArtifactsIn } from './finished.js';
import { buildDiff } from './outcome.js';
import { renderBriefMarkdown, renderDiffMarkdown, renderDiffSections } from './render.js';
import { EMEA_MM, ELENA, JAKE, lead, report } from './test-fixture.js';

const IRISH = 'Irish mid-market demo request';
const NA = 'NA enterprise demo request';
const run = (leads: ReturnType<typeof lead>[], o: Parameters<typeof report>[1] = {}) => ({ report: report(leads, o), dir: `reports/${o.runId ?? 'run-a'}` });

describe('diffRuns', () => {
  const base = [lead({ scenario: IRISH, branch: EMEA_MM, lifecycle: ['lead', 'marketingqualifiedlead'] }), lead({ scenario: NA, branch: 'NA × enterprise', expected: JAKE.email, to: JAKE }, 1)];

  it('finds no change between a run and itself', () => {
    const d = diffRuns(run(base), run(base));
    expect(d.changes).toEqual([]);
    expect(d.summary).toMatchObject({ changes: 0, scenariosUnchanged: 2 });
    expect(d.schema).toBe('leadproof.diff/v1');
  });

  it('names a team change, matched by scenario name even though email and record differ', () => {
    const after = [lead({ scenario: IRISH, branch: EMEA_MM, expected: 'team EMEA Commercial', to: ELENA, lifecycle: ['lead', 'marketingqualifiedlead'] }, 7), base[1]!];
    const d = diffRuns(run(base), run(after, { runId: 'run-b' }));
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]).toMatchObject({ kind: 'owner', scenario: IRISH, branch: EMEA_MM, from: 'team EMEA Mid-Market', to: 'team EMEA Commercial' });
    expect(d.changes[0]!.message).toBe(`${EMEA_MM} — "${IRISH}": owner team EMEA Mid-Market → team EMEA Commercial`);
  });

  it('treats another member of the same team or pool as rotation, not a change', () => {
    const lars = { name: 'Lars Berg', email: 'lars@acme.example', teams: ['EMEA Mid-Market'] };
    expect(diffRuns(run(base), run([lead({ scenario: IRISH, branch: EMEA_MM, to: lars, lifecycle: ['lead', 'marketingqualifiedlead'] }), base[1]!])).changes).toEqual([]);
  });

  it('compares the person when the scenario names one, and queues by name', () => {
    const anna = { name: 'Anna Schmidt', email: 'anna@acme.example', teams: ['NA Enterprise'] };
    const d = diffRuns(run([base[1]!]), run([lead({ scenario: NA, branch: 'NA × enterprise', expected: JAKE.email, to: anna, passed: false }, 1)]));
    expect(d.changes.map((c) => c.kind)).toEqual(['owner', 'verdict']);
    expect(d.changes[0]!.to).toBe('Anna Schmidt <anna@acme.example> (NA Enterprise)');
    const q = diffRuns(run([lead({ scenario: 'unmatched', expected: 'queue Lead Desk', to: 'queue Lead Desk' })]), run([lead({ scenario: 'unmatched', expected: 'queue Lead Desk', to: 'queue Partner Desk', passed: false })]));
    expect(q.changes[0]).toMatchObject({ kind: 'owner', from: 'queue Lead Desk', to: 'queue Partner Desk' });
  });

  it('names lifecycle, field and pass→fail changes; a field only one run read is not a change', () => {
    const after = lead({ scenario: IRISH, branch: EMEA_MM, lifecycle: ['lead'], fields: { source: 'OFFLINE', utm_source: null, utm_medium: 'cpc' }, passed: false });
    const d = diffRuns(run([base[0]!]), run([after]));
    expect(d.changes.map((c) => [c.kind, c.field ?? '', c.from, c.to])).toEqual([
      ['lifecycle', '', 'lead → marketingqualifiedlead', 'lead'],
      ['field', 'source', 'ORGANIC_SEARCH', 'OFFLINE'],
      ['verdict', '', 'passed', 'failed'],
    ]);
    expect(d.changes[0]!.message).toContain('ends at lead instead of marketingqualifiedlead');
  });

  it('judges time to owner against max(3 × baseline spread, 20 % of the SLA)', () => {
    const at = (ms: number, n = 0) => lead({ scenario: IRISH, branch: EMEA_MM, timeMs: ms, slaMs: 30_000 }, n);
    // One lead each: threshold 6 s (20 % of 30 s).
    expect(diffRuns(run([at(2000)]), run([at(7900)])).changes).toEqual([]);
    const slow = diffRuns(run([at(2000)]), run([at(8100)])).changes;
    expect(slow).toMatchObject([{ kind: 'time-to-owner', from: '2.0 s', to: '8.1 s', detail: { thresholdMs: 6000 } }]);
    // A volume baseline spread over 1–5 s: threshold 12 s, so 14 s median is noise-free news, 12 s is not.
    const spread = [at(1000, 0), at(3000, 1), at(5000, 2)];
    expect(diffRuns(run(spread), run([at(15_000)])).changes).toEqual([]);
    expect(diffRuns(run(spread), run([at(15_100)])).changes.map((c) => c.kind)).toEqual(['time-to-owner']);
  });

  it('tells a new or removed branch once, and a scenario added to a known branch as a scenario', () => {
    const apac = lead({ scenario: 'APAC demo', branch: 'APAC', expected: 'kenji@acme.example', to: { name: 'Kenji Sato', email: 'kenji@acme.example', teams: ['APAC'] } }, 2);
    const second = lead({ scenario: 'French mid-market contact', branch: EMEA_MM }, 3);
    const d = diffRuns(run(base), run([base[0]!, apac, second]));
    expect(d.changes.map((c) => [c.kind, c.branch])).toEqual([
      ['branch-added', 'APAC'], ['branch-removed', 'NA × enterprise'], ['scenario-added', EMEA_MM],
    ]);
    expect(d.summary).toMatchObject({ added: 2, removed: 1, scenariosUnchanged: 1 });
  });
});

describe('change brief and renderings', () => {
  const before = [lead({ scenario: IRISH, branch: EMEA_MM }), lead({ scenario: NA, branch: 'NA × enterprise', expected: JAKE.email, to: JAKE }, 1)];
  const after = [lead({ scenario: IRISH, branch: EMEA_MM, expected: 'team EMEA Commercial', to: ELENA }), before[1]!];
  const d = diffRuns(run(before, { runId: 'base-1' }), run(after, { runId: 'cur-2' }));

  it('has a part per audience, built from the runs\' data', () => {
    const parts = briefParts(d);
    expect(parts.map((p) => p.title)).toEqual(['Sales: who receives which leads', 'Support and marketing: source and attribution', 'Support and marketing: lifecycle', 'What stayed the same']);
    expect(parts[0]!.lines[0]).toBe(`${EMEA_MM} leads (organic-search, form demo-request; scenario "${IRISH}") now go to team EMEA Commercial (received by Elena Rossi <elena.rossi@acme.example>); until run base-1 they went to team EMEA Mid-Market (received by Sophie Martin <sophie.martin@acme.example>).`);
    expect(parts[0]!.table!.rows).toEqual([[EMEA_MM, IRISH, 'team EMEA Commercial', '2.0 s', '30 s'], ['NA × enterprise', NA, 'Jake Miller <jake.miller@acme.example> (NA Enterprise)', '2.0 s', '30 s']]);
    expect(parts[3]!.lines).toEqual([`NA × enterprise — "${NA}" goes to Jake Miller <jake.miller@acme.example> (NA Enterprise), owner after 2.0 s (SLA 30 s), passed in both runs.`]);
  });

  it('renders Markdown tables and escaped HTML sections', () => {
    expect(renderDiffMarkdown(d)).toContain(`| ${EMEA_MM} | ${IRISH} | owner | team EMEA Mid-Market | team EMEA Commercial |`);
    expect(renderBriefMarkdown(d)).toMatch(/^# Change brief: run cur-2 compared with run base-1/);
    const evil = diffRuns(run(before), run([lead({ scenario: '<script>x</script>', branch: EMEA_MM })]));
    const html = renderDiffSections(evil).map((s) => s.html).join('');
    expect(html).not.toContain('<script>');
    expect(renderDiffSections(d).map((s) => [s.id, s.title])).toEqual([['changes', 'Changes since base-1'], ['change-brief', 'Change brief']]);
  });
});

describe('last-passed', () => {
  it('is the newest run on the same account and scenario folders in which nothing failed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-diff-'));
    const put = (id: string, r: ReturnType<typeof report>) => {
      mkdirSync(path.join(dir, id));
      writeFileSync(path.join(dir, id, 'report.json'), JSON.stringify(r));
    };
    const ok = [lead({ scenario: IRISH })];
    const bad = [lead({ scenario: IRISH, passed: false })];
    put('old', report(ok, { runId: 'old', startedAt: '2026-12-01T08:00:00.000Z' }));
    put('good', report(ok, { runId: 'good', startedAt: '2026-12-01T09:00:00.000Z', stack: 'other-stack' }));
    put('failed', report(bad, { runId: 'failed', startedAt: '2026-12-01T10:00:00.000Z' }));
    put('other-account', report(ok, { runId: 'other-account', startedAt: '2026-12-01T11:00:00.000Z', account: 'HubSpot portal 1' }));
    put('other-suite', report(ok, { runId: 'other-suite', startedAt: '2026-12-01T12:00:00.000Z', scenarioDir: 'monitor' }));
    put('current', report(ok, { runId: 'current', startedAt: '2026-12-01T13:00:00.000Z' }));
    const like = report(ok);
    expect(findLastPassed(dir, like, 'current')?.report.runId).toBe('good');
    expect(findLastPassed(dir, { ...like, crm: { ...like.crm, account: 'HubSpot portal 9' } })).toBeNull();
  });
});

describe('readRun', () => {
  it('refuses a folder without report.json or with a foreign one, naming it (exit 2)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-diff-'));
    expect(() => readRun(dir, '<run dir>')).toThrow(/<run dir>: is not a finished run folder \(no report.json\)/);
    writeFileSync(path.join(dir, 'report.json'), JSON.stringify({ tool: { name: 'other' } }));
    expect(() => readRun(dir, '<run dir>')).toThrow(/report\.json: <run dir>: cannot be compared: not a leadproof run report/);
  });
});

describe('diffArtifactsIn', () => {
  it('gives back the sections and files a run folder holds, for re-rendering (sign)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-diff-'));
    expect(diffArtifactsIn(dir)).toEqual({});
    const out = buildDiff(run([lead({ scenario: IRISH, branch: EMEA_MM })]), run([lead({ scenario: IRISH, branch: EMEA_MM, expected: 'team EMEA Commercial', to: ELENA })], { runId: 'run-b' }));
    for (const f of out.files) writeFileSync(path.join(dir, f.name), f.text);
    const again = diffArtifactsIn(dir);
    expect(again.extraFiles).toEqual(out.files);
    expect(again.sections).toEqual(out.sections);
  });
});

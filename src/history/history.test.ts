import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { aggregate, percentile } from './aggregate.js';
import { collectRuns } from './collect.js';
import { parseSince } from './options.js';
import { renderHistoryHtml } from './render.js';
import { writeFixtureRun } from './test-fixture.js';
import { writeHistory } from './write.js';

let reports: string;

beforeAll(async () => {
  reports = await mkdtemp(join(tmpdir(), 'lp-history-'));
  await writeFixtureRun(join(reports, 'r1'), { runId: 'r1', startedAt: '2026-11-01T10:00:00.000Z', times: [12_000, 8_000, 15_000, 20_000, 41_000] });
  await writeFixtureRun(join(reports, 'r2'), { runId: 'r2', startedAt: '2026-11-08T10:00:00.000Z', times: [30_000, 8_000, 15_000, 20_000, null] });
  await writeFixtureRun(join(reports, 'r3'), { runId: 'r3', startedAt: '2026-11-15T10:00:00.000Z', pass: true, signedOffAt: '2026-11-16T09:30:00.000Z' });
  // A sharded run: both shard folders and the merged report are in the tree.
  await writeFixtureRun(join(reports, 'shard-1'), { runId: 'sharded', startedAt: '2026-11-20T10:00:00.000Z', shard: { current: 1, total: 2 } });
  await writeFixtureRun(join(reports, 'shard-2'), { runId: 'sharded', startedAt: '2026-11-20T10:00:05.000Z', shard: { current: 2, total: 2 } });
  await writeFixtureRun(join(reports, 'merged'), { runId: 'sharded', startedAt: '2026-11-20T10:00:00.000Z', mergedFrom: [{ runId: 'sharded', shard: { current: 1, total: 2 } }, { runId: 'sharded', shard: { current: 2, total: 2 } }] });
  await writeFixtureRun(join(reports, 'prod'), { runId: 'p1', startedAt: '2026-11-10T10:00:00.000Z', account: 'portal-999', sandbox: false, pass: true });
  await mkdir(join(reports, 'foreign'));
  await writeFile(join(reports, 'foreign', 'report.json'), JSON.stringify({ name: 'some other tool', tests: 3 }));
  await mkdir(join(reports, 'torn'));
  await writeFile(join(reports, 'torn', 'report.json'), '{"schemaVersion": 1, "tool"');
});

const history = (o: { since?: Date; account?: string } = {}) => {
  const c = collectRuns(reports);
  return aggregate(c.runs, { reportsDir: reports, outDir: reports, skipped: c.skipped, ...o });
};

describe('history aggregation', () => {
  it('puts production and sandbox runs in separate sections, production first', () => {
    const h = history();
    expect(h.schema).toBe('leadproof.history/v1');
    expect(h.sections.map((s) => [s.crm.sandbox, s.crm.account, s.runs.map((r) => r.runId)])).toEqual([
      [false, 'portal-999', ['p1']],
      [true, 'sandbox-portal-123', ['r1', 'r2', 'r3', 'sharded']],
    ]);
  });

  it('computes the pass rate per run, oldest first', () => {
    const runs = history().sections[1]!.runs;
    expect(runs.map((r) => [r.runId, r.passed, r.total, r.passRate, r.verdict])).toEqual([
      ['r1', 4, 5, 0.8, 'FAILED'], ['r2', 4, 5, 0.8, 'FAILED'], ['r3', 5, 5, 1, runs[2]!.verdict], ['sharded', 4, 5, 0.8, 'FAILED'],
    ]);
    expect(runs[2]!.verdict).not.toBe('FAILED');
  });

  it('counts a merged sharded run once and not its shard folders', () => {
    const runs = history().sections[1]!.runs;
    expect(runs.filter((r) => r.runId === 'sharded')).toHaveLength(1);
    expect(runs.at(-1)!.mergedFrom).toEqual(['sharded', 'sharded']);
    expect(runs.at(-1)!.dir).toBe('merged');
  });

  it('keeps a suite that gained a scenario file in one section, and a monitor folder in its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-history-suite-'));
    await writeFixtureRun(join(dir, 'a'), { runId: 'a', startedAt: '2026-11-01T10:00:00.000Z', scenarios: ['scenarios/routing.scenario.ts'] });
    // b also hashed a taxonomy.yaml from the repository root: not a scenario folder.
    await writeFixtureRun(join(dir, 'b'), { runId: 'b', startedAt: '2026-11-02T10:00:00.000Z', scenarios: ['scenarios/routing.scenario.ts', 'scenarios/new.scenario.yaml', 'taxonomy.yaml'] });
    await writeFixtureRun(join(dir, 'm'), { runId: 'm', startedAt: '2026-11-03T10:00:00.000Z', scenarios: ['monitor/one-per-branch.scenario.yaml'] });
    const h = aggregate(collectRuns(dir).runs, { reportsDir: dir, outDir: dir });
    expect(h.sections.map((s) => [s.scenarios, s.runs.map((r) => r.runId)])).toEqual([[['monitor'], ['m']], [['scenarios'], ['a', 'b']]]);
  });

  it('reads a report from before the three-state verdict, deriving its verdict from the counts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-history-old-'));
    await writeFixtureRun(join(dir, 'a'), { runId: 'a', startedAt: '2026-11-01T10:00:00.000Z', noVerdict: true });
    await writeFixtureRun(join(dir, 'b'), { runId: 'b', startedAt: '2026-11-02T10:00:00.000Z', noVerdict: true, pass: true });
    const c = collectRuns(dir);
    expect(c.skipped).toEqual([]);
    expect(aggregate(c.runs, { reportsDir: dir, outDir: dir }).sections[0]!.runs.map((r) => [r.runId, r.verdict])).toEqual([['a', 'FAILED'], ['b', 'PASSED']]);
  });

  it('keeps a shard whose siblings were never merged, marked as a shard', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-history-shard-'));
    await writeFixtureRun(join(dir, 'a'), { runId: 'lone', startedAt: '2026-11-20T10:00:00.000Z', shard: { current: 1, total: 2 } });
    const runs = aggregate(collectRuns(dir).runs, { reportsDir: dir, outDir: dir }).sections[0]!.runs;
    expect(runs.map((r) => [r.runId, r.shard])).toEqual([['lone', '1/2']]);
  });

  it('gives time to owner per branch per run as nearest-rank p50 and p95, counting leads never assigned', async () => {
    expect([percentile([8, 12, 15, 20, 41], 50), percentile([8, 12, 15, 20, 41], 95), percentile([], 50), percentile([7], 95)]).toEqual([15, 41, null, 7]);
    const dir = await mkdtemp(join(tmpdir(), 'lp-history-branch-'));
    await writeFixtureRun(join(dir, 'a'), { runId: 'a', startedAt: '2026-11-01T10:00:00.000Z', branch: 'EMEA', times: [12_000, 8_000, 15_000, 20_000, 41_000] });
    await writeFixtureRun(join(dir, 'b'), { runId: 'b', startedAt: '2026-11-02T10:00:00.000Z', branch: 'EMEA', times: [5_000, 6_000, null, 7_000, 9_000] });
    const [emea] = aggregate(collectRuns(dir).runs, { reportsDir: dir, outDir: dir }).sections[0]!.branches;
    expect(emea!.branch).toBe('EMEA');
    expect(emea!.points.map((p) => [p.runId, p.p50, p.p95, p.n, p.unassigned])).toEqual([['a', 15_000, 41_000, 5, 0], ['b', 6_000, 9_000, 4, 1]]);
    // In the shared fixture each branch has one lead a run: p50 = p95 = its time.
    const na = history().sections[1]!.branches.find((b) => b.branch === 'NA × mid-market')!;
    expect(na.points.map((p) => [p.runId, p.p50, p.p95])).toEqual([['r1', 8_000, 8_000], ['r2', 8_000, 8_000], ['r3', 8_000, 8_000], ['sharded', 8_000, 8_000]]);
    expect(na.slaMs).toBe(300_000);
  });

  it('groups failures by cause across runs, with runs, leads and the last time seen', () => {
    const causes = history().sections[1]!.causes;
    expect(causes).toEqual([{
      cause: 'existing customer routes to queue Default; expected Carla Diaz', kind: 'owner', branch: 'existing customer',
      runs: 3, leads: 3, firstSeen: '2026-11-01T10:00:00.000Z', lastSeen: '2026-11-20T10:00:00.000Z', lastRunId: 'sharded',
    }]);
  });

  it('lists sign-offs with their date and approver', () => {
    const h = history();
    expect(h.sections[1]!.signOffs).toEqual([{ runId: 'r3', approvedAt: '2026-11-16T09:30:00.000Z', approver: 'Dana Ops', role: 'RevOps lead', verdict: h.sections[1]!.runs[2]!.verdict }]);
    expect(h.sections[1]!.runs.map((r) => r.signed)).toEqual([false, false, true, false]);
    expect(h.sections[0]!.signOffs).toEqual([]);
  });

  it('skips a foreign and a torn report.json with the file named, and reads the rest', () => {
    const skipped = history().skipped;
    expect(skipped.map((s) => [s.file.slice(reports.length + 1), s.reason.split(' (')[0]])).toEqual([
      [join('foreign', 'report.json'), 'not a leadproof run report'],
      [join('torn', 'report.json'), 'not JSON'],
    ]);
  });

  it('counts a copied run folder once, names the copy, and skips a report whose failure groups are malformed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-history-copy-'));
    await writeFixtureRun(join(dir, 'r1'), { runId: 'r1', startedAt: '2026-11-01T10:00:00.000Z', times: [12_000] });
    await writeFixtureRun(join(dir, 'zz-archive', 'r1'), { runId: 'r1', startedAt: '2026-11-01T10:00:00.000Z', times: [12_000] });
    await writeFixtureRun(join(dir, 'bad'), { runId: 'bad', startedAt: '2026-11-02T10:00:00.000Z', times: [12_000] });
    const badFile = join(dir, 'bad', 'report.json');
    await writeFile(badFile, JSON.stringify({ ...JSON.parse(await readFile(badFile, 'utf8')), failureGroups: [{ cause: 7 }] }));
    const c = collectRuns(dir);
    expect(c.runs.map((r) => r.report.runId)).toEqual(['r1']);
    expect(c.skipped.map((s) => [s.file.slice(dir.length + 1), s.reason.split(' (')[0]])).toEqual([
      [join('bad', 'report.json'), 'failureGroups.0.cause: Invalid input: expected string, received number'],
      [join('zz-archive', 'r1', 'report.json'), 'a copy of run r1'],
    ]);
  });

  it('filters by --since and --account', () => {
    expect(history({ since: new Date('2026-11-09T00:00:00Z') }).sections.map((s) => s.runs.map((r) => r.runId))).toEqual([['p1'], ['r3', 'sharded']]);
    expect(history({ account: 'PORTAL-999' }).sections.map((s) => s.crm.account)).toEqual(['portal-999']);
    const now = new Date('2026-11-23T00:00:00Z');
    expect(parseSince('30d', now).toISOString()).toBe('2026-10-24T00:00:00.000Z');
    expect(parseSince('2026-11-01').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(() => parseSince('last month')).toThrow(/--since: "last month" is not a date/);
  });
});

describe('history page', () => {
  it('draws a branch SLA line when a run came near it, and names it instead when it is far above', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-history-sla-'));
    await writeFixtureRun(join(dir, 'a'), { runId: 'a', startedAt: '2026-11-01T10:00:00.000Z', times: [200_000, 8_000, 15_000, 20_000, 41_000] });
    const html = renderHistoryHtml(aggregate(collectRuns(dir).runs, { reportsDir: dir, outDir: dir }));
    const branch = (name: string) => html.split(`data-branch="${name}"`)[1]!.split('</svg>')[0]!;
    expect(branch('EMEA × enterprise')).toContain('<line class="rule"');
    expect(branch('EMEA × enterprise')).not.toContain('above every point');
    expect(branch('NA × mid-market')).not.toContain('<line class="rule"');
    expect(branch('NA × mid-market')).toContain('SLA 5.0 min, above every point');
    // Runs within two days: the axis names the time, not just the day (both ends would read alike).
    expect(branch('NA × mid-market')).toContain('>1 Nov 2026, 10:00:00 UTC</text>');
    expect(renderHistoryHtml(history())).toMatch(/>1 Nov 2026<\/text>.*>20 Nov 2026<\/text>/);
  });
});

describe('writeHistory', () => {
  it('writes history.html and a versioned history.json beside it, warning about skipped files', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const res = await writeHistory(reports, { now: new Date('2026-11-23T00:00:00Z') });
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/skipped .*foreign.report\.json: not a leadproof run report/),
      expect.stringMatching(/skipped .*torn.report\.json: not JSON/),
    ]);
    warn.mockRestore();
    expect(res.runs).toBe(5);
    const json = JSON.parse(await readFile(join(reports, 'history.json'), 'utf8'));
    expect(json.schema).toBe('leadproof.history/v1');
    const html = await readFile(join(reports, 'history.html'), 'utf8');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('refuses an empty reports folder and a filter that leaves no run, writing nothing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'lp-history-empty-'));
    await expect(writeHistory(empty)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/No runs to show; nothing written[\s\S]*no leadproof run report \(report\.json\) found/) });
    await expect(readFile(join(empty, 'history.html'))).rejects.toThrow();
    await expect(writeHistory(reports, { account: 'nope', out: join(empty, 'h.html') })).rejects.toThrow(/none matching --account nope \(accounts: .*portal-999/);
    await expect(writeHistory(join(empty, 'missing'))).rejects.toThrow(/no such folder/);
    await expect(writeHistory(reports, { out: join(empty, 'history.json') })).rejects.toThrow(/--out: ".*history\.json" must end in \.html/);
    await expect(readFile(join(empty, 'history.json'))).rejects.toThrow();
  });
});

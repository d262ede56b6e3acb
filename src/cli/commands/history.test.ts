/** The real `history` command over run folders in a temp folder: exit codes and the files it writes. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/e2e/harness.js';
import { writeFixtureRun } from '../../history/test-fixture.js';
import { readableTime } from '../../report/html/time.js';
import { writeRunArtifacts } from '../../report/index.js';
import { sampleLeads, sampleReport } from '../../report/test-fixture.js';
import { indexRunFolder } from '../../ledger/run-index.js';

let tmp: string;
let reports: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lp-history-cli-'));
  reports = join(tmp, 'reports');
  await writeFixtureRun(join(reports, 'r1'), { runId: 'r1', startedAt: '2026-11-01T10:00:00.000Z' });
  // A real signed run, signed off by a second key with the real commands.
  expect((await runCli(['keygen', '--out', join(tmp, 'builder')])).code).toBe(0);
  expect((await runCli(['keygen', '--out', join(tmp, 'approver'), '--algorithm', 'ed25519'])).code).toBe(0);
  const r2 = join(reports, 'r2');
  const report = await sampleReport(r2, { leads: sampleLeads().filter((l) => l.passed) });
  Object.assign(report, { runId: 'r2', startedAt: '2026-11-09T10:00:00.000Z' });
  await writeRunArtifacts(report, r2, { signingKeyPath: join(tmp, 'builder/leadproof.key') });
  const signed = await runCli(['sign-off', r2, '--key', join(tmp, 'approver/leadproof.key'), '--name', 'Dana', '--role', 'revenue-leader', '--title', 'VP Revenue']);
  expect(signed.code, signed.stderr).toBe(0);
  // A run written outside the reports folder (run --out elsewhere) is found through the run index.
  const outside = join(tmp, 'elsewhere', 'r3');
  await writeFixtureRun(outside, { runId: 'r3', startedAt: '2026-11-15T10:00:00.000Z', pass: true });
  indexRunFolder(reports, outside, 'r3');
  await mkdir(join(reports, 'other-tool'));
  await writeFile(join(reports, 'other-tool', 'report.json'), JSON.stringify({ stats: { passes: 3 } }));
});

describe('leadproof history', () => {
  it('writes history.html and history.json from every run folder, warning about a foreign report.json without a stack trace', async () => {
    const res = await runCli(['history', reports]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`History of 3 run(s) in 1 section(s) → ${join(reports, 'history.html')} and ${join(reports, 'history.json')}`);
    expect(res.stdout).toMatch(/sandbox sandbox-portal-123 stack demo, scenarios from scenarios: 3 run\(s\), last \w+, 1 failure cause\(s\), 1 sign-off\(s\)/);
    expect(res.stderr).toContain(`leadproof: skipped ${join(reports, 'other-tool', 'report.json')}: not a leadproof run report.`);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    const json = JSON.parse(await readFile(join(reports, 'history.json'), 'utf8'));
    expect(json.schema).toBe('leadproof.history/v1');
    expect(json.sections[0].runs.map((r: { runId: string; signed: boolean }) => [r.runId, r.signed])).toEqual([['r1', false], ['r2', true], ['r3', false]]);
    const approval = JSON.parse(Buffer.from(JSON.parse(await readFile(join(reports, 'r2', 'approvals', (await readdir(join(reports, 'r2', 'approvals')))[0]!), 'utf8')).payload, 'base64').toString('utf8'));
    expect(json.sections[0].signOffs).toEqual([{ runId: 'r2', approvedAt: approval.predicate.approvedAt, approver: 'Dana', role: 'revenue-leader, VP Revenue', verdict: 'INCOMPLETE' }]);
    const html = await readFile(join(reports, 'history.html'), 'utf8');
    expect(html).toContain(readableTime(approval.predicate.approvedAt));
  });

  it('takes --out, --since and --account', async () => {
    const out = join(tmp, 'review', 'november.html');
    const res = await runCli(['history', reports, '--out', out, '--since', '2026-11-05', '--account', 'sandbox-portal-123']);
    expect(res.code, res.stderr).toBe(0);
    const json = JSON.parse(await readFile(join(tmp, 'review', 'november.json'), 'utf8'));
    expect(json.filters).toEqual({ since: '2026-11-05T00:00:00.000Z', account: 'sandbox-portal-123' });
    expect(json.sections[0].runs.map((r: { runId: string }) => r.runId)).toEqual(['r2', 'r3']);
    expect(existsSync(out)).toBe(true);
  });

  it('exits 2 with a message and writes nothing for an empty folder, a filter leaving no run, or a bad --since', async () => {
    const empty = join(tmp, 'empty');
    await mkdir(empty);
    const none = await runCli(['history', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No runs to show; nothing written\.\n.*no leadproof run report \(report\.json\) found in .*Run `npx leadproof run` first/);
    expect(existsSync(join(empty, 'history.html'))).toBe(false);
    const filtered = await runCli(['history', reports, '--account', 'portal-999', '--out', join(empty, 'h.html')]);
    expect(filtered.code).toBe(2);
    expect(filtered.stderr).toMatch(/3 run\(s\) found, none matching --account portal-999 \(accounts: sandbox-portal-123\)/);
    expect(existsSync(join(empty, 'h.html'))).toBe(false);
    const bad = await runCli(['history', reports, '--since', 'last month']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since: "last month" is not a date or a number of days; use e\.g\. --since 30d/);
    for (const r of [none, filtered, bad]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

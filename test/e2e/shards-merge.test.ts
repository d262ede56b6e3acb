/**
 * Scale-out: three shards of one volume run (`--shard i/3`, with `--replay`) run at once as three
 * real CLI processes against ONE standalone sandbox, each signing its report; `leadproof merge`
 * verifies them with the shards' public key and writes one signed report whose figures are the
 * shards' added up — leads, passes, failures, submissions, per-branch totals — and that matches
 * what the sandbox itself counted.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { allContacts, DEMO_CONFIG, hubspotEnv, runCli, scenarioDir, testContacts, withSandbox } from './harness.js';

const perBranch = (r: RunReport) => {
  const out: Record<string, { leads: number; passed: number }> = {};
  for (const l of r.leads) {
    const b = (out[l.scenario] ??= { leads: 0, passed: 0 });
    b.leads += 1;
    if (l.passed) b.passed += 1;
  }
  return out;
};

it('three shards against one sandbox merge into one signed report whose figures add up', async () => {
  const dir = scenarioDir({
    'leadproof.config.yaml': DEMO_CONFIG,
    'x.scenario.yaml': [
      'name: X NA mid-market demo request at volume',
      'form: demo-request',
      'utm: { source: google, medium: cpc, campaign: shards }',
      'lead: { country: US, employees: 300 }',
      'volume: 6',
      'expect:',
      '  fields: { utm_campaign: shards }',
      '  owner: { team: NA Mid-Market }',
      '  within: 30s',
    ].join('\n'),
    // A deliberately wrong expectation: EMEA enterprise routes to EMEA Enterprise, so every lead of
    // this branch fails, and the merged pass count must leave them out.
    'y.scenario.yaml': [
      'name: Y EMEA enterprise expected at mid-market',
      'form: demo-request',
      'lead: { country: DE, employees: 2500 }',
      'volume: 3',
      'expect:',
      '  owner: { team: EMEA Mid-Market }',
      '  within: 5s',
    ].join('\n'),
  });
  const keys = mkdtempSync(path.join(tmpdir(), 'lp-shard-keys-'));
  expect((await runCli(['keygen', '--out', keys])).code).toBe(0);
  const key = path.join(keys, 'leadproof.key');
  const pub = path.join(keys, 'leadproof.pub');
  const sb = await withSandbox();
  try {
    const outs = [1, 2, 3].map(() => mkdtempSync(path.join(tmpdir(), 'lp-shard3-out-')));
    const runs = await Promise.all([1, 2, 3].map((i) =>
      runCli(['run', '--scenarios', dir, '--volume', '--replay', '--shard', `${i}/3`, '--workers', '1', '--out', outs[i - 1]!, '--signing-key', key, '--seed', '11'], {
        env: hubspotEnv(sb),
        onStdout: process.env.LEADPROOF_E2E_VERBOSE ? (c) => process.stderr.write(`[shard ${i}] ${c}`) : undefined,
      })));
    const shards = outs.map((o) => JSON.parse(readFileSync(path.join(o, 'report.json'), 'utf8')) as RunReport);
    for (const [i, r] of runs.entries()) {
      // Y's leads fail on purpose: each shard is FAILED (exit 1), not broken.
      expect(r.code, r.stdout.slice(-3000) + r.stderr).toBe(1);
      expect(shards[i]!.summary).toMatchObject({ total: 3, passed: 2, failed: 1 });
      expect(shards[i]!.leads.map((l) => l.via)).toEqual(['browser', 'replay', 'browser']);
    }
    expect(new Set(shards.map((s) => s.runId)).size).toBe(3);

    const merged = path.join(mkdtempSync(path.join(tmpdir(), 'lp-merged-')), 'merged');
    const m = await runCli(['merge', ...outs, '--out', merged, '--signing-key', key, '--shard-key', pub]);
    expect(m.code, m.stdout + m.stderr).toBe(1);
    expect(m.stdout).toContain('FAILED: 6 of 9 leads passed across 3 shards');
    const report = JSON.parse(readFileSync(path.join(merged, 'report.json'), 'utf8')) as RunReport;
    const sum = (f: (r: RunReport) => number) => shards.reduce((n, r) => n + f(r), 0);
    expect(report.summary).toMatchObject({ total: sum((r) => r.summary.total), passed: sum((r) => r.summary.passed), failed: sum((r) => r.summary.failed), verdict: 'FAILED' });
    expect(report.summary).toMatchObject({ total: 9, passed: 6, failed: 3 });
    expect(report.figures.submissions).toBe(sum((r) => r.figures.submissions));
    expect(report.figures.apiCalls).toBe(sum((r) => r.figures.apiCalls));
    expect(report.figures.submissions).toBe(9);
    expect(sb.stats!()['hubspot:forms']).toBe(9);
    expect(perBranch(report)).toEqual({
      'X NA mid-market demo request at volume': { leads: 6, passed: 6 },
      'Y EMEA enterprise expected at mid-market': { leads: 3, passed: 0 },
    });
    for (const [name, b] of Object.entries(perBranch(report))) {
      expect(shards.reduce((n, s) => n + (perBranch(s)[name]?.leads ?? 0), 0)).toBe(b.leads);
      expect(shards.reduce((n, s) => n + (perBranch(s)[name]?.passed ?? 0), 0)).toBe(b.passed);
    }
    expect(report.leads.filter((l) => l.via === 'replay')).toHaveLength(3);
    expect(report.failureGroups?.map((g) => g.count)).toEqual([3]);
    expect(report.mergedFrom?.map((s) => s.shard)).toEqual([{ current: 1, total: 3 }, { current: 2, total: 3 }, { current: 3, total: 3 }]);
    const v = await runCli(['verify', merged, '--key', pub]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(testContacts(await allContacts(sb), sb.testDomain)).toEqual([]);
  } finally {
    await sb.stop();
  }
}, 420_000);

/**
 * The README's main path: `leadproof run` with no credentials starts the embedded sandbox
 * in-process; with a signing key the run's attestation verifies offline, and a changed byte
 * in the report makes verification fail naming the file.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { runCli } from './harness.js';

it('runs on the embedded sandbox, signs, and verifies offline', async () => {
  const keys = mkdtempSync(path.join(tmpdir(), 'lp-keys-'));
  const out = mkdtempSync(path.join(tmpdir(), 'lp-run-'));
  expect((await runCli(['keygen', '--out', keys])).code).toBe(0);
  const r = await runCli(['run', '--grep', 'LinkedIn|stays a lead', '--out', out, '--signing-key', path.join(keys, 'leadproof.key'), '--seed', '7']);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  // Three leads prove only part of the definition of done: nothing failed, the rest is not covered.
  expect(r.stdout).toMatch(/^INCOMPLETE: 3 of 3 leads passed every check/m);
  expect(r.stdout).toContain('(sandbox)');
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
  expect(report.crm.sandbox).toBe(true);
  expect(report.flush).toMatchObject({ deleted: 3, failed: 0, refused: 0, skipped: false });
  expect(report.leads.every((l) => l.evidence.some((e) => e.kind === 'screenshot'))).toBe(true);
  // Each lead carries the CRM's value of every source field the run asserts anywhere and of the
  // CRM's standard source fields, and which of them its own scenario asserts.
  const apac = report.leads.find((l) => l.scenario.startsWith('APAC'))!;
  expect(apac.assertedFields).toEqual(['source']);
  expect(apac.sourceFields, JSON.stringify(apac.sourceFields)).toMatchObject({ source: 'PAID_SEARCH', utm_source: 'google' });
  expect(Object.keys(apac.sourceFields!)).toEqual(expect.arrayContaining(['utm_campaign', 'hs_analytics_source_data_1']));
  expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('google <span class="tag">not checked</span>');
  for (const f of ['report.html', 'junit.xml', 'attestation.dsse.json', 'ledger.jsonl', 'playwright-report/index.html']) expect(existsSync(path.join(out, f)), f).toBe(true);

  const ok = await runCli(['verify', out, '--key', path.join(keys, 'leadproof.pub')]);
  expect(ok.code, ok.stdout + ok.stderr).toBe(0);
  appendFileSync(path.join(out, 'junit.xml'), ' ');
  const bad = await runCli(['verify', out, '--key', path.join(keys, 'leadproof.pub')]);
  expect(bad.code).toBe(1);
  expect(bad.stdout + bad.stderr).toContain('junit.xml');
});

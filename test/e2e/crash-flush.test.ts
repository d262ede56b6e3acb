/**
 * A crash never leaves test records a later flush cannot find: the CLI is killed (SIGKILL, no
 * cleanup) right after its first submission; `leadproof flush --run <id>` then removes every
 * test record, and the pre-seeded records are untouched.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { allContacts, DEMO_CONFIG, hubspotEnv, runCli, scenarioDir, testContacts, withSandbox, type ContactRow } from './harness.js';

let sb: SandboxHandle;
let seeded: ContactRow[];
beforeAll(async () => {
  sb = await withSandbox();
  seeded = await allContacts(sb);
});
afterAll(() => sb.stop());

const scenario = (n: number) => `
name: Crash lead ${n}
form: demo-request
utm: { source: google, medium: cpc, campaign: crash-${n} }
lead: { country: US, employees: 2000 }
expect:
  owner: { email: jake.miller@acme-funnel.example }
  within: 60s
`;

it('flush --orphans finds and deletes what a killed run created', async () => {
  const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'a.scenario.yaml': scenario(1), 'b.scenario.yaml': scenario(2), 'c.scenario.yaml': scenario(3) });
  const reports = mkdtempSync(path.join(tmpdir(), 'lp-reports-'));
  const env = hubspotEnv(sb);
  const run = runCli(['run', '--scenarios', dir, '--workers', '1'], { env, cwd: reports });
  const ledgerFile = await waitFor(() => {
    const runDir = existsSync(path.join(reports, 'reports')) ? readdirSync(path.join(reports, 'reports'))[0] : undefined;
    const f = runDir && path.join(reports, 'reports', runDir, 'ledger.jsonl');
    return f && existsSync(f) && readFileSync(f, 'utf8').includes('"type":"submitted"') ? f : undefined;
  });
  run.kill('SIGKILL');
  const r = await run;
  expect(r.code).not.toBe(0);
  const runId = path.basename(path.dirname(ledgerFile));
  // The kill left test records behind, and the ledger did not record a flush.
  const left = await waitFor(async () => {
    const t = testContacts(await allContacts(sb), sb.testDomain);
    return t.length > 0 ? t : undefined;
  });
  expect(left.length).toBeGreaterThan(0);
  expect(readFileSync(ledgerFile, 'utf8')).not.toContain('flush-done');

  const orphans = await runCli(['flush', '--orphans'], { env, cwd: reports });
  expect(orphans.code).toBe(0);
  expect(orphans.stdout).toContain(`${runId}: ${left.length} deleted, 0 failed`);
  const after = await allContacts(sb);
  expect(testContacts(after, sb.testDomain)).toEqual([]);
  expect(after).toEqual(seeded);

  const again = await runCli(['flush', '--orphans'], { env, cwd: reports });
  expect(again.stdout).toContain('Nothing to flush');
});

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out waiting');
}

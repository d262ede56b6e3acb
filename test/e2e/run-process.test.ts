/**
 * The run as a process: a CRM that never answers ends it (exit 3, bounded), two runs racing for
 * one --out give exactly one run, the CLI's death ends its browsers, and only the CLI process
 * holds the CRM token.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { allContacts, DEMO_CONFIG, hubspotEnv, runCli, scenarioDir, testContacts, withSandbox } from './harness.js';

let sb: SandboxHandle;
beforeAll(async () => {
  sb = await withSandbox();
});
afterAll(() => sb.stop());

const scenario = (n: number, within = '60s') => `
name: Process lead ${n}
form: demo-request
utm: { source: google, medium: cpc, campaign: proc-${n} }
lead: { country: US, employees: 2000 }
expect:
  owner: { email: jake.miller@acme-funnel.example }
  within: ${within}
`;

/** A TCP server on 127.0.0.1 that accepts every connection, reads the request and never answers. */
async function blackHole(): Promise<{ url: string; server: Server; accepted: () => number; open: Set<Socket> }> {
  const open = new Set<Socket>();
  let accepted = 0;
  const server = createServer((s) => {
    accepted++;
    open.add(s);
    s.resume();
    s.on('error', () => undefined);
    s.on('close', () => open.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, accepted: () => accepted, open };
}

it('a CRM that accepts connections and never answers ends the run with exit 3, saying so, and creates nothing', async () => {
  const hole = await blackHole();
  try {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'a.scenario.yaml': scenario(1) });
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'lp-bh-')), 'run');
    const r = await Promise.race([
      runCli(['run', '--scenarios', dir, '--out', out], { env: { ...hubspotEnv(sb), HUBSPOT_BASE_URL: hole.url, LEADPROOF_CRM_TIMEOUT_MS: '300' } }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the run did not end within 60 s')), 60_000)),
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toMatch(/the CRM did not answer a \w+ request within 0\.3 s \(3 attempts; LEADPROOF_CRM_TIMEOUT_MS=300\)/);
    expect(hole.accepted()).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false); // nothing created, and the --out claim given back
  } finally {
    hole.server.close();
    for (const s of hole.open) s.destroy();
  }
}, 90_000);

it('two runs started together on one --out: exactly one runs, the other is refused with exit 2 before doing anything', async () => {
  const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'a.scenario.yaml': scenario(1, '30s') });
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'lp-race-')), 'shared');
  const env = hubspotEnv(sb);
  const args = ['run', '--scenarios', dir, '--out', out, '--keep', '--workers', '1'];
  const [a, b] = await Promise.all([runCli(args, { env }), runCli(args, { env })]);
  const [won, lost] = a.code === 2 ? [b, a] : [a, b];
  expect(won.code, won.stdout + won.stderr).toBe(0);
  expect(lost.code, lost.stdout + lost.stderr).toBe(2);
  expect(lost.stderr).toMatch(/shared: --out: is being used by run \d{8}-\d{6}-[0-9a-f]{4} \(pid \d+/);
  expect(lost.stdout).not.toContain('lead(s) from'); // refused before loading the target or planning leads
  // One run's lead in the CRM (--keep), one run header in the ledger.
  const ledger = readFileSync(path.join(out, 'ledger.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; runId?: string });
  const runs = ledger.filter((e) => e.type === 'run');
  expect(runs).toHaveLength(1);
  const left = testContacts(await allContacts(sb), sb.testDomain);
  expect(left).toHaveLength(1);
  expect(left[0]!.properties.email).toContain(runs[0]!.runId!.toLowerCase());
  expect(existsSync(path.join(out, '.leadproof-run.lock'))).toBe(false);
}, 180_000);

/**
 * Flush acts only on ledgers it can trust and only against the configured CRM, and it does not
 * forget leads that were still on their way: a planted ledger naming another host gets no request
 * at all; a ledger without a run id deletes nothing; a record that lands after the first flush is
 * deleted by the later `flush --orphans`; and a run whose --out was outside the reports folder is
 * still found.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { allContacts, DEMO_CONFIG, hubspotEnv, runCli, scenarioDir, testContacts, withSandbox } from './harness.js';

let sb: SandboxHandle;
let env: Record<string, string>;
beforeAll(async () => {
  sb = await withSandbox();
  // Short waits so the test stays quick; the deadline stays well in the future.
  env = { ...hubspotEnv(sb), LEADPROOF_FLUSH_WAIT_MS: '300', LEADPROOF_ARRIVAL_WINDOW_MS: '600000' };
});
afterAll(() => sb.stop());

const DEMO_FORM = '3f1c9a52-7d4e-4b8a-9c1d-2e5f6a7b8c01';
const account = () => `HubSpot portal ${new URL(sb.hubspot.baseUrl).host}`;
const email = (runId: string, n: number) => `lp.${runId}.${n}.ann@${sb.testDomain}`;

/** A run folder with a ledger written by hand, as a hostile or damaged folder would hold. */
function plantLedger(reports: string, name: string, header: Record<string, unknown>, emails: string[]): string {
  const dir = path.join(reports, name);
  mkdirSync(dir, { recursive: true });
  const lines = [{ type: 'run', at: new Date().toISOString(), crm: 'hubspot', account: account(), baseUrl: sb.hubspot.baseUrl, sandbox: false, testDomain: sb.testDomain, ...header }];
  for (const e of emails) lines.push({ type: 'intent', at: new Date().toISOString(), key: e, email: e, scenario: 's' } as never);
  writeFileSync(path.join(dir, 'ledger.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return dir;
}

/** Creates a contact the way a browser would: through the sandbox's forms endpoint. */
async function submitForm(address: string): Promise<void> {
  const fields = { firstname: 'Ann', lastname: 'Late', company: 'Acme', country: 'US', numemployees: '2500', email: address };
  const res = await fetch(`${sb.url}/submissions/v3/integration/submit/${sb.hubspot.portalId}/${DEMO_FORM}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ submittedAt: String(Date.now()), fields: Object.entries(fields).map(([name, value]) => ({ objectTypeId: '0-1', name, value })), context: { pageUri: `${sb.siteUrl}/demo` } }),
  });
  expect(res.status).toBe(200);
}

const contactsOf = async (runId: string) => (await allContacts(sb)).filter((c) => (c.properties.email ?? '').startsWith(`lp.${runId}.`));

it('a planted ledger naming another host gets no request carrying the token: refused by name, exit 1', async () => {
  const requests: string[] = [];
  const counter: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"results":[],"status":"COMPLETE"}');
  });
  await new Promise<void>((r) => counter.listen(0, '127.0.0.1', r));
  try {
    const elsewhere = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
    const reports = mkdtempSync(path.join(tmpdir(), 'lp-reports-'));
    const dir = plantLedger(reports, 'sent-to-me', { runId: '20261122-101010-eeee', baseUrl: elsewhere, account: `HubSpot portal ${new URL(elsewhere).host}` }, [email('20261122-101010-eeee', 1)]);
    const r = await runCli(['flush', '--orphans', '--reports', reports], { env });
    expect(requests).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path.join(dir, 'ledger.jsonl'));
    expect(r.stderr).toContain(elsewhere);
    expect(r.stderr).toContain(sb.hubspot.baseUrl.replace(/\/+$/, ''));
  } finally {
    counter.close();
  }
});

it('a ledger without a run id deletes nothing: refused with file and line, exit 1', async () => {
  const runId = '20261122-101010-aaaa';
  const planted = [email(runId, 1), email(runId, 2)];
  for (const e of planted) await submitForm(e);
  expect(await contactsOf(runId)).toHaveLength(2);
  const reports = mkdtempSync(path.join(tmpdir(), 'lp-reports-'));
  const dir = plantLedger(reports, 'no-run-id', {}, planted);
  const r = await runCli(['flush', '--run', dir], { env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`${path.join(dir, 'ledger.jsonl')}:1: the run header has no valid runId`);
  expect(await contactsOf(runId)).toHaveLength(2);
});

it('an intent without a submission whose record lands after the first flush: the ledger stays open, and flush --orphans deletes it later', async () => {
  const runId = '20261122-101010-bbbb';
  const reports = mkdtempSync(path.join(tmpdir(), 'lp-reports-'));
  const dir = plantLedger(reports, runId, { runId }, [email(runId, 1)]);
  const first = await runCli(['flush', '--run', dir], { env });
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(new RegExp(`${runId}: 1 lead\\(s\\) may still arrive until \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z; run \`npx leadproof flush --run ${dir}\` after that`));
  expect(readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8')).toContain('"type":"pending-until"');

  // The form request that was in flight reaches the CRM only now.
  await submitForm(email(runId, 1));
  expect(await contactsOf(runId)).toHaveLength(1);
  const later = await runCli(['flush', '--orphans', '--reports', reports], { env });
  expect(later.code).toBe(0);
  expect(later.stdout).toContain(`${runId}: 1 deleted, 0 failed, 0 refused`);
  expect(await contactsOf(runId)).toEqual([]);
  const again = await runCli(['flush', '--orphans', '--reports', reports], { env });
  expect(again.stdout).toContain('Nothing to flush');
});

it('flush --orphans finds a run whose --out was outside the reports folder', async () => {
  const scenarios = scenarioDir({
    'leadproof.config.yaml': DEMO_CONFIG,
    'a.scenario.yaml': 'name: Outside lead\nform: demo-request\nutm: { source: google, medium: cpc, campaign: outside }\nlead: { country: US, employees: 2000 }\nexpect:\n  owner: { email: jake.miller@acme-funnel.example }\n  within: 60s\n',
  });
  const work = mkdtempSync(path.join(tmpdir(), 'lp-work-'));
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'lp-out-')), 'run');
  const run = await runCli(['run', '--scenarios', scenarios, '--out', out, '--keep', '--workers', '1'], { env, cwd: work });
  expect(run.code, run.stdout + run.stderr).toBeLessThanOrEqual(1);
  expect(existsSync(path.join(out, 'ledger.jsonl'))).toBe(true);
  const runId = JSON.parse(readFileSync(path.join(out, 'ledger.jsonl'), 'utf8').split('\n')[0]).runId as string;
  expect(await contactsOf(runId)).toHaveLength(1);

  const r = await runCli(['flush', '--orphans'], { env, cwd: work });
  expect(r.stdout).toContain(`Looked for ledgers in ${path.join(work, 'reports')}`);
  expect(r.stdout).toContain(`${runId}: 1 deleted`);
  expect(r.code).toBe(0);
  expect(testContacts(await contactsOf(runId), sb.testDomain)).toEqual([]);
});

/**
 * A proxy in front of the sandbox's site whose form endpoint holds each submission until
 * released: the form backend that answers only after the CLI is gone.
 */
async function delayingProxy(): Promise<{ url: string; held: () => number; release: () => Promise<void>; close: () => void }> {
  const held: { path: string; body: Buffer }[] = [];
  const read = (req: IncomingMessage) => new Promise<Buffer>((r) => { const c: Buffer[] = []; req.on('data', (d: Buffer) => c.push(d)).on('end', () => r(Buffer.concat(c))); });
  let url = '';
  const server = createServer(async (req, res) => {
    const body = await read(req);
    if (req.method === 'POST' && req.url?.startsWith('/submissions/')) {
      held.push({ path: req.url, body }); // never answered: the caller dies waiting
      return;
    }
    const upstream = await fetch(`${sb.url}${req.url}`, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? 'text/plain' }, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body) });
    const type = upstream.headers.get('content-type') ?? 'application/octet-stream';
    let out = Buffer.from(await upstream.arrayBuffer());
    if (type.startsWith('text/html')) out = Buffer.from(out.toString('utf8').split(sb.url).join(url));
    res.writeHead(upstream.status, { 'content-type': type }).end(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    held: () => held.length,
    release: async () => {
      for (const h of held.splice(0)) await fetch(`${sb.url}${h.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: h.body.toString('utf8') });
    },
    close: () => server.close(),
  };
}

/** A one-lead run whose form post the proxy holds back; resolves once the post is held. */
async function lateRun(proxy: Awaited<ReturnType<typeof delayingProxy>>, name: string) {
  const scenarios = scenarioDir({
    'leadproof.config.yaml': DEMO_CONFIG,
    'a.scenario.yaml': `name: ${name}\nform: demo-request\nutm: { source: google, medium: cpc, campaign: late }\nlead: { country: US, employees: 2000 }\nexpect:\n  owner: { email: jake.miller@acme-funnel.example }\n  within: 60s\n`,
  });
  const work = mkdtempSync(path.join(tmpdir(), 'lp-work-'));
  const run = runCli(['run', '--scenarios', scenarios, '--workers', '1'], { env: { ...env, LEADPROOF_SITE_URL: proxy.url }, cwd: work });
  await waitFor(() => (proxy.held() > 0 ? true : undefined));
  const runDir = () => path.join(work, 'reports', readdirSync(path.join(work, 'reports'))[0]);
  return { run, work, runDir };
}

/** The held post lands at last; the run's record is there until `flush --orphans` deletes it. */
async function landThenFlush(proxy: Awaited<ReturnType<typeof delayingProxy>>, work: string, runId: string): Promise<void> {
  await proxy.release();
  expect(await contactsOf(runId)).toHaveLength(1);
  const later = await runCli(['flush', '--orphans'], { env, cwd: work });
  expect(later.stdout).toContain(`${runId}: 1 deleted, 0 failed, 0 refused`);
  expect(later.code).toBe(0);
  expect(await contactsOf(runId)).toEqual([]);
}

it('a form backend that answers only after the CLI was killed: flush --orphans keeps the ledger open, then deletes the late record', async () => {
  const proxy = await delayingProxy();
  try {
    const { run, work, runDir } = await lateRun(proxy, 'Late lead');
    run.kill('SIGKILL');
    await run;
    const ledgerText = readFileSync(path.join(runDir(), 'ledger.jsonl'), 'utf8');
    expect(ledgerText).toContain('"type":"intent"');
    expect(ledgerText).not.toContain('"type":"submitted"');
    const runId = path.basename(runDir());

    const first = await runCli(['flush', '--orphans'], { env, cwd: work });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${runId}: 1 lead(s) may still arrive until `);
    expect(first.stdout).toContain('run `npx leadproof flush --orphans` after that');
    await landThenFlush(proxy, work, runId); // the form backend answers at last
  } finally {
    proxy.close();
  }
});

it('only the browser side died, and the CLI flushed by itself: it keeps the ledger open, and flush --orphans deletes the late record', async () => {
  const proxy = await delayingProxy();
  try {
    const { run, work, runDir } = await lateRun(proxy, 'Late lead 2');
    // Kill only the Playwright runner (a descendant of the CLI we started, found by its pid).
    const runner = descendants(run.pid!).find((p) => p.args.includes('@playwright/test') || p.args.includes('playwright/cli'));
    expect(runner, 'the Playwright runner process').toBeDefined();
    process.kill(runner!.pid, 'SIGKILL');
    const r = await run;
    expect(r.stdout).toMatch(/1 lead\(s\) may still arrive until \S+; run `npx leadproof flush --orphans` after that/);
    const runId = path.basename(runDir());
    expect(readFileSync(path.join(runDir(), 'ledger.jsonl'), 'utf8')).toContain('"type":"pending-until"');
    await landThenFlush(proxy, work, runId);
  } finally {
    proxy.close();
  }
});

function descendants(pid: number): { pid: number; args: string }[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).split('\n').map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l)).filter((m) => m !== null);
  const out: { pid: number; args: string }[] = [];
  const walk = (parent: number) => {
    for (const m of rows) if (Number(m[2]) === parent) { out.push({ pid: Number(m[1]), args: m[3] }); walk(Number(m[1])); }
  };
  walk(pid);
  return out;
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out waiting');
}

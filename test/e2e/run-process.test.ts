/**
 * The run as a process: a CRM that never answers ends it (exit 3, bounded), two runs racing for
 * one --out give exactly one run, the CLI's death ends its browsers, and only the CLI process
 * holds the CRM token.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
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

/**
 * A TCP proxy in front of the sandbox's API that can turn into a black hole: connections are
 * then accepted and never answered (open ones are cut, so keep-alive sockets cannot go on).
 */
async function switchableProxy(target: string): Promise<{ url: string; silence(on: boolean): void; close(): void }> {
  const upstream = new URL(target);
  let silent = false;
  const live = new Set<Socket>();
  const server = createServer((client) => {
    live.add(client);
    client.on('close', () => live.delete(client));
    client.on('error', () => undefined);
    if (silent) return void client.resume();
    const up = connect(Number(upstream.port), upstream.hostname);
    up.on('error', () => client.destroy());
    client.on('close', () => up.destroy());
    up.on('close', () => client.destroy());
    client.pipe(up).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    silence(on) {
      silent = on;
      if (on) for (const c of live) c.destroy();
    },
    close() {
      server.close();
      for (const c of live) c.destroy();
    },
  };
}

it('a CRM that stops answering mid-run ends the run with exit 3 (tracer and flush bounded), and flush --run removes the records once it answers', async () => {
  const proxy = await switchableProxy(sb.hubspot.baseUrl);
  try {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'a.scenario.yaml': scenario(1, '60s') });
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'lp-silent-')), 'run');
    const env = { ...hubspotEnv(sb), HUBSPOT_BASE_URL: proxy.url, LEADPROOF_CRM_TIMEOUT_MS: '500' };
    const run = runCli(['run', '--scenarios', dir, '--out', out, '--workers', '1', '--poll', '500'], { env });
    await waitFor(() => (existsSync(path.join(out, 'ledger.jsonl')) && readFileSync(path.join(out, 'ledger.jsonl'), 'utf8').includes('"type":"submitted"') ? true : undefined), 90_000, 'the submission');
    proxy.silence(true);
    const r = await Promise.race([run, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the run did not end within 90 s of the CRM going silent')), 90_000))]);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/the CRM did not answer a \w+ request within 0\.5 s/);
    expect(r.stderr).toContain('flush failed');
    expect(readFileSync(path.join(out, 'ledger.jsonl'), 'utf8')).not.toContain('flush-done');
    // The record is in the CRM, and the ledger still knows it.
    expect(testContacts(await allContacts(sb), sb.testDomain)).toHaveLength(1);
    proxy.silence(false);
    const flushed = await runCli(['flush', '--run', out], { env });
    expect(flushed.code, flushed.stdout + flushed.stderr).toBe(0);
    expect(testContacts(await allContacts(sb), sb.testDomain)).toEqual([]);
  } finally {
    proxy.close();
  }
}, 240_000);

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

/** Processes of this user whose environment holds `marker` (the run's plan file path). */
function processesWith(marker: string): { pid: number; cmd: string; env: string }[] {
  const out: { pid: number; cmd: string; env: string }[] = [];
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const env = readFileSync(`/proc/${d}/environ`, 'utf8');
      if (!env.includes(marker)) continue;
      out.push({ pid: Number(d), cmd: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 200), env });
    } catch {
      // not ours, or exited while scanning
    }
  }
  return out;
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const isChromium = (p: { cmd: string }) => /chrom/i.test(p.cmd) && !/node/.test(p.cmd.split(' ')[0]!);

it('SIGKILL of the CLI (only the CLI process) ends its Playwright runner, workers and Chromium within seconds', async () => {
  const files: Record<string, string> = { 'leadproof.config.yaml': DEMO_CONFIG };
  for (let i = 1; i <= 6; i++) files[`s${i}.scenario.yaml`] = scenario(i, '30s');
  const dir = scenarioDir(files);
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'lp-kill-')), 'run');
  const marker = `LEADPROOF_PLAN=${path.join(out, 'plan.json')}`;
  const run = runCli(['run', '--scenarios', dir, '--out', out, '--workers', '1'], { env: hubspotEnv(sb) });
  // The browser phase: a Chromium of this run is up.
  await waitFor(() => (processesWith(marker).some(isChromium) ? true : undefined), 90_000, 'a Chromium of the run');
  process.kill(run.pid!, 'SIGKILL');
  // Not `await run`: its output pipes stay open as long as anything of the browser side lives.
  await waitFor(() => (existsSync(`/proc/${run.pid}`) ? undefined : true), 10_000, 'the CLI to die');
  // Safety net, not a duration check: the runner polls for its parent every 250 ms.
  const left = await waitFor(() => {
    const ps = processesWith(marker);
    return ps.length === 0 ? ps : undefined;
  }, 10_000, 'the browser side to end').catch(() => processesWith(marker));
  expect(left.map((p) => `${p.pid} ${p.cmd}`)).toEqual([]);
  expect((await run).code).not.toBe(0);
  // Whatever the dead run submitted stays findable by flush (the ledger is there).
  expect(existsSync(path.join(out, 'ledger.jsonl'))).toBe(true);
  await runCli(['flush', '--run', out], { env: hubspotEnv(sb) });
}, 180_000);

it('the Playwright runner, its workers and every Chromium get no CRM token or other secret', async () => {
  const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'a.scenario.yaml': scenario(1, '30s') });
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'lp-env-')), 'run');
  const marker = `LEADPROOF_PLAN=${path.join(out, 'plan.json')}`;
  const env: Record<string, string> = { ...hubspotEnv(sb), SF_PASSWORD: 'hunter2-sf-password', MY_SERVICE_API_KEY: 'my-api-key-value', LEADPROOF_SIGNING_PASSPHRASE: 'sign-passphrase' };
  const secrets = [env.HUBSPOT_ACCESS_TOKEN, env.SF_PASSWORD, env.MY_SERVICE_API_KEY, env.LEADPROOF_SIGNING_PASSPHRASE];
  const seen = new Map<number, { cmd: string; env: string }>();
  const run = runCli(['run', '--scenarios', dir, '--out', out, '--workers', '1'], { env });
  const cliEnv = readFileSync(`/proc/${run.pid}/environ`, 'utf8');
  const watch = setInterval(() => {
    for (const p of processesWith(marker)) seen.set(p.pid, p);
  }, 100);
  const r = await run.finally(() => clearInterval(watch));
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(cliEnv).toContain(`HUBSPOT_ACCESS_TOKEN=${env.HUBSPOT_ACCESS_TOKEN}`); // the CLI has it ...
  const browserSide = [...seen.values()];
  expect(browserSide.some(isChromium), browserSide.map((p) => p.cmd).join('\n')).toBe(true); // ... the runner, workers and Chromium were seen ...
  expect(browserSide.length).toBeGreaterThanOrEqual(3);
  for (const p of browserSide) for (const s of secrets) expect(p.env.includes(s), `${s} in the environment of ${p.cmd}`).toBe(false); // ... and none has a secret
}, 180_000);

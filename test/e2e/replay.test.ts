/**
 * `run --volume --replay` against a standalone sandbox, one run for every assertion: branch A's
 * first lead goes through the browser and its two siblings are replayed over HTTP from the
 * captured request (same hidden UTMs, fresh visitor cookie, page-view beacon first), and they land
 * in the CRM with the same source fields as their browser twin; branch B's form carries a per-page
 * nonce, so replay is refused for it with a warning and its second lead goes through the browser.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { RunReport } from '../../src/report/model.js';
import { DEFAULT_STACK, type SandboxHandle } from '../../src/sandbox/index.js';
import { allContacts, DEMO_CONFIG, hubspotEnv, runCli, scenarioDir, testContacts, withSandbox, type CliResult } from './harness.js';

let sb: SandboxHandle;
let run: CliResult;
let report: RunReport;
let out: string;
let stats: Record<string, number>;

beforeAll(async () => {
  const stack = parse(readFileSync(DEFAULT_STACK, 'utf8')) as { forms: Record<string, unknown>[]; seed: { count: number } };
  const demo = stack.forms.find((f) => f.id === 'demo-request')!;
  stack.forms.push({ ...demo, id: 'demo-secure', guid: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a09', page: '/demo-secure', title: 'Request a demo (protected)', nonce: true });
  stack.seed.count = 20;
  const stackFile = path.join(mkdtempSync(path.join(tmpdir(), 'lp-replay-stack-')), 'nonce.stack.yaml');
  writeFileSync(stackFile, stringify(stack));
  const config = DEMO_CONFIG + DEMO_CONFIG.split('\n').slice(2).join('\n').replace('demo-request:', 'demo-secure:').replace('url: /demo', 'url: /demo-secure');
  const dir = scenarioDir({
    'leadproof.config.yaml': config,
    'a.scenario.yaml': [
      'name: A newsletter demo request at volume',
      'form: demo-request',
      'utm: { source: newsletter, medium: email, campaign: replay-q4 }',
      'lead: { country: US, employees: 300 }',
      'volume: 3',
      'expect:',
      '  fields: { utm_campaign: replay-q4, hs_analytics_source: EMAIL_MARKETING }',
      '  owner: { team: NA Mid-Market }',
      '  within: 30s',
    ].join('\n'),
    'b.scenario.yaml': [
      'name: B organic demo request on a nonce form',
      'form: demo-secure',
      'referrer: https://www.google.com/',
      'lead: { country: US, employees: 300 }',
      'volume: 2',
      'expect:',
      '  fields: { hs_analytics_source: ORGANIC_SEARCH }',
      '  owner: { team: NA Mid-Market }',
      '  within: 30s',
    ].join('\n'),
  });
  sb = await withSandbox(stackFile);
  out = mkdtempSync(path.join(tmpdir(), 'lp-replay-out-'));
  run = await runCli(['run', '--scenarios', dir, '--volume', '--replay', '--workers', '2', '--out', out], { env: hubspotEnv(sb) });
  stats = sb.stats!();
  if (!existsSync(path.join(out, 'report.json'))) throw new Error(`no report (exit ${run.code}):\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
  report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
}, 180_000);

afterAll(async () => {
  await sb?.stop();
});

const branch = (name: string) => report.leads.filter((l) => l.scenario.startsWith(name));

describe('run --volume --replay', () => {
  it('replays a branch from its browser lead and every lead passes', () => {
    expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\[replay\] "A newsletter demo request at volume": 2 lead\(s\) over HTTP from lp\.\S+'s json POST \/submissions\/v3\/integration\/submit\/424242\/3f1c9a52-7d4e-4b8a-9c1d-2e5f6a7b8c01, fresh hubspotutk each, 1 page-view beacon\(s\) first/);
    expect(branch('A').map((l) => l.via)).toEqual(['browser', 'replay', 'replay']);
    expect(report.summary).toMatchObject({ total: 5, passed: 5, failed: 0 });
    expect(report.figures.submissions).toBe(5);
    expect(stats['hubspot:forms']).toBe(5);
    expect(run.stdout).toContain('Replay: 2 of 5 leads were sent over HTTP');
    // A volume run lists failed leads one by one and the passing ones as one line, replayed counted.
    expect(run.stdout).toContain('✓ 5 lead(s) passed every check (2 replayed)');
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('<td data-via="replay">replayed</td>');
  });

  it('replayed leads land with the same source fields as their browser twin, each as its own visitor', () => {
    const [twin, ...replayed] = branch('A');
    expect(twin!.sourceFields).toMatchObject({ utm_campaign: 'replay-q4', hs_analytics_source: 'EMAIL_MARKETING' });
    for (const l of replayed) {
      expect(l.sourceFields).toEqual(twin!.sourceFields);
      expect(l.email).not.toBe(twin!.email);
      expect(l.recordId).not.toBe(twin!.recordId);
    }
    // The template keeps the browser lead's visitor id; every replayed lead got a fresh one (beacons: one per lead).
    const templates = readdirSync(path.join(out, 'replay'));
    expect(templates).toHaveLength(1);
    expect(stats['hubspot:beacon']).toBeGreaterThanOrEqual(5);
  });

  it('writes each replayed lead to the ledger before it is sent', () => {
    const entries = readFileSync(path.join(out, 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; key?: string });
    for (const l of branch('A').slice(1)) {
      const intent = entries.findIndex((e) => e.type === 'intent' && e.key === l.key);
      const sent = entries.findIndex((e) => e.type === 'submitted' && e.key === l.key);
      expect(intent).toBeGreaterThanOrEqual(0);
      expect(sent).toBeGreaterThan(intent);
    }
  });

  it('refuses replay for a form with a per-page nonce and sends that branch through the browser', async () => {
    expect(run.stderr).toContain('leadproof: warning: no replay for "B organic demo request on a nonce form": its page carries a per-page token field (form_nonce); all its 2 leads go through the browser.');
    expect(branch('B').map((l) => [l.via, l.passed])).toEqual([['browser', true], ['browser', true]]);
    // Refusing was right: the endpoint takes only a token its page issued, once.
    const res = await fetch(`${sb.url}/submissions/v3/integration/submit/424242/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a09`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: [{ name: 'email', value: 'someone@example.com' }, { name: 'form_nonce', value: 'made-up.token' }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('INVALID_NONCE');
  });

  it('leaves nothing in the CRM', async () => {
    expect(existsSync(path.join(out, 'replay'))).toBe(true);
    expect(testContacts(await allContacts(sb), sb.testDomain)).toEqual([]);
  });
});

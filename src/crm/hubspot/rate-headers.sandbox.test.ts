/**
 * The HubSpot budget learns the portal's real limit from X-HubSpot-RateLimit-* headers and holds
 * off when other integrations of the portal use it up — through the real SDK against the sandbox.
 * The sandbox's window is shortened to 1 s (stack `rateLimit.intervalMs`) so this stays quick.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STACK, startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import { createHubSpotAdapter } from './adapter.js';
import { createHubSpotBudget } from './client.js';

let sb: SandboxHandle;
beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'lp-rl-')), 'small.stack.yaml');
  // A portal allowing 50 calls per 1 s window, while leadproof is configured for 190 per window.
  writeFileSync(file, readFileSync(DEFAULT_STACK, 'utf8').replace('perTenSeconds: 190', 'perTenSeconds: 50\n  intervalMs: 1000').replace('count: 300', 'count: 20'));
  sb = await startSandbox({ stack: file });
});
afterAll(() => sb?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rejected = () => sb.stats!()['hubspot:429'] ?? 0;

function adapterWithBudget(share?: number) {
  const budget = createHubSpotBudget({ label: 'HubSpot portal test', share, minBackoffMs: 1, maxBackoffMs: 5 });
  const adapter = createHubSpotAdapter({ accessToken: sb.hubspot.accessToken, baseUrl: sb.hubspot.baseUrl, budget });
  const read = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => adapter.findByEmails([`nobody${i}@leadproof.test`], [], [])));
  return { budget, read };
}

describe('HubSpot budget learning the portal limit from response headers', () => {
  it('uses 80 % of the limit the portal reports when it is below the configured one, and draws no 429', async () => {
    const { budget, read } = adapterWithBudget();
    expect(budget.limitNow).toEqual({ maxPerInterval: 152, intervalMs: 10_000 });
    const before = rejected();
    await read(90);
    expect(budget.reportedLimit).toEqual({ max: 50, intervalMs: 1000 });
    expect(budget.limitNow).toEqual({ maxPerInterval: 40, intervalMs: 1000 });
    expect(rejected()).toBe(before);
    expect(budget.stats().rateLimited).toBe(0);
  });

  it('holds off when another integration leaves only the reserve in Remaining', async () => {
    const { budget, read } = adapterWithBudget();
    await read(1); // learn the limit
    await sleep(1_100);
    const before = rejected();
    sb.hubspot.consumeRateLimit!(35);
    await read(60);
    expect(rejected()).toBe(before);
    expect(budget.stats().rateLimited).toBe(0);
  });

  it('gives a shard its share of the budget and of what the portal reports', async () => {
    const { budget, read } = adapterWithBudget(1 / 2);
    expect(budget.limitNow.maxPerInterval).toBe(76);
    await read(1);
    expect(budget.limitNow).toEqual({ maxPerInterval: 20, intervalMs: 1000 });
  });
});

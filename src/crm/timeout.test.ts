import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RateBudget } from './budget.js';
import { createAdapter } from './index.js';
import { CrmTimeoutError } from '../errors.js';
import { crmTimeoutMs, DEFAULT_CRM_TIMEOUT_MS, TIMEOUT_RETRIES } from './timeout.js';
import { salesforceSession } from './salesforce/login.js';

/** A TCP server that accepts every connection and never answers. */
async function blackHole(): Promise<{ url: string; open: Set<Socket>; accepted: () => number; server: Server }> {
  const open = new Set<Socket>();
  let accepted = 0;
  const server = createServer((s) => {
    accepted++;
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined);
    s.resume(); // read (and drop) the request, so the client's close is seen
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, open, accepted: () => accepted, server };
}

async function until(probe: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const servers: Server[] = [];
afterEach(() => {
  delete process.env.LEADPROOF_CRM_TIMEOUT_MS;
  for (const s of servers.splice(0)) s.close();
});

describe('CRM call timeout', () => {
  it('reads LEADPROOF_CRM_TIMEOUT_MS, defaults to 30 s, and refuses a bad value', () => {
    expect(crmTimeoutMs({})).toBe(DEFAULT_CRM_TIMEOUT_MS);
    expect(crmTimeoutMs({ LEADPROOF_CRM_TIMEOUT_MS: '1500' })).toBe(1500);
    expect(() => crmTimeoutMs({ LEADPROOF_CRM_TIMEOUT_MS: '2s' })).toThrow(/LEADPROOF_CRM_TIMEOUT_MS: "2s" must be a whole number of milliseconds/);
  });

  it('a call that never answers is retried a bounded number of times, then fails as a timeout', async () => {
    const budget = new RateBudget({ label: 'Test CRM', maxPerInterval: 100, intervalMs: 10_000, classify: () => ({ action: 'abort', reason: 'x' }), minBackoffMs: 1, maxBackoffMs: 2, timeoutMs: 30 });
    const err = await budget.run('read', () => new Promise<never>(() => undefined)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmTimeoutError);
    expect((err as CrmTimeoutError).code).toBe('CRM_TIMEOUT');
    expect((err as CrmTimeoutError).exitCode).toBe(3);
    expect((err as Error).message).toContain('Test CRM: the CRM did not answer a read request within 0.0 s');
    expect(budget.stats().total).toBe(TIMEOUT_RETRIES + 1);
  });

  it('an answer in time is not affected', async () => {
    const budget = new RateBudget({ label: 'Test CRM', maxPerInterval: 100, intervalMs: 10_000, classify: () => ({ action: 'abort', reason: 'x' }), timeoutMs: 5_000 });
    await expect(budget.run('read', async () => 42)).resolves.toBe(42);
  });

  it('the real HubSpot SDK against a black-hole CRM: exit-3 error, and every socket it opened is closed', async () => {
    const hole = await blackHole();
    servers.push(hole.server);
    process.env.LEADPROOF_CRM_TIMEOUT_MS = '200';
    const adapter = createAdapter('hubspot', { accessToken: 'pat-na1-test', baseUrl: hole.url, portalLabel: 'black-hole' });
    const err = await adapter.listOwners().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmTimeoutError);
    expect((err as Error).message).toMatch(/HubSpot portal black-hole: the CRM did not answer a owners request within 0\.2 s \(3 attempts/);
    expect(hole.accepted()).toBeGreaterThan(0);
    // The abandoned requests do not keep sockets (or the process) alive.
    await until(() => hole.open.size === 0);
  });

  it('the real jsforce against a black-hole CRM: exit-3 error, and every socket it opened is closed', async () => {
    const hole = await blackHole();
    servers.push(hole.server);
    process.env.LEADPROOF_CRM_TIMEOUT_MS = '200';
    const adapter = createAdapter('salesforce', { instanceUrl: hole.url, accessToken: '00Dxx0000000001!test', orgLabel: 'black-hole' });
    const err = await adapter.listOwners().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmTimeoutError);
    expect((err as Error).message).toContain('the CRM did not answer');
    expect(hole.accepted()).toBeGreaterThan(0);
    await until(() => hole.open.size === 0);
  });
});

describe('Salesforce OAuth login deadline', () => {
  it('a login endpoint that never answers fails as a timeout (exit 3) and its socket is closed', async () => {
    const hole = await blackHole();
    servers.push(hole.server);
    const err = await salesforceSession({ SF_CLIENT_ID: 'id', SF_CLIENT_SECRET: 'secret', SF_LOGIN_URL: hole.url, LEADPROOF_CRM_TIMEOUT_MS: '200' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmTimeoutError);
    expect((err as Error).message).toContain(`Salesforce login at ${hole.url}: the CRM did not answer a login request within 0.2 s (1 attempt;`);
    expect((err as Error).message).not.toContain('secret');
    await until(() => hole.open.size === 0);
  });
});

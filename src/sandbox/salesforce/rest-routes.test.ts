import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import jsforce from 'jsforce';
import { createCrmEngine, loadStack } from '../engine/index.js';
import { DEFAULT_STACK } from '../index.js';
import { SalesforceOrg } from './org.js';
import { restRoutes } from './rest-routes.js';

const stack = { ...loadStack(DEFAULT_STACK).stack, seed: { count: 3, seed: 7 } };
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

async function serve(overrides: ConstructorParameters<typeof SalesforceOrg>[3]): Promise<{ conn: jsforce.Connection; org: SalesforceOrg }> {
  const engine = createCrmEngine(stack, { flavor: 'salesforce' });
  const org = new SalesforceOrg(engine, stack, Date.now, overrides);
  const handle = restRoutes(org);
  const server: Server = createServer((req, res) => void handle(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  cleanup.push(() => (engine.stop(), server.close(), server.closeAllConnections()));
  const port = (server.address() as { port: number }).port;
  return { org, conn: new jsforce.Connection({ instanceUrl: `http://127.0.0.1:${port}`, accessToken: org.accessToken, version: '62.0' }) };
}

const noRetry = { retry: { methods: [] } };

describe('sandbox Salesforce REST routes', () => {
  it('answers /limits in the real shape and counts usage in Sforce-Limit-Info', async () => {
    const { conn } = await serve({ dailyApiRequests: 100 });
    const limits = await conn.request<Record<string, { Max: number; Remaining: number }>>('/limits');
    expect(limits.DailyApiRequests).toEqual({ Max: 100, Remaining: 99 });
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 100 });
  });

  it('refuses requests over the daily allowance with REQUEST_LIMIT_EXCEEDED (403)', async () => {
    const { conn } = await serve({ dailyApiRequests: 2 });
    await conn.request({ method: 'GET', url: '/limits' }, noRetry);
    await conn.request({ method: 'GET', url: '/limits' }, noRetry);
    await expect(conn.request({ method: 'GET', url: '/limits' }, noRetry)).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
  });

  it('limits composite delete to 200 ids and pages queries at the org batch size', async () => {
    const { conn } = await serve({ queryBatchSize: 2 });
    const ids = Array.from({ length: 201 }, () => '00Q5g0000000001');
    await expect(conn.request({ method: 'DELETE', url: `/composite/sobjects?ids=${ids.join(',')}` }, noRetry)).rejects.toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
    const page = await conn.request<{ done: boolean; records: unknown[]; nextRecordsUrl: string }>('/query?q=SELECT+Id+FROM+Lead');
    expect(page).toMatchObject({ done: false, records: [expect.anything(), expect.anything()] });
    const rest = await conn.request<{ done: boolean; records: unknown[] }>(page.nextRecordsUrl);
    expect(rest).toMatchObject({ done: true, records: [expect.anything()] });
    await expect(conn.request(page.nextRecordsUrl)).rejects.toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR' });
  });
});

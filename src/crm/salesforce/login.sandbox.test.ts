import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import { SANDBOX_OAUTH } from '../../sandbox/salesforce/oauth.js';
import { CrmAuthError } from '../../errors.js';
import { createSalesforceAdapter } from './adapter.js';
import { salesforceSession } from './login.js';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox?.stop());

describe('salesforceSession', () => {
  it('uses SF_INSTANCE_URL + SF_ACCESS_TOKEN as given, and is null without credentials', async () => {
    expect(await salesforceSession({ SF_INSTANCE_URL: 'https://x.my.salesforce.com/', SF_ACCESS_TOKEN: 't' })).toEqual({ instanceUrl: 'https://x.my.salesforce.com', accessToken: 't', version: '62.0' });
    expect(await salesforceSession({})).toBeNull();
  });

  it('logs in with the client-credentials and username-password flows through jsforce OAuth2', async () => {
    const app = { SF_LOGIN_URL: sandbox.url, SF_CLIENT_ID: SANDBOX_OAUTH.clientId, SF_CLIENT_SECRET: SANDBOX_OAUTH.clientSecret };
    const cc = await salesforceSession(app);
    expect(cc).toEqual({ instanceUrl: sandbox.url, accessToken: sandbox.salesforce!.accessToken, version: '62.0' });
    const pw = await salesforceSession({ ...app, SF_USERNAME: 'anna.schmidt@acme-funnel.example.sandbox', SF_PASSWORD: SANDBOX_OAUTH.password });
    const adapter = createSalesforceAdapter(pw!);
    expect((await adapter.listProperties()).some((p) => p.name === 'UTM_Source__c')).toBe(true);
  });

  it('fails with CrmAuthError naming what to fix, without the secret', async () => {
    const err = await salesforceSession({ SF_LOGIN_URL: sandbox.url, SF_CLIENT_ID: SANDBOX_OAUTH.clientId, SF_CLIENT_SECRET: 'not-the-secret-123' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmAuthError);
    expect((err as Error).message).toContain('invalid_client');
    expect((err as Error).message).toContain('SF_CLIENT_ID/SF_CLIENT_SECRET');
    expect((err as Error).message).not.toContain('not-the-secret-123');
  });
});

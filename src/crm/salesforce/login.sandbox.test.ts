import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import { SANDBOX_OAUTH } from '../../sandbox/salesforce/oauth.js';
import { CrmAuthError } from '../../errors.js';
import { salesforceStackFile } from '../../sandbox/salesforce/test-stack.js';
import { runCli } from '../../../test/e2e/harness.js';
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

describe('an org that blocks the username-password flow (the default since Summer \'23)', () => {
  it('refuses the password grant like Salesforce, and leadproof says to use client credentials on an External Client App (exit 2, no stack)', async () => {
    const sb = await startSandbox({ stack: salesforceStackFile({ passwordGrant: 'blocked' }) });
    try {
      const app = { SF_LOGIN_URL: sb.url, SF_CLIENT_ID: SANDBOX_OAUTH.clientId, SF_CLIENT_SECRET: SANDBOX_OAUTH.clientSecret };
      const raw = await fetch(`${sb.url}/services/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: app.SF_CLIENT_ID, client_secret: app.SF_CLIENT_SECRET, username: 'anna.schmidt@acme-funnel.example.sandbox', password: SANDBOX_OAUTH.password }) });
      expect(raw.status).toBe(400);
      expect(await raw.json()).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
      const pw = { ...app, SF_USERNAME: 'anna.schmidt@acme-funnel.example.sandbox', SF_PASSWORD: SANDBOX_OAUTH.password };
      const err = await salesforceSession(pw).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CrmAuthError);
      for (const words of ['invalid_grant', 'External Client App', 'client-credentials', 'SF_LOGIN_URL', 'SF_CLIENT_ID', 'SF_CLIENT_SECRET']) expect((err as Error).message).toContain(words);
      expect((err as Error).message).not.toContain(SANDBOX_OAUTH.password);
      expect(await salesforceSession(app)).toMatchObject({ accessToken: sb.salesforce!.accessToken });

      const cli = await runCli(['preflight', '--crm', 'salesforce', '--scenarios', 'scenarios'], { env: { ...pw, SF_INSTANCE_URL: '', LEADPROOF_SITE_URL: sb.siteUrl, LEADPROOF_TEST_DOMAIN: sb.testDomain } });
      expect(cli.code).toBe(2);
      expect(cli.stderr + cli.stdout).toContain('External Client App');
      expect(cli.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await sb.stop();
    }
  });
});

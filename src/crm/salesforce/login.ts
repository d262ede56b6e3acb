/**
 * Getting a Salesforce session for a run, in order of preference:
 *   1. SF_INSTANCE_URL + SF_ACCESS_TOKEN (+ SF_API_VERSION): a session you already have
 *      (e.g. `sf org display --json`), used as is.
 *   2. SF_CLIENT_ID + SF_CLIENT_SECRET alone: OAuth 2.0 client-credentials flow of an External
 *      Client App (its "Run As" user); needs SF_LOGIN_URL = the org's My Domain URL. The way in
 *      for a new org.
 *   3. SF_CLIENT_ID + SF_CLIENT_SECRET + SF_USERNAME + SF_PASSWORD: OAuth 2.0 username-password
 *      flow of a connected app (append the security token to the password if the org wants one).
 *      Blocked by default on orgs created since Summer '23 and being retired, and Salesforce
 *      then answers only "invalid_grant: authentication failure", so the message says both.
 * SF_LOGIN_URL defaults to SF_INSTANCE_URL, then https://login.salesforce.com. Both flows go
 * through jsforce's OAuth2 client; secrets never appear in a message.
 */
import jsforce from 'jsforce';
import { CrmAuthError, CrmTimeoutError } from '../../errors.js';
import { crmTimeoutMs } from '../timeout.js';
import { DEFAULT_SF_VERSION } from './client.js';
import { redactSalesforceSecrets } from './classify.js';

export interface SalesforceSession {
  instanceUrl: string;
  accessToken: string;
  version: string;
}

type Env = Record<string, string | undefined>;

/** The session the environment describes, or null when it names no Salesforce credentials. */
export async function salesforceSession(env: Env): Promise<SalesforceSession | null> {
  const version = env.SF_API_VERSION ?? DEFAULT_SF_VERSION;
  if (env.SF_ACCESS_TOKEN && env.SF_INSTANCE_URL) return { instanceUrl: env.SF_INSTANCE_URL.replace(/\/+$/, ''), accessToken: env.SF_ACCESS_TOKEN, version };
  const { SF_CLIENT_ID: clientId, SF_CLIENT_SECRET: clientSecret } = env;
  if (!clientId || !clientSecret) return null;
  const loginUrl = (env.SF_LOGIN_URL ?? env.SF_INSTANCE_URL ?? 'https://login.salesforce.com').replace(/\/+$/, '');
  const conn = new jsforce.Connection({ oauth2: { loginUrl, clientId, clientSecret }, version });
  const flow = env.SF_USERNAME ? 'username-password' : 'client-credentials';
  const timeoutMs = crmTimeoutMs(env);
  withDeadline((conn as unknown as { oauth2: { _transport: Transport } }).oauth2._transport, timeoutMs);
  try {
    if (env.SF_USERNAME) await conn.login(env.SF_USERNAME, env.SF_PASSWORD ?? '');
    else await conn.authorize({ grant_type: 'client_credentials' });
  } catch (err) {
    // jsforce aborts at our deadline (and says "timeout of 10 minutes", whatever the timeout was).
    if ((err as Error).name === 'AbortError') throw new CrmTimeoutError(`Salesforce login at ${loginUrl}`, 'login', timeoutMs, 1, err);
    const reason = redactSalesforceSecrets(`${(err as Error).name}: ${(err as Error).message}`, [clientSecret, env.SF_PASSWORD ?? '']);
    if (env.SF_USERNAME && (err as Error).name === 'invalid_grant') throw new CrmAuthError(passwordRefused(loginUrl, reason), { cause: err });
    throw new CrmAuthError(
      `Salesforce OAuth ${flow} login at ${loginUrl} failed (${reason}). Check SF_CLIENT_ID/SF_CLIENT_SECRET` +
        (env.SF_USERNAME ? ', SF_USERNAME and SF_PASSWORD (plus security token)' : ', that the connected app allows the client-credentials flow with a Run As user, and that SF_LOGIN_URL is the My Domain URL') +
        '; or set SF_INSTANCE_URL + SF_ACCESS_TOKEN instead.',
      { cause: err },
    );
  }
  return { instanceUrl: conn.instanceUrl, accessToken: conn.accessToken!, version };
}

function passwordRefused(loginUrl: string, reason: string): string {
  return (
    `Salesforce refused the OAuth username-password login at ${loginUrl} (${reason}). Orgs created since Summer '23 ` +
    'block this flow by default (Setup › OAuth and OpenID Connect Settings) and Salesforce is retiring it; it gives no other reason. ' +
    'Use the client-credentials flow on an External Client App instead: enable it with a Run As user, then set ' +
    'SF_LOGIN_URL (the My Domain URL) + SF_CLIENT_ID + SF_CLIENT_SECRET and unset SF_USERNAME/SF_PASSWORD. ' +
    'If your org still allows the password flow, check SF_USERNAME and SF_PASSWORD (plus security token).'
  );
}

type Transport = { httpRequest(req: unknown, options?: Record<string, unknown>): unknown };

/**
 * jsforce's OAuth2 client sends its token requests without per-call options, so they get
 * jsforce's default timeout (30 minutes); its transport is given the CRM deadline instead
 * (jsforce aborts the fetch and closes the socket). Reaches into `_transport`: OAuth2 has no option for it.
 */
function withDeadline(t: Transport, timeoutMs: number): void {
  const send = t.httpRequest.bind(t);
  t.httpRequest = (req, options = {}) => send(req, { timeout: timeoutMs, ...options });
}

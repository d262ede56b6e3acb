/**
 * The org's OAuth 2.0 token endpoint (`POST /services/oauth2/token`), enough for jsforce's
 * username-password and client-credentials flows. Fixed sandbox credentials: they guard
 * nothing, they only let the login path of the harness be exercised end to end.
 */
import type { SalesforceOrg } from './org.js';

export const SANDBOX_OAUTH = {
  clientId: '3MVG9LeadproofSandboxConnectedApp',
  clientSecret: 'leadproof-sandbox-client-secret',
  /** Password of every sandbox user for the username-password flow. */
  password: 'leadproof-sandbox',
} as const;

export type TokenAnswer = { status: number; body: Record<string, string> };

export function issueToken(org: SalesforceOrg, form: URLSearchParams, baseUrl: string): TokenAnswer {
  const fail = (error: string, error_description: string): TokenAnswer => ({ status: 400, body: { error, error_description } });
  if (form.get('client_id') !== SANDBOX_OAUTH.clientId || form.get('client_secret') !== SANDBOX_OAUTH.clientSecret) {
    return fail('invalid_client', 'invalid client credentials');
  }
  let user = org.model.integrationUser;
  const grant = form.get('grant_type');
  if (grant === 'password') {
    // Salesforce says nothing more when the flow itself is blocked: the same answer as a wrong password.
    if (org.model.settings.passwordGrant === 'blocked') return fail('invalid_grant', 'authentication failure');
    const u = org.model.users.find((x) => x.Username === form.get('username'));
    if (!u || form.get('password') !== SANDBOX_OAUTH.password) return fail('invalid_grant', 'authentication failure');
    user = u;
  } else if (grant !== 'client_credentials') {
    return fail('unsupported_grant_type', 'grant type not supported');
  }
  return {
    status: 200,
    body: {
      access_token: org.accessToken,
      instance_url: baseUrl,
      id: `${baseUrl}/id/${org.orgId}/${user.Id}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: 'sandbox',
    },
  };
}

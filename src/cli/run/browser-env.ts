/**
 * The environment of the browser side of a run (the Playwright runner, its workers, every
 * Chromium). None of them talks to the CRM — they reach the CLI's broker over 127.0.0.1 — so none
 * gets the CRM credentials or any other secret of the operator's shell: a page, an extension or a
 * crash dump of the browser can then not leak them.
 */

/** Credentials leadproof itself reads; scrubbed even where the name does not look secret. */
export const CREDENTIAL_VARS = [
  'HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_PORTAL_ID', 'HUBSPOT_BASE_URL',
  'SF_ACCESS_TOKEN', 'SF_INSTANCE_URL', 'SF_CLIENT_ID', 'SF_CLIENT_SECRET', 'SF_USERNAME', 'SF_PASSWORD', 'SF_SECURITY_TOKEN', 'SF_LOGIN_URL', 'SF_ORG_ID',
  'LEADPROOF_SIGNING_KEY', 'LEADPROOF_SIGNING_PASSPHRASE',
  // A webhook URL is a bearer secret: whoever has it can post to the channel.
  'LEADPROOF_SLACK_WEBHOOK_URL', 'LEADPROOF_ALERT_WEBHOOK_URL',
];

/** Any other variable whose name looks like it holds a secret (tokens, keys, passwords, auth). */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|KEY|CREDENTIAL|AUTH|COOKIE|SESSION|WEBHOOK/i;

/** Names that match SECRET_NAME but that the browser side needs (none hold a secret). */
const NEEDED = new Set(['SSH_AUTH_SOCK', 'XAUTHORITY', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_SESSION_TYPE', 'XDG_SESSION_ID', 'XDG_SESSION_CLASS', 'XDG_SESSION_DESKTOP']);

export function browserEnv(env: NodeJS.ProcessEnv, extra: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (CREDENTIAL_VARS.includes(name.toUpperCase())) continue;
    if (SECRET_NAME.test(name) && !NEEDED.has(name.toUpperCase())) continue;
    out[name] = value;
  }
  return { ...out, ...extra };
}

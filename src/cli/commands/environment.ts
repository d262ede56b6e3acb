/**
 * The environment variables leadproof reads, in one place, for `--help` of the commands that
 * talk to a CRM (the README's "Environment variables" table says the same at more length).
 * Values are never printed; only the CLI process holds the credentials.
 */
export const ENVIRONMENT_HELP = `
Environment (a real CRM is used when its credentials are set; otherwise the embedded sandbox).
A .env file in the working directory is read too; the real environment wins, no value is printed.
  HUBSPOT_ACCESS_TOKEN         HubSpot Service Key (or an existing private app's token)
  HUBSPOT_BASE_URL             HubSpot API address (default https://api.hubapi.com; a standalone sandbox's)
  HUBSPOT_PORTAL_ID            portal id, to name the portal in reports
  HUBSPOT_RATE_LIMIT_PER_10S   the app's 10-second limit if you know it (default 190; learnt from the
                               portal's X-HubSpot-RateLimit-* headers either way, at 80 %)
  SF_INSTANCE_URL, SF_ACCESS_TOKEN, SF_API_VERSION   a Salesforce session you already have
  SF_LOGIN_URL, SF_CLIENT_ID, SF_CLIENT_SECRET       OAuth client credentials (External Client App)
  SF_USERNAME, SF_PASSWORD     OAuth username-password (blocked by default on orgs since Summer '23)
  SF_WEB_TO_LEAD_DAILY_LIMIT   the org's Web-to-Lead limit per window (default 500)
  SF_WEB_TO_LEAD_WINDOW_MS     that window (default 24 h)
  LEADPROOF_TEST_DOMAIN        domain reserved for synthetic leads' emails (required on a real CRM)
  LEADPROOF_SITE_URL           the site relative form URLs resolve against (or --site)
  LEADPROOF_CRM_TIMEOUT_MS     deadline of each CRM call attempt (default 30000); a CRM that never
                               answers ends the run with exit 3 after 3 attempts, ledger kept
  LEADPROOF_SHARD_BUDGET_SHARE part of the portal's API budget this shard uses (default 1/n for --shard i/n)
  LEADPROOF_FLUSH_WAIT_MS      how long flush re-checks for leads still in flight (default 30 s; 2 min for Web-to-Lead)
  LEADPROOF_ARRIVAL_WINDOW_MS  how long after its last submission a lead may still arrive (default 10 min;
                               24 h for Web-to-Lead, its queue window): the ledger stays open for \`flush --orphans\` until then
  LEADPROOF_SIGNING_KEY, LEADPROOF_SIGNING_KEY_PASSPHRASE   the builder's key that signs each run
  LEADPROOF_CHROMIUM           path of the Chromium to use (else Playwright's, else /usr/bin/chromium)
  LEADPROOF_FORM_RENDER_MS     how long a form drawn late by script may take to show its first field
                               (default 15000; a form profile's renderWait overrides it)
  LEADPROOF_V8_DEFAULT_HEAP=1  keep V8's default heap sizing: faster replay, 2-3x the memory on a
                               large run (leadproof runs with --optimize-for-size; README, Volume runs)
  LEADPROOF_SLACK_WEBHOOK_URL  Slack incoming webhook \`monitor\` alerts go to (a secret: never printed)
  LEADPROOF_ALERT_WEBHOOK_URL  JSON webhook \`monitor\` alerts go to (body leadproof.alert/v1; never printed)
`;

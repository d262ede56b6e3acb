import { describe, expect, it } from 'vitest';
import { browserEnv } from './browser-env.js';

describe('browserEnv', () => {
  it('drops the CRM credentials and anything named like a secret, keeps the rest', () => {
    const env = browserEnv(
      {
        PATH: '/usr/bin', HOME: '/home/x', LEADPROOF_CHROMIUM: '/usr/bin/chromium', LEADPROOF_WORKERS: '2', DISPLAY: ':0', XAUTHORITY: '/home/x/.Xauthority',
        HUBSPOT_ACCESS_TOKEN: 'pat-na1-x', HUBSPOT_BASE_URL: 'https://api.hubapi.com', SF_ACCESS_TOKEN: '00D!x', SF_CLIENT_ID: 'id', SF_CLIENT_SECRET: 's', SF_USERNAME: 'u', SF_PASSWORD: 'p',
        LEADPROOF_SIGNING_KEY: 'keys/leadproof.key', LEADPROOF_SIGNING_KEY_PASSPHRASE: 'pp', AWS_SECRET_ACCESS_KEY: 'a', GITHUB_TOKEN: 'g', npm_config__authToken: 'n', DB_PASSWD: 'd',
        LEADPROOF_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x', LEADPROOF_ALERT_WEBHOOK_URL: 'https://h.example/x', TEAMS_WEBHOOK_URL: 'https://t.example/x',
      },
      { LEADPROOF_PLAN: '/tmp/plan.json' },
    );
    expect(Object.keys(env).sort()).toEqual(['DISPLAY', 'HOME', 'LEADPROOF_CHROMIUM', 'LEADPROOF_PLAN', 'LEADPROOF_WORKERS', 'PATH', 'XAUTHORITY']);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDotEnv } from './dotenv.js';

let dir: string;
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('.env', () => {
  it('fills what the environment lacks, and the real environment wins', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lp-env-'));
    await writeFile(join(dir, '.env'), '# tokens\nHUBSPOT_ACCESS_TOKEN=pat-from-file\nLEADPROOF_TEST_DOMAIN="file.example"\nexport LEADPROOF_SITE_URL=https://www.acme.example\n');
    const env: NodeJS.ProcessEnv = { LEADPROOF_TEST_DOMAIN: 'ci.example' };
    expect(loadDotEnv(dir, env).sort()).toEqual(['HUBSPOT_ACCESS_TOKEN', 'LEADPROOF_SITE_URL']);
    expect(env).toEqual({ HUBSPOT_ACCESS_TOKEN: 'pat-from-file', LEADPROOF_TEST_DOMAIN: 'ci.example', LEADPROOF_SITE_URL: 'https://www.acme.example' });
  });

  it('is optional', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lp-env-'));
    const env: NodeJS.ProcessEnv = {};
    expect(loadDotEnv(dir, env)).toEqual([]);
    expect(env).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { chooseCrm, realAdapter } from './target.js';

describe('chooseCrm', () => {
  it('defaults to the sandbox without credentials and to the CRM whose credentials are set', () => {
    expect(chooseCrm(undefined, {})).toEqual({ kind: 'hubspot', sandbox: true });
    expect(chooseCrm(undefined, { HUBSPOT_ACCESS_TOKEN: 'pat' })).toEqual({ kind: 'hubspot', sandbox: false });
    expect(chooseCrm(undefined, { SF_CLIENT_ID: 'id', SF_CLIENT_SECRET: 's' })).toEqual({ kind: 'salesforce', sandbox: false });
    expect(chooseCrm('salesforce', {})).toMatchObject({ kind: 'salesforce', sandbox: true });
  });

  it('refuses --crm hubspot without a token, naming the variable', () => {
    expect(() => chooseCrm('hubspot', {})).toThrow(ConfigError);
    expect(() => chooseCrm('hubspot', {})).toThrow(/HUBSPOT_ACCESS_TOKEN: is not set/);
  });
});

describe('realAdapter', () => {
  it('takes the portal tier from HUBSPOT_RATE_LIMIT_PER_10S and rejects nonsense', async () => {
    await expect(realAdapter('hubspot', { HUBSPOT_ACCESS_TOKEN: 'pat', HUBSPOT_RATE_LIMIT_PER_10S: 'lots' })).rejects.toThrow(/HUBSPOT_RATE_LIMIT_PER_10S/);
    const { adapter, baseUrl } = await realAdapter('hubspot', { HUBSPOT_ACCESS_TOKEN: 'pat', HUBSPOT_RATE_LIMIT_PER_10S: '100', HUBSPOT_PORTAL_ID: '123' });
    expect(adapter.account).toBe('HubSpot portal 123');
    expect(baseUrl).toBe('https://api.hubapi.com');
  });
});

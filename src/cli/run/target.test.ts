import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { createHubSpotBudget } from '../../crm/index.js';
import { createSalesforceBudget } from '../../crm/salesforce/client.js';
import { shardBudgetShare } from './shard-budget.js';
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

describe('shardBudgetShare', () => {
  it('gives shard i/n 1/n of the API budget unless LEADPROOF_SHARD_BUDGET_SHARE says otherwise', () => {
    expect(shardBudgetShare(undefined, {})).toBe(1);
    expect(shardBudgetShare({ current: 1, total: 2 }, {})).toBe(0.5);
    expect(shardBudgetShare({ current: 2, total: 4 }, { LEADPROOF_SHARD_BUDGET_SHARE: '0.6' })).toBe(0.6);
    expect(() => shardBudgetShare({ current: 1, total: 2 }, { LEADPROOF_SHARD_BUDGET_SHARE: '2' })).toThrow(/LEADPROOF_SHARD_BUDGET_SHARE/);
    expect(() => shardBudgetShare(undefined, { LEADPROOF_SHARD_BUDGET_SHARE: 'half' })).toThrow(ConfigError);
  });

  it('sizes a shard\'s HubSpot budget to its share and still scales what the portal reports', () => {
    const budget = createHubSpotBudget({ label: 'p', share: shardBudgetShare({ current: 1, total: 2 }, {}) });
    expect(budget.limitNow).toEqual({ maxPerInterval: 76, intervalMs: 10_000 });
    budget.observeHeaders({ 'x-hubspot-ratelimit-max': '100', 'x-hubspot-ratelimit-remaining': '90', 'x-hubspot-ratelimit-interval-milliseconds': '10000' });
    expect(budget.limitNow.maxPerInterval).toBe(40);
  });

  it('paces a shard\'s Salesforce budget to its share of the org\'s requests per second', () => {
    expect(createSalesforceBudget({ label: 'org' }).limitNow).toEqual({ maxPerInterval: 20, intervalMs: 1000 });
    expect(createSalesforceBudget({ label: 'org', share: shardBudgetShare({ current: 2, total: 3 }, {}) }).limitNow.maxPerInterval).toBe(6);
    expect(createSalesforceBudget({ label: 'org', share: 0.01 }).limitNow.maxPerInterval).toBe(1);
    expect(() => createSalesforceBudget({ label: 'org', share: 0 })).toThrow(RangeError);
  });
});

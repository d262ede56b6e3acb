import { describe, expect, it } from 'vitest';
import type { CrmAdapter } from '../crm/adapter.js';
import { ConfigError } from '../errors.js';
import { checkInFlightEnv, inFlightTimes } from './in-flight.js';

const plain = {} as CrmAdapter;
const webToLead = { webToLeadRemaining: async () => null } as unknown as CrmAdapter;

describe('inFlightTimes', () => {
  it('waits longer for CRMs whose web forms queue (Web-to-Lead), and takes overrides from the environment', () => {
    const a = inFlightTimes(plain, {});
    const b = inFlightTimes(webToLead, {});
    expect(b.waitMs).toBeGreaterThan(a.waitMs);
    expect(b.windowMs).toBeGreaterThan(a.windowMs);
    expect(inFlightTimes(webToLead, { LEADPROOF_FLUSH_WAIT_MS: '300', LEADPROOF_ARRIVAL_WINDOW_MS: '0' })).toEqual({ waitMs: 300, windowMs: 0 });
  });

  it('names the variable when a value is not a whole number of milliseconds', () => {
    expect(() => inFlightTimes(plain, { LEADPROOF_FLUSH_WAIT_MS: '30s' })).toThrow(ConfigError);
    expect(() => inFlightTimes(plain, { LEADPROOF_FLUSH_WAIT_MS: '30s' })).toThrow('LEADPROOF_FLUSH_WAIT_MS');
  });
  it('gives Web-to-Lead leads the CRM\'s whole 24-hour queue window, and checks the variables up front', () => {
    expect(inFlightTimes({ webToLeadRemaining: async () => null }, {}).windowMs).toBe(24 * 3_600_000);
    expect(() => checkInFlightEnv({ LEADPROOF_FLUSH_WAIT_MS: '2m' })).toThrow('LEADPROOF_FLUSH_WAIT_MS');
    expect(() => checkInFlightEnv({})).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { classifyHubSpotError, redactSecrets, retryAfterMs } from './classify.js';

const apiError = (code: number, body: unknown, headers: Record<string, string> = {}) => Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers });

describe('classifyHubSpotError', () => {
  it('waits out the interval header when a 429 carries no Retry-After', () => {
    const c = classifyHubSpotError(apiError(429, { policyName: 'TEN_SECONDLY_ROLLING', message: 'limit' }, { 'x-hubspot-ratelimit-interval-milliseconds': '10000' }));
    expect(c).toMatchObject({ action: 'retry', rateLimited: true, delayMs: 10_000 });
  });

  it('waits one second on the search secondly limit', () => {
    expect(classifyHubSpotError(apiError(429, { message: 'You have reached your secondly limit.' }))).toMatchObject({ rateLimited: true, delayMs: 1000 });
  });

  it('does not retry the daily limit', () => {
    const c = classifyHubSpotError(apiError(429, { policyName: 'DAILY', message: 'daily' }, { 'retry-after': '3600' }));
    expect(c).toMatchObject({ action: 'abort', hint: expect.stringMatching(/daily limit resets/) });
  });

  it('points a rejected token at Service Keys, the only way a new HubSpot user gets one', () => {
    const c = classifyHubSpotError(apiError(401, { category: 'INVALID_AUTHENTICATION', message: 'Authentication credentials not found.' }));
    expect(c.action === 'auth' && c.message).toMatch(/Service Key \(or private app token\)/);
    const scope = classifyHubSpotError(apiError(403, { message: 'no' }));
    expect(scope.action === 'auth' && scope.message).toMatch(/to the Service Key \(or private app\)/);
  });

  it('names the scopes HubSpot says are missing', () => {
    const c = classifyHubSpotError(apiError(403, { message: 'no', errors: [{ context: { requiredGranularScopes: ['crm.objects.owners.read'] } }] }));
    expect(c.action).toBe('auth');
    expect(c.action === 'auth' && c.message).toMatch(/Add crm\.objects\.owners\.read to/);
  });

  it('retries network errors and bodies without Content-Type, aborts on 404 and unknown bugs', () => {
    expect(classifyHubSpotError(Object.assign(new Error('socket hang up'), { name: 'FetchError', code: 'ECONNRESET' })).action).toBe('retry');
    expect(classifyHubSpotError(new Error('Cannot parse content. No Content-Type defined.')).action).toBe('retry');
    expect(classifyHubSpotError(apiError(404, { message: 'not found' })).action).toBe('abort');
    expect(classifyHubSpotError(new TypeError('x is not a function')).action).toBe('abort');
  });
});

describe('helpers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('redacts private app tokens and bearer headers', () => {
    expect(redactSecrets('got pat-eu1-abcd-1234 and Bearer xyz.123')).toBe('got *** and Bearer ***');
  });
});

import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type SandboxHandle } from '../index.js';
import { TRACK_JS } from '../site/scripts.js';

/**
 * The forms submissions API's limits, through real HTTP against the default stack (50 per 10 s,
 * block after ten 429s in a second, for 60 s). Only Date is faked, so the server still answers
 * while the test moves the limiter's clock; the block applies to the test's own 127.0.0.1,
 * hence a sandbox of its own.
 */
let sb: SandboxHandle;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb?.stop());
afterEach(() => vi.useRealTimers());

const guid = '3f1c9a52-7d4e-4b8a-9c1d-2e5f6a7b8c01';
let n = 0;
async function submit(context: Record<string, unknown> = {}) {
  n += 1;
  const fields = { email: `limit${n}@leadproof.test`, firstname: 'Ada', lastname: 'Lee', company: 'Foo' };
  const res = await fetch(`${sb.url}/submissions/v3/integration/submit/${sb.hubspot.portalId}/${guid}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ fields: Object.entries(fields).map(([name, value]) => ({ objectTypeId: '0-1', name, value })), context: { pageUri: `${sb.siteUrl}/demo`, ...context } }),
  });
  return { status: res.status, body: (await res.json()) as { errors?: { errorType: string; message: string }[]; message?: string; policyName?: string; errorType?: string } };
}
const statuses = async (count: number) => (await Promise.all(Array.from({ length: count }, () => submit()))).map((r) => r.status);

describe('forms submissions API', () => {
  it('refuses a malformed hutk with INVALID_HUTK and accepts 32 hex characters', async () => {
    for (const hutk of ['v1', '', 'g'.repeat(32), 'a'.repeat(31)]) {
      const r = await submit({ hutk });
      expect(r.status, hutk).toBe(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ errorType: 'INVALID_HUTK', message: expect.stringContaining("'context.hutk'") })]);
    }
    expect((await submit({ hutk: '0123456789abcdef0123456789ABCDEF' })).status).toBe(200);
  });

  it("the site's tracking script sets a hutk HubSpot accepts", () => {
    const doc = { cookie: '', referrer: '' };
    runInNewContext(TRACK_JS, { document: doc, location: { href: 'http://x/demo' }, window: {}, fetch: () => Promise.resolve(), encodeURIComponent, Math });
    expect(doc.cookie).toMatch(/^hubspotutk=[0-9a-f]{32};/);
  });

  it('takes 50 per 10 s with HubSpot 429s after, blocks the caller for 60 s after ten 429s in one second', async () => {
    // An hour ahead, so the submissions of the other tests have left the window.
    const t0 = Date.now() + 3_600_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(t0);
    expect(await statuses(50)).toEqual(Array(50).fill(200));
    const limited = await submit();
    expect(limited).toMatchObject({ status: 429, body: { status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING', message: 'You have reached your ten_secondly_rolling limit.' } });
    expect(sb.stats!()['hubspot:forms-429']).toBe(1);
    expect(sb.stats!()['hubspot:forms-block']).toBeUndefined();

    // Nine more 429s in the same second: the tenth starts the block.
    expect(await statuses(9)).toEqual(Array(9).fill(429));
    expect(sb.stats!()['hubspot:forms-block']).toBe(1);

    // The 10-second window has passed, but the caller is still blocked.
    vi.setSystemTime(t0 + 11_000);
    const blocked = await submit();
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toContain('blocked');
    vi.setSystemTime(t0 + 59_000);
    expect((await submit()).status).toBe(429);

    vi.setSystemTime(t0 + 61_000);
    expect((await submit()).status).toBe(200);
    expect(sb.stats!()['hubspot:forms-429']).toBe(12);
  });
});

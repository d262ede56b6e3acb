import { describe, expect, it } from 'vitest';
import { RateBudget, RollingWindow, type Clock, type FailureClass } from './budget.js';
import { CrmAuthError, CrmRequestError } from '../errors.js';

/** Virtual time: sleeping advances the clock instead of waiting. */
function fakeClock(): Clock & { sleeps: number[]; advance(ms: number): void } {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      const target = t + ms;
      await Promise.resolve();
      t = Math.max(t, target);
    },
    advance: (ms) => {
      t += ms;
    },
    sleeps,
  };
}

class FakeHttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

const classify = (err: unknown): FailureClass => {
  const status = err instanceof FakeHttpError ? err.status : undefined;
  if (status === 401) return { action: 'auth', reason: '401', status, message: 'Token rejected; check it.' };
  if (status === 429) return { action: 'retry', reason: '429', status, rateLimited: true, delayMs: 1500 };
  if (status === undefined || status >= 500) return { action: 'retry', reason: `HTTP ${status ?? 'network'}`, status };
  return { action: 'abort', reason: `HTTP ${status}`, status, hint: status === 404 ? 'Look elsewhere.' : undefined };
};

function budget(extra: Partial<ConstructorParameters<typeof RateBudget>[0]> = {}) {
  return new RateBudget({ label: 'Test CRM', maxPerInterval: 100, intervalMs: 10_000, classify, minBackoffMs: 1, maxBackoffMs: 2, ...extra });
}

/** A call that fails with these statuses in order, then returns 'ok'. */
function failing(...statuses: number[]) {
  let calls = 0;
  const fn = async () => {
    const s = statuses[calls++];
    if (s !== undefined) throw new FakeHttpError(s);
    return 'ok';
  };
  return { fn, calls: () => calls };
}

describe('RollingWindow', () => {
  it('grants at most max per interval, then waits for the oldest grant to leave', async () => {
    const clock = fakeClock();
    const w = new RollingWindow({ maxPerInterval: 3, intervalMs: 1000 }, clock);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      await w.acquire();
      times.push(clock.now());
    }
    expect(times).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('is rolling, not fixed: a slot frees exactly one interval after each grant', async () => {
    const clock = fakeClock();
    const w = new RollingWindow({ maxPerInterval: 3, intervalMs: 1000 }, clock);
    await w.acquire(); // t=0
    clock.advance(600);
    await w.acquire(); // t=600
    await w.acquire(); // t=600
    await w.acquire(); // waits for the t=0 grant to expire
    expect(clock.now()).toBe(1000);
    await w.acquire(); // waits for the t=600 grants
    expect(clock.now()).toBe(1600);
  });

  it('pause holds every request until the pause ends', async () => {
    const clock = fakeClock();
    const w = new RollingWindow({ maxPerInterval: 10, intervalMs: 1000 }, clock);
    w.pause(2500);
    await w.acquire();
    expect(clock.now()).toBe(2500);
  });

  it('rejects a nonsensical limit with a message naming the fix', () => {
    expect(() => new RollingWindow({ maxPerInterval: 0, intervalMs: 1000 })).toThrow(/maxPerInterval/);
  });
});

describe('RateBudget', () => {
  it('retries 5xx and network failures with backoff and counts every attempt', async () => {
    const b = budget();
    const call = failing(500, 503);
    await expect(b.run('read', call.fn)).resolves.toBe('ok');
    expect(call.calls()).toBe(3);
    expect(b.stats()).toMatchObject({ total: 3, retries: 2, byKind: { read: 3 } });
  });

  it('never retries an auth failure and maps it to CrmAuthError', async () => {
    const b = budget();
    const call = failing(401);
    const err = await b.run('read', call.fn).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmAuthError);
    expect((err as Error).message).toBe('Token rejected; check it.');
    expect(call.calls()).toBe(1);
  });

  it('never retries 400/404 and maps them to CrmRequestError with the status', async () => {
    for (const status of [400, 404]) {
      const b = budget();
      const call = failing(status);
      const err = await b.run('delete', call.fn).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CrmRequestError);
      expect((err as CrmRequestError).status).toBe(status);
      expect((err as Error).message).toMatch(/retrying will not help/);
      expect((err as Error).message.endsWith('Look elsewhere.')).toBe(status === 404);
      expect(call.calls()).toBe(1);
    }
  });

  it('gives up after the configured retries with a message that names the account and the cause', async () => {
    const b = budget({ retries: 2 });
    const call = failing(500, 500, 500, 500, 500);
    const err = await b.run('search', call.fn).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmRequestError);
    expect((err as Error).message).toMatch(/^Test CRM: search request still failing after retries \(HTTP 500\)/);
    expect((err as CrmRequestError).status).toBe(500);
    expect(call.calls()).toBe(3);
  });

  it('on 429 pauses the window for the CRM-given delay and retries without consuming transient retries', async () => {
    const clock = fakeClock();
    const b = budget({ clock, retries: 0 });
    const call = failing(429, 429);
    await expect(b.run('read', call.fn)).resolves.toBe('ok');
    expect(call.calls()).toBe(3);
    expect(clock.now()).toBe(3000);
    expect(b.stats()).toMatchObject({ total: 3, rateLimited: 2, retries: 2 });
  });

  it('stops after rateLimitRetries 429s in a row', async () => {
    const clock = fakeClock();
    const b = budget({ clock, rateLimitRetries: 2 });
    const call = failing(429, 429, 429, 429);
    await expect(b.run('read', call.fn)).rejects.toBeInstanceOf(CrmRequestError);
    expect(call.calls()).toBe(3);
  });

  it('applies a sub-budget to its kind on top of the main budget', async () => {
    const clock = fakeClock();
    const b = budget({ clock, subBudgets: { search: { maxPerInterval: 2, intervalMs: 1000 } } });
    for (let i = 0; i < 3; i++) await b.run('read', async () => 1);
    expect(clock.now()).toBe(0);
    for (let i = 0; i < 3; i++) await b.run('search', async () => 1);
    expect(clock.now()).toBe(1000);
    expect(b.stats().byKind).toEqual({ read: 3, search: 3 });
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    const b = budget({ concurrency: 2 });
    let inFlight = 0;
    let peak = 0;
    const task = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    };
    await Promise.all(Array.from({ length: 6 }, () => b.run('read', task)));
    expect(peak).toBe(2);
    expect(b.apiCalls).toBe(6);
  });
});

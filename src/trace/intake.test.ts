import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { configSchema } from '../scenario/schema.js';
import type { PlannedLead } from '../scenario/plan.js';
import { IntakePacer, planIntake, runIntake } from './intake.js';

/** A clock the test moves by hand: sleepers wake only when `advance` passes their time. */
function manualClock() {
  let t = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((wake) => sleepers.push({ at: t + ms, wake })),
    async advance(ms: number) {
      await settle();
      t += ms;
      for (const s of sleepers.filter((x) => x.at <= t)) {
        sleepers.splice(sleepers.indexOf(s), 1);
        s.wake();
      }
      await settle();
    },
  };
}

const HUBSPOT = { perTenSeconds: 40, endpoint: 'the HubSpot forms endpoint' };
function lead(key: string, form: string, intake?: PlannedLead['form']['intake']): PlannedLead {
  return { key, form: { id: form, url: 'http://x/', fields: [], intake } } as unknown as PlannedLead;
}

describe('IntakePacer', () => {
  it('grants the window at once, then one slot as each grant leaves it, first come first served', async () => {
    const clock = manualClock();
    const pacer = new IntakePacer({ max: 2, intervalMs: 10_000, why: 'test' }, clock);
    const order: string[] = [];
    const ask = (name: string) => pacer.acquire().then((waited) => order.push(`${name}@${clock.now()} waited ${waited}`));
    void ask('a');
    void ask('b');
    await clock.advance(3_000);
    void ask('c');
    void ask('d');
    void ask('e');
    await clock.advance(6_999);
    expect(order).toEqual(['a@0 waited 0', 'b@0 waited 0']);
    await clock.advance(1);
    expect(order).toEqual(['a@0 waited 0', 'b@0 waited 0', 'c@10000 waited 7000', 'd@10000 waited 7000']);
    await clock.advance(10_000);
    expect(order.at(-1)).toBe('e@20000 waited 17000');
  });

  it('says how long the next slot is away and how many wait', async () => {
    const clock = manualClock();
    const notices: string[] = [];
    const pacer = new IntakePacer({ max: 1, intervalMs: 10_000, why: 'test' }, clock, (n) => notices.push(`${n.waitMs} ${n.waiting}`));
    void pacer.acquire();
    await clock.advance(6_800);
    void pacer.acquire();
    void pacer.acquire();
    await clock.advance(0);
    expect(notices).toEqual(['3200 2']);
  });
});

describe('planIntake', () => {
  const leads = [lead('a', 'demo'), lead('b', 'ebook')];

  it("paces every lead at the CRM form endpoint's default", () => {
    expect(planIntake({ leads, crm: HUBSPOT })).toEqual({
      limit: { max: 40, intervalMs: 10_000, why: "40 submissions per 10 s to the HubSpot forms endpoint (leadproof's default, below the endpoint's limit)" },
      paced: new Set(['a', 'b']),
    });
  });

  it('takes 1/n of the budget per shard, and slows to one per longer interval below one per 10 s', () => {
    expect(planIntake({ leads, crm: HUBSPOT, shard: { current: 1, total: 2 } })!.limit).toMatchObject({ max: 20, intervalMs: 10_000, why: expect.stringContaining('40 per 10 s split over 2 shards') });
    expect(planIntake({ leads, crm: HUBSPOT, shard: { current: 2, total: 3 } })!.limit).toMatchObject({ max: 13, intervalMs: 10_000 });
    const few = [lead('a', 'demo', { perTenSeconds: 1 })];
    expect(planIntake({ leads: few, shard: { current: 1, total: 2 } })!.limit).toMatchObject({ max: 1, intervalMs: 20_000, why: expect.stringMatching(/^1 submission per 20\.0 s/) });
  });

  it('uses the smallest profile intake, leaves out `intake: false` forms, and --intake overrides the shard split', () => {
    const mixed = [lead('a', 'demo', { perTenSeconds: 6 }), lead('b', 'ebook', { perTenSeconds: 10 }), lead('c', 'typeform', false), lead('d', 'plain')];
    const plan = planIntake({ leads: mixed, crm: HUBSPOT })!;
    expect(plan.limit).toMatchObject({ max: 6, why: "6 submissions per 10 s to the HubSpot forms endpoint (form profile demo's intake)" });
    expect([...plan.paced].sort()).toEqual(['a', 'b', 'd']);
    expect(planIntake({ leads: mixed, crm: HUBSPOT, shard: { current: 1, total: 2 }, override: 5 })!.limit).toMatchObject({ max: 5, intervalMs: 10_000 });
    expect(() => planIntake({ leads: mixed, crm: HUBSPOT, override: 0 })).toThrow(ConfigError);
  });

  it('does not pace when neither the CRM nor a profile names a limit', () => {
    expect(planIntake({ leads })).toBeNull();
    expect(planIntake({ leads: [lead('a', 'x', false)], crm: HUBSPOT })).toBeNull();
  });
});

describe('runIntake', () => {
  it('admits unpaced leads at once and prints a [pace] line at most every 10 s while others wait', async () => {
    const clock = manualClock();
    const lines: string[] = [];
    const intake = runIntake({ leads: [lead('a', 'demo', { perTenSeconds: 1 }), lead('b', 'demo', { perTenSeconds: 1 }), lead('c', 'ext', false)], clock, log: (l) => lines.push(l) })!;
    expect(await intake.admit('c')).toBe(0);
    expect(await intake.admit('a')).toBe(0);
    await clock.advance(6_800);
    const waited = intake.admit('b');
    await clock.advance(0);
    expect(lines).toEqual(["[pace] 1 submission per 10 s to the form endpoint (form profile demo's intake); next in 3.2 s"]);
    await clock.advance(3_200);
    expect(await waited).toBe(3_200);
  });
});

describe('config', () => {
  it('accepts intake per form profile and names a wrong one', () => {
    const form = { url: '/demo', fields: { email: 'Email' } };
    expect(configSchema.safeParse({ forms: { a: { ...form, intake: { perTenSeconds: 6 } }, b: { ...form, intake: false } } }).success).toBe(true);
    const bad = configSchema.safeParse({ forms: { a: { ...form, intake: { perTenSeconds: 0 } } } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['forms', 'a', 'intake', 'perTenSeconds']);
  });
});

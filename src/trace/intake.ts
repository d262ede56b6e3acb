/**
 * The run's form-intake budget. A CRM's form endpoint has its own limit (HubSpot's forms API: 50
 * per 10 s, then a block of the client IP), shared by every browser worker of a run and by every
 * shard that runs from the same network. Workers ask the broker for a slot right before they
 * click submit; the broker grants slots first come, first served, from this one budget.
 */
import { systemClock, type Clock } from '../crm/budget.js';
import { ConfigError } from '../errors.js';
import type { PlannedLead } from '../scenario/plan.js';

const TEN_SECONDS = 10_000;

// A turn waiting for a slot matters only while its worker's request is open (that socket keeps the
// process alive); once the broker has closed, a leftover wait must not hold the CLI's exit.
const unrefClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()) };

/** The limit one process paces its submissions to. */
export interface IntakeLimit {
  max: number;
  intervalMs: number;
  /** Why, in words for the progress line: "40 submissions per 10 s to the HubSpot forms endpoint". */
  why: string;
}

/** What the CRM says about its form endpoint (CrmAdapter.formIntake). */
export interface CrmFormIntake {
  perTenSeconds: number;
  /** "the HubSpot forms endpoint" */
  endpoint: string;
}

export interface PaceNotice {
  waitMs: number;
  /** Submissions queued for a slot, this one included. */
  waiting: number;
  limit: IntakeLimit;
}

/** A slot held while its request is in flight; `release` once the answer is back. */
export interface HeldSlot {
  waitedMs: number;
  release(): void;
}

/** Rolling-window pacer with a strict first-come, first-served queue. */
export class IntakePacer {
  private readonly grants: number[] = [];
  /** Slots granted by `hold` whose request is still in flight: they count until released + interval. */
  private open = 0;
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(
    readonly limit: IntakeLimit,
    private readonly clock: Clock = systemClock,
    private readonly onPace?: (n: PaceNotice) => void,
  ) {
    if (!(limit.max >= 1) || !(limit.intervalMs > 0)) throw new RangeError(`intake limit needs max >= 1 and intervalMs > 0 (got ${limit.max}/${limit.intervalMs} ms)`);
  }

  /** Resolves with the milliseconds waited once one more submission may be sent. */
  acquire(): Promise<number> {
    const start = this.clock.now();
    this.waiting += 1;
    const turn = this.tail.then(() => this.grant());
    this.tail = turn.catch(() => undefined);
    return turn.then(() => {
      this.waiting -= 1;
      return this.clock.now() - start;
    });
  }

  /**
   * Like `acquire`, for a sender that knows when its request was answered (protocol replay): the
   * slot counts from the grant until `release()` plus the interval, so however late the request
   * reaches the endpoint (it arrives between the grant and the answer), no rolling window of the
   * endpoint sees more than `max` — jitter on a loaded machine cannot draw a 429.
   */
  async hold(): Promise<HeldSlot> {
    const start = this.clock.now();
    this.waiting += 1;
    const turn = this.tail.then(() => this.grant(true));
    this.tail = turn.catch(() => undefined);
    await turn;
    this.waiting -= 1;
    let released = false;
    return {
      waitedMs: this.clock.now() - start,
      release: () => {
        if (released) return;
        released = true;
        this.open -= 1;
        this.grants.push(this.clock.now());
        this.grants.sort((a, b) => a - b);
      },
    };
  }

  private async grant(held = false): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.grants.length > 0 && this.grants[0]! <= now - this.limit.intervalMs) this.grants.shift();
      if (this.grants.length + this.open < this.limit.max) {
        if (held) this.open += 1;
        else this.grants.push(now);
        return;
      }
      // All slots in flight: wait a moment for one to be released.
      const waitMs = this.grants.length ? this.grants[0]! + this.limit.intervalMs - now : 10;
      this.onPace?.({ waitMs, waiting: this.waiting, limit: this.limit });
      await this.clock.sleep(waitMs);
    }
  }
}

/** A run's intake: which leads are paced, and the pacer they share. */
export interface RunIntake {
  limit: IntakeLimit;
  /** Resolves with the milliseconds waited; at once for a lead whose form is not paced. */
  admit(key: string): Promise<number>;
  /** A slot held until its request is answered (IntakePacer.hold); for senders that see the answer. */
  hold?(key: string): Promise<HeldSlot>;
}

/**
 * Decides the run's intake budget. Every lead whose form profile does not say `intake: false` is
 * paced, when either the profile or the CRM names a limit; several profiles share the smallest
 * they give. With `--shard i/n` this process takes 1/n of it, because the shards post to the same
 * endpoint at the same time; `override` (`--intake`) replaces this process's share outright.
 */
export function planIntake(opts: {
  leads: PlannedLead[];
  crm?: CrmFormIntake;
  shard?: { current: number; total: number };
  override?: number;
}): { limit: IntakeLimit; paced: Set<string> } | null {
  if (opts.override !== undefined && !(Number.isInteger(opts.override) && opts.override >= 1)) {
    throw new ConfigError([{ file: 'command line', field: '--intake', message: 'must be a whole number of form submissions per 10 s for this machine, at least 1 (e.g. --intake 20).' }]);
  }
  const paced = opts.leads.filter((l) => l.form.intake !== false && (l.form.intake !== undefined || opts.crm));
  if (paced.length === 0) return null;
  const configured = paced.flatMap((l) => (l.form.intake ? [{ n: l.form.intake.perTenSeconds, form: l.form.id }] : []));
  const smallest = configured.sort((a, b) => a.n - b.n)[0];
  const total = smallest?.n ?? opts.crm!.perTenSeconds;
  const where = opts.crm?.endpoint ?? 'the form endpoint';
  const from = smallest ? `form profile ${smallest.form}'s intake` : 'leadproof\'s default, below the endpoint\'s limit';
  const keys = new Set(paced.map((l) => l.key));
  if (opts.override !== undefined) {
    return { limit: { max: opts.override, intervalMs: TEN_SECONDS, why: `${perTen(opts.override)} to ${where} (--intake)` }, paced: keys };
  }
  const n = opts.shard?.total ?? 1;
  const share = total / n;
  const rate = share >= 1 ? perTen(Math.floor(share)) : `1 submission per ${formatSeconds(TEN_SECONDS / share)}`;
  const why = `${rate} to ${where} (${from}${n > 1 ? `: ${total} per 10 s split over ${n} shards` : ''})`;
  const limit = share >= 1 ? { max: Math.floor(share), intervalMs: TEN_SECONDS, why } : { max: 1, intervalMs: Math.ceil(TEN_SECONDS / share), why };
  return { limit, paced: keys };
}

/** The run's intake, with a progress line at most every `everyMs` while submissions wait. */
export function runIntake(
  opts: Parameters<typeof planIntake>[0] & { log?: (line: string) => void; clock?: Clock; everyMs?: number },
): RunIntake | null {
  const plan = planIntake(opts);
  if (!plan) return null;
  const clock = opts.clock ?? unrefClock;
  const log = opts.log ?? ((line: string) => console.log(line));
  let lastLine = -Infinity;
  const pacer = new IntakePacer(plan.limit, clock, ({ waitMs, waiting, limit }) => {
    const now = clock.now();
    if (now - lastLine < (opts.everyMs ?? TEN_SECONDS)) return;
    lastLine = now;
    log(`[pace] ${limit.why}; next in ${formatSeconds(waitMs)}${waiting > 1 ? `, ${waiting} waiting` : ''}`);
  });
  return {
    limit: plan.limit,
    admit: (key) => (plan.paced.has(key) ? pacer.acquire() : Promise.resolve(0)),
    hold: (key) => (plan.paced.has(key) ? pacer.hold() : Promise.resolve({ waitedMs: 0, release: () => {} })),
  };
}

function perTen(n: number): string {
  return `${n} submission${n === 1 ? '' : 's'} per 10 s`;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * One rate budget per CRM account per run (DESIGN.md decision 3). Every CRM call of a run goes
 * through `RateBudget.run`, so the run stays below the account's limit by a margin and never
 * starves the production integrations that share it. The SDKs' own retry logic is switched off;
 * retries, Retry-After and rate-limit windows are handled here, CRM-agnostically: each adapter
 * passes a small classifier that says what a failure means.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import pRetry, { AbortError } from 'p-retry';
import { CrmAuthError, CrmRequestError, CrmTimeoutError } from '../errors.js';
import { NoAnswer, TIMEOUT_RETRIES, withDeadline } from './timeout.js';

/** What a failed call means, as the adapter's classifier sees it. */
export type FailureClass =
  /** Worth another attempt: 429 (`rateLimited`), 5xx, network. `delayMs` from Retry-After & co. */
  | { action: 'retry'; reason: string; status?: number; rateLimited?: boolean; delayMs?: number; timedOut?: boolean }
  /** Credentials rejected: never retried; `message` tells the user what to fix. */
  | { action: 'auth'; reason: string; status?: number; message: string }
  /** Retrying cannot help (400, 404, bad input). `hint` replaces the generic what-to-do-next. */
  | { action: 'abort'; reason: string; status?: number; hint?: string };

/** Turns any thrown value from one CRM call into a decision. Must never include secrets. */
export type ErrorClassifier = (err: unknown) => FailureClass;

/** Time source, injectable so the limiter can be tested without wall-clock assertions. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A request-count limit over a rolling window. */
export interface WindowLimit {
  maxPerInterval: number;
  intervalMs: number;
}

export interface RateBudgetOptions extends WindowLimit {
  /** Who the budget is for, used in error messages: "HubSpot portal 424242". */
  label: string;
  classify: ErrorClassifier;
  /** Kinds with their own, additional limit (e.g. `search`); they count against the main one too. */
  subBudgets?: Record<string, WindowLimit>;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Retries of transient failures (5xx, network) per call. Default 4. */
  retries?: number;
  /** Retries after rate-limit answers (429) per call; they do not back off exponentially. Default 8. */
  rateLimitRetries?: number;
  /** First backoff delay for transient failures, doubled each time. Default 500 ms. */
  minBackoffMs?: number;
  /** Cap of the backoff delay. Default 10 s. */
  maxBackoffMs?: number;
  clock?: Clock;
  /** Give up on an attempt that has not answered after this long (a transient failure, retried
   *  at most TIMEOUT_RETRIES times). Default: no deadline. */
  timeoutMs?: number;
}

/** Call counts for the report's figures. */
export interface BudgetStats {
  /** HTTP attempts made, retries included. */
  total: number;
  byKind: Record<string, number>;
  /** Attempts that were retries (of any cause). */
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
}

/** Rolling-window limiter: at most `maxPerInterval` grants in any `intervalMs`. */
export class RollingWindow {
  private readonly grants: number[] = [];
  private pausedUntil = 0;
  constructor(
    public limit: WindowLimit,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(limit.maxPerInterval >= 1) || !(limit.intervalMs > 0)) {
      throw new RangeError(`Rate limit needs maxPerInterval >= 1 and intervalMs > 0 (got ${limit.maxPerInterval}/${limit.intervalMs} ms); fix the budget options.`);
    }
  }

  /** Resolves when a request may be sent, and records it. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      while (this.grants.length > 0 && this.grants[0]! <= now - this.limit.intervalMs) this.grants.shift();
      if (this.grants.length < this.limit.maxPerInterval) {
        this.grants.push(now);
        return;
      }
      // The oldest grant leaves the window first; wait exactly until then.
      await this.clock.sleep(this.grants[0]! + this.limit.intervalMs - now);
    }
  }

  /** The CRM told its real limit: count against this one from now on. */
  resize(limit: WindowLimit): void {
    if (limit.maxPerInterval >= 1 && limit.intervalMs > 0) this.limit = { maxPerInterval: limit.maxPerInterval, intervalMs: limit.intervalMs };
  }

  /** The CRM said "slow down": send nothing through this window for `ms`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }
}

/** Carries a retryable failure through p-retry so the last one can be reported. */
class RetryableFailure extends Error {
  constructor(
    readonly failure: Extract<FailureClass, { action: 'retry' }>,
    readonly original: unknown,
  ) {
    super(failure.reason);
  }
}

export class RateBudget {
  readonly label: string;
  private readonly main: RollingWindow;
  private readonly subs = new Map<string, RollingWindow>();
  private readonly limit: LimitFunction;
  private readonly opts: Required<Pick<RateBudgetOptions, 'retries' | 'rateLimitRetries' | 'minBackoffMs' | 'maxBackoffMs'>>;
  private readonly counts: BudgetStats = { total: 0, byKind: {}, retries: 0, rateLimited: 0 };

  constructor(private readonly options: RateBudgetOptions) {
    this.label = options.label;
    const clock = options.clock ?? systemClock;
    this.main = new RollingWindow(options, clock);
    for (const [kind, lim] of Object.entries(options.subBudgets ?? {})) this.subs.set(kind, new RollingWindow(lim, clock));
    this.limit = pLimit(options.concurrency ?? 4);
    this.opts = {
      retries: options.retries ?? 4,
      rateLimitRetries: options.rateLimitRetries ?? 8,
      minBackoffMs: options.minBackoffMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 10_000,
    };
  }

  /** The main window's limit now (it changes when the CRM reports its real one). */
  get limitNow(): WindowLimit {
    const { maxPerInterval, intervalMs } = this.main.limit;
    return { maxPerInterval, intervalMs };
  }

  /** Count against the limit the CRM reports from now on (adapters read it from response headers). */
  setLimit(limit: WindowLimit): void {
    this.main.resize(limit);
  }

  /** Send nothing for `ms`: the account is close to its limit because others share it. */
  holdOff(ms: number): void {
    this.main.pause(ms);
  }

  /** API calls made so far (attempts, retries included). */
  get apiCalls(): number {
    return this.counts.total;
  }

  stats(): BudgetStats {
    return { ...this.counts, byKind: { ...this.counts.byKind } };
  }

  /**
   * Run one CRM call of `kind` (e.g. `read`, `search`, `owners`) within the budget, retrying
   * what can succeed later. Throws CrmAuthError for rejected credentials, CrmRequestError else.
   */
  async run<T>(kind: string, fn: () => Promise<T>): Promise<T> {
    let rateLimitedAttempts = 0;
    let timeouts = 0;
    let lastFailure: RetryableFailure | undefined;
    const attempt = (n: number) =>
      this.limit(async () => {
        const sub = this.subs.get(kind);
        if (sub) await sub.acquire();
        await this.main.acquire();
        this.count(kind, n > 1);
        try {
          return await (this.options.timeoutMs ? withDeadline(fn, this.options.timeoutMs) : fn());
        } catch (err) {
          throw this.decide(kind, err, sub);
        }
      });
    try {
      return await pRetry(attempt, {
        retries: this.opts.retries + this.opts.rateLimitRetries,
        minTimeout: this.opts.minBackoffMs,
        maxTimeout: this.opts.maxBackoffMs,
        factor: 2,
        onFailedAttempt: ({ error }) => {
          if (error instanceof RetryableFailure) lastFailure = error;
        },
        // 429s already paused the window until the CRM's next one; no extra exponential backoff.
        shouldConsumeRetry: ({ error }) => !(error instanceof RetryableFailure && error.failure.rateLimited),
        shouldRetry: ({ error, retriesConsumed }) => {
          if (!(error instanceof RetryableFailure)) return false;
          if (error.failure.rateLimited) return ++rateLimitedAttempts <= this.opts.rateLimitRetries;
          // A CRM that does not answer rarely starts to within seconds; keep the run's bound short.
          if (error.failure.timedOut && ++timeouts > TIMEOUT_RETRIES) return false;
          return retriesConsumed < this.opts.retries;
        },
      });
    } catch (err) {
      if (err instanceof CrmAuthError || err instanceof CrmRequestError) throw err;
      const failure = err instanceof RetryableFailure ? err : lastFailure;
      if (failure?.failure.timedOut) throw new CrmTimeoutError(this.label, kind, this.options.timeoutMs!, timeouts, failure.original);
      if (failure) {
        throw new CrmRequestError(
          `${this.label}: ${kind} request still failing after retries (${failure.failure.reason}). ` +
            'The CRM may be degraded or the account over its limits; wait a few minutes and run again, ' +
            'or lower the run\'s volume/concurrency.',
          { cause: failure.original, status: failure.failure.status },
        );
      }
      throw new CrmRequestError(`${this.label}: ${kind} request failed unexpectedly; run again, and report a bug if it persists.`, { cause: err });
    }
  }

  private count(kind: string, isRetry: boolean): void {
    this.counts.total++;
    this.counts.byKind[kind] = (this.counts.byKind[kind] ?? 0) + 1;
    if (isRetry) this.counts.retries++;
  }

  /** Map a failure to what p-retry should do with it. */
  private decide(kind: string, err: unknown, sub: RollingWindow | undefined): Error {
    const c: FailureClass = err instanceof NoAnswer ? { action: 'retry', reason: err.message, timedOut: true } : this.options.classify(err);
    if (c.action === 'auth') return new AbortError(new CrmAuthError(c.message, { cause: err }));
    if (c.action === 'abort') {
      return new AbortError(
        new CrmRequestError(
          `${this.label}: ${kind} request was rejected (${c.reason}); retrying will not help. ` +
            (c.hint ?? 'Check the scenario/config values it used, and report a bug if they look right.'),
          { cause: err, status: c.status },
        ),
      );
    }
    if (c.rateLimited) {
      this.counts.rateLimited++;
      // Without a hint from the CRM, wait out a whole window of the limit this kind falls under.
      const window = sub ?? this.main;
      window.pause(c.delayMs ?? window.limit.intervalMs);
    } else if (c.delayMs !== undefined) {
      (sub ?? this.main).pause(c.delayMs);
    }
    return new RetryableFailure(c, err);
  }
}

/**
 * How long flush waits for leads that may still be on their way into the CRM. A form whose
 * request was in flight when the browser or CLI died, or a CRM that processes submissions
 * asynchronously, can create a record after the run has looked: flush re-checks for a while,
 * and past that keeps the ledger open until a deadline so `flush --orphans` comes back.
 */
import type { CrmAdapter } from '../crm/adapter.js';
import { ConfigError } from '../errors.js';

export interface InFlightTimes {
  /** How long one flush keeps re-checking the CRM for leads not found yet. */
  waitMs: number;
  /** How long after its last submission a lead's record may still appear (its deadline). */
  windowMs: number;
}

const DEFAULTS = { waitMs: 30_000, windowMs: 10 * 60_000 };
// CRMs that cap their web forms (Web-to-Lead) queue posts over the cap and create them when their
// 24-hour window frees: a web lead not seen yet may arrive until then, even if no live run saw the
// limit reached (the CLI was killed, or the limit check failed). Safety over a tidy ledger: a lead
// a duplicate rule dropped looks the same, and keeps its ledger open for that day too.
const SLOW_FORMS = { waitMs: 120_000, windowMs: 24 * 60 * 60_000 };

export function inFlightTimes(adapter: Pick<CrmAdapter, 'webToLeadRemaining'>, env: NodeJS.ProcessEnv = process.env): InFlightTimes {
  const base = typeof adapter.webToLeadRemaining === 'function' ? SLOW_FORMS : DEFAULTS;
  return {
    waitMs: msFrom(env, 'LEADPROOF_FLUSH_WAIT_MS', base.waitMs),
    windowMs: msFrom(env, 'LEADPROOF_ARRIVAL_WINDOW_MS', base.windowMs),
  };
}

function msFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v)) throw new ConfigError([{ file: 'environment', field: name, message: `"${v}" must be a whole number of milliseconds (default ${fallback}).` }]);
  return Number(v);
}

/** Throws ConfigError (exit 2) for a malformed LEADPROOF_FLUSH_WAIT_MS / LEADPROOF_ARRIVAL_WINDOW_MS, before anything is done. */
export function checkInFlightEnv(env: NodeJS.ProcessEnv = process.env): void {
  inFlightTimes({}, env);
}

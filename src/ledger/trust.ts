/**
 * What a ledger must show before flush acts on it. A ledger is a list of things to delete and
 * may come from anywhere (a run folder someone sent you, a hand-edited file), so flush takes
 * nothing from it that would widen what it deletes or where it sends the operator's token:
 * the run id and test domain must be there to narrow deletions, and the CRM is always the
 * configured one — a ledger naming another account or address is refused, never followed.
 */
import { LedgerRefusedError } from './errors.js';
import type { LedgerEntry, readLedgerLines } from './ledger.js';

export type RunHeader = Extract<LedgerEntry, { type: 'run' }>;

/**
 * The run header (first entry) of a ledger, checked; undefined for an empty ledger (a run that
 * crashed before its first write created nothing).
 */
export function trustedHeader(file: string, lines: ReturnType<typeof readLedgerLines>): RunHeader | undefined {
  if (lines.length === 0) return undefined;
  const h = lines[0].entry as Partial<RunHeader> & { type: string };
  const at = lines[0].line;
  const fix = 'Flush will not act on it; if it is yours, delete its test records by hand (or restore the file).';
  if (h.type !== 'run') throw new LedgerRefusedError(file, at, `the first line is not the run header, so nothing says which run these records belong to. ${fix}`);
  if (typeof h.runId !== 'string' || !/^[0-9a-z][0-9a-z-]*$/i.test(h.runId)) {
    throw new LedgerRefusedError(file, at, `the run header has no valid runId; without it any test email on the test domain would look like this run's. ${fix}`);
  }
  if (typeof h.testDomain !== 'string' || !/^[^\s@]+\.[^\s@]+$/.test(h.testDomain)) throw new LedgerRefusedError(file, at, `the run header has no valid testDomain. ${fix}`);
  if (h.crm !== 'hubspot' && h.crm !== 'salesforce') throw new LedgerRefusedError(file, at, `the run header names no CRM leadproof knows ("${String(h.crm)}"). ${fix}`);
  if (typeof h.account !== 'string') throw new LedgerRefusedError(file, at, `the run header names no account. ${fix}`);
  for (const { entry, line } of lines) {
    if (entry.type === 'run' && line !== at) throw new LedgerRefusedError(file, line, `a second run header; one ledger belongs to one run. ${fix}`);
    const email = (entry as { email?: unknown }).email;
    if (['intent', 'submitted', 'record', 'flushed', 'pending-until'].includes(entry.type) && typeof email !== 'string') {
      throw new LedgerRefusedError(file, line, `this "${entry.type}" entry has no email. ${fix}`);
    }
  }
  return h as RunHeader;
}

/** The CRM flush is configured to talk to (from the environment, as `run` uses). */
export interface ConfiguredTarget {
  account: string;
  baseUrl?: string;
  /** What to set to point flush at another CRM, e.g. `HUBSPOT_BASE_URL (and HUBSPOT_PORTAL_ID)`. */
  setting: string;
}

/** Refuses a ledger written for another account or address than the configured one. */
export function checkSameTarget(file: string, run: RunHeader, target: ConfiguredTarget): void {
  const mismatches: string[] = [];
  if (run.account !== target.account) mismatches.push(`account "${run.account}" (configured: "${target.account}")`);
  if (normalUrl(run.baseUrl) !== normalUrl(target.baseUrl)) mismatches.push(`address ${run.baseUrl ?? '(none recorded)'} (configured: ${target.baseUrl ?? '(default)'})`);
  if (mismatches.length === 0) return;
  throw new LedgerRefusedError(
    file,
    undefined,
    `written for ${mismatches.join(' and ')}. Flush only talks to the configured CRM and never sends your token where a ledger says. ` +
      `If that run really was on this CRM under another name, set ${target.setting} to match; otherwise flush it with that CRM's own credentials, or ignore the folder.`,
  );
}

function normalUrl(u: string | undefined): string | undefined {
  if (!u) return undefined;
  try {
    const url = new URL(u);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return u;
  }
}

import path from 'node:path';
import type { CrmAdapter } from '../../crm/adapter.js';
import { ConfigError } from '../../errors.js';
import { foldLedger, LEDGER_FILE, readLedger, type LedgerEntry } from '../../ledger/ledger.js';
import { findRunFolders } from '../../ledger/run-index.js';
import type { PlannedLead } from '../../scenario/plan.js';

/**
 * Web-to-Lead orgs accept a fixed number of web leads per rolling day; beyond it posts are
 * queued and created later (counting against the next day), i.e. after the run has flushed.
 * What is left is estimated from the CRM (web leads created in the window, deleted ones too)
 * plus the posts in leadproof's own ledgers that no record has shown yet (they may sit in the
 * queue). A plan beyond it is refused up front; a plan that reaches it is told its posts may
 * be queued, and the run ends saying until when they may still arrive.
 */

export interface VolumeContext {
  /** Reports folders to search for earlier runs' ledgers, as `flush --orphans` does (default: ./reports). */
  reportsDirs?: string[];
  /** The CRM's base URL: ledgers of another org with the same label do not count. */
  baseUrl?: string;
  now?: number;
  /**
   * This process's share of what is left: the shards of one run check at the same moment and
   * each sees the whole allowance, so shard i/n may plan only its part of it. Default 1.
   */
  share?: number;
}

export interface WebToLeadEstimate {
  max: number;
  /** Web leads the CRM shows created within the window, deleted ones included. */
  usedInCrm: number;
  /** Posts earlier runs' ledgers record within the window that no record has shown yet. */
  unseenInLedgers: number;
  remaining: number;
  planned: number;
  /** The plan brings the estimate to the limit: some posts may be queued, not created. */
  mayQueue: boolean;
}

export async function checkWebToLeadVolume(adapter: CrmAdapter, leads: PlannedLead[], ctx: VolumeContext = {}): Promise<WebToLeadEstimate | null> {
  const allowance = await adapter.webToLeadRemaining?.();
  if (!allowance) return null;
  const now = ctx.now ?? Date.now();
  const unseen = unseenPosts(ledgersOf(adapter, ctx), now - allowance.windowMs).length;
  const share = ctx.share ?? 1;
  const left = Math.max(0, allowance.remaining - unseen);
  const remaining = Math.floor(left * share);
  const planned = leads.reduce((n, l) => n + l.submissions, 0);
  const estimate = { max: allowance.max, usedInCrm: allowance.used, unseenInLedgers: unseen, remaining, planned, mayQueue: planned >= remaining };
  const basis = `${allowance.used} web leads created in the last ${windowWords(allowance.windowMs)} (deleted ones included) and ${unseen} posted by earlier runs not yet visible`;
  const ofLeft = share < 1 ? `${remaining} (this shard's ${formatShare(share)} of the ${left})` : `${remaining}`;
  if (planned > remaining) {
    throw new ConfigError(
      [{ file: 'run plan', field: 'volume', message: `plans ${planned} Web-to-Lead submissions but ${adapter.account} has ${ofLeft} of ${allowance.max} left today (${basis}). ${share < 1 ? `Only this shard's part is too big: the shards' plans are uneven, so set LEADPROOF_SHARD_BUDGET_SHARE to this shard's part of the run, or lower` : 'Lower'} volume/--grep, or run after the window frees.` }],
      'The run would exceed the daily Web-to-Lead limit; no lead was created.',
    );
  }
  if (estimate.mayQueue) {
    console.warn(`leadproof: warning: ${planned} Web-to-Lead submissions use the last ${ofLeft} of ${allowance.max} left today in ${adapter.account} (${basis}); any other web lead in the meantime makes Salesforce queue posts of this run and create them later.`);
  }
  return estimate;
}

/** 1/3 → "1/3"; an override like 0.6 → "60 %". */
function formatShare(share: number): string {
  const n = Math.round(1 / share);
  return Math.abs(1 / n - share) < 1e-9 ? `1/${n}` : `${Math.round(share * 100)} %`;
}

/** Posts of a run that may still be created later (queued Web-to-Lead). */
export interface MayStillArrive {
  /** Test emails submitted by the run that no record has shown. */
  emails: string[];
  /** The last moment one of them may still be created: the latest such post plus the window. */
  until: Date;
}

/**
 * For a run's ledger: the emails it submitted that never showed up, when the org's Web-to-Lead
 * window is full enough that they may sit in the queue (the CRM's count plus these reaches the
 * limit). Null when the CRM has no such limit or nothing can still arrive.
 */
export async function webToLeadMayStillArrive(adapter: CrmAdapter, ledgerFile: string, now: number = Date.now()): Promise<MayStillArrive | null> {
  if (!adapter.webToLeadRemaining) return null;
  const posts = unseenPosts([readLedger(ledgerFile)], -Infinity);
  if (posts.length === 0) return null;
  const allowance = await adapter.webToLeadRemaining();
  if (!allowance || posts.length < allowance.remaining) return null;
  const latest = Math.max(...posts.map((p) => p.at));
  if (latest + allowance.windowMs <= now) return null;
  return { emails: [...new Set(posts.map((p) => p.email))], until: new Date(latest + allowance.windowMs) };
}

/** The line the run ends with when posts may still arrive. */
export function mayStillArriveLine(r: MayStillArrive): string {
  return `${r.emails.length} queued Web-to-Lead leads may still arrive until ${r.until.toISOString()}; run flush again after that`;
}

/** Submissions the browser saw accepted since `since` whose email no record has shown (one per post). */
function unseenPosts(ledgers: LedgerEntry[][], since: number): { email: string; at: number }[] {
  const out: { email: string; at: number }[] = [];
  for (const entries of ledgers) {
    const seen = new Map<string, number>();
    for (const email of foldLedger(entries).recordIds.values()) seen.set(email, (seen.get(email) ?? 0) + 1);
    for (const e of entries) {
      if (e.type !== 'submitted' || !e.ok) continue;
      const email = e.email.toLowerCase();
      const at = Date.parse(e.at);
      // A post whose email has a record was counted by the CRM (deleted or not).
      if ((seen.get(email) ?? 0) > 0) seen.set(email, seen.get(email)! - 1);
      else if (at >= since) out.push({ email, at });
    }
  }
  return out;
}

/**
 * Ledgers written against this org (same CRM, account and base URL), found where `flush
 * --orphans` finds them: anywhere below the reports folder, plus the run index there for runs
 * whose --out pointed elsewhere. A ledger that does not read is skipped here (flush refuses it
 * by name); the estimate is the lower for it, and the CRM's own count still stands.
 */
function ledgersOf(adapter: CrmAdapter, ctx: VolumeContext): LedgerEntry[][] {
  const out: LedgerEntry[][] = [];
  const dirs = new Set((ctx.reportsDirs ?? ['reports']).flatMap((d) => findRunFolders(d).dirs));
  for (const dir of dirs) {
    let entries: LedgerEntry[];
    try {
      entries = readLedger(path.join(dir, LEDGER_FILE));
    } catch {
      continue;
    }
    const run = foldLedger(entries).run;
    // An embedded sandbox lives for one run: its posts never reach a later org.
    if (run && !run.sandbox && run.crm === adapter.kind && run.account === adapter.account && (!ctx.baseUrl || !run.baseUrl || run.baseUrl === ctx.baseUrl)) out.push(entries);
  }
  return out;
}

function windowWords(ms: number): string {
  return ms === 86_400_000 ? '24 h' : ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 1000)} s`;
}


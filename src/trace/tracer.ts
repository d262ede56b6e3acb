/**
 * Traces every submitted lead of the run from one place: one poll loop, batched reads for all
 * pending leads at once, owner lookups cached — so batching and the CRM rate budget span every
 * browser worker (DESIGN.md decisions 2 and 3). Browser workers never wait on the CRM; they hand
 * leads over and the `verify` test cases collect the verdicts here.
 */
import type { CrmAdapter, CrmRecord, HistoryEntry, OwnerInfo } from '../crm/adapter.js';
import { LeadproofError } from '../errors.js';
import { evaluate, graceMs, INDEX_LAG_BOUND_MS, mayDecide, SEARCH_LAG_MARGIN_MS, type Evaluation, type Observation } from '../expect/evaluate.js';
import type { FieldResolver } from '../expect/fields.js';
import { settleMs } from '../expect/settle.js';
import type { CheckResult } from '../report/model.js';
import type { PlannedLead } from '../scenario/plan.js';

/** Everything the run knows about one lead once it is decided. */
export interface LeadVerdict {
  key: string;
  passed: boolean;
  checks: CheckResult[];
  recordId: string | null;
  recordIds: string[];
  submittedAt: number | null;
  foundAt: number | null;
  ownerAssignedAt: number | null;
  decidedAt: number;
  owner?: Evaluation['owner'];
  sourceFields?: Record<string, string | null>;
  /** Keys of `sourceFields` this lead's checks assert. */
  assertedFields?: string[];
}

interface Tracked {
  lead: PlannedLead;
  /** Submissions reported so far; a lead is judged only once all of them are in. */
  reported: number;
  submittedAt: number;
  lastSubmittedAt: number;
  records: CrmRecord[];
  foundAt: number | null;
  searchIds?: string[];
  searchedAt?: number;
  knownIds: Set<string>;
  /** History of the primary record as last read, valid while `historyKey` still matches. */
  history?: Record<string, HistoryEntry[]>;
  /** Record id + owner + lifecycle when the history was read: a change means new history. */
  historyKey?: string;
  /** When every check was first seen passing; the verdict waits a settle period from here. */
  seenRightAt?: number;
  /** When the history was last read from the CRM (not from the cache above). */
  historyReadAt?: number;
  /** The record seen right before the settle period, gone at its re-read (merged, deleted, converted). */
  lostRecordId?: string;
}

/**
 * Pending leads up to which one read fetches current values and history together; beyond it,
 * current values are read 100 at a time and history (capped at 50 per call on HubSpot) only for
 * leads that could then be decided.
 */
const HISTORY_BATCH = 50;
/** Polls at most this often per lead window: a 60 s SLA is looked at every 6 s. */
const POLLS_PER_WINDOW = 10;
/** Longest pause between polls, whatever the windows. */
const MAX_POLL_MS = 30_000;

export interface TracerOptions {
  /**
   * Shortest pause between polls. The tracer polls less often when every pending lead has a long
   * window (window / 10, at most 30 s): owner and lifecycle times come from the CRM's own
   * history, so cadence only changes how soon a verdict is known, and each poll costs API calls.
   */
  pollMs: number;
  /** Called once per record id first seen for a lead (the ledger records it for flush). */
  onRecord: (lead: PlannedLead, recordId: string) => void;
  onDecided?: (lead: PlannedLead, verdict: LeadVerdict) => void;
  /**
   * Fields (scenario names) any scenario of the run asserts: read for every lead, so the report
   * shows each lead's actual value even where its own checks do not assert it. Fields of leads
   * handed over are added as they come.
   */
  fields?: string[];
  /** Consecutive failed polls before pending leads are failed. */
  maxPollFailures?: number;
  now?: () => number;
}

export class Tracer {
  private readonly tracked = new Map<string, Tracked>();
  private readonly verdicts = new Map<string, LeadVerdict>();
  private readonly waiters = new Map<string, ((v: LeadVerdict) => void)[]>();
  private readonly owners = new Map<string, OwnerInfo>();
  /** Ids the CRM's owner lookup did not know (e.g. a change author that is no owner): asked once. */
  private readonly unknownOwners = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private running = false;
  private stopped = false;
  private crmFailure: unknown = null;
  private readonly now: () => number;
  private readonly assertedAnywhere: Set<string>;

  constructor(private readonly adapter: CrmAdapter, private readonly names: FieldResolver, private readonly opts: TracerOptions) {
    this.now = opts.now ?? Date.now;
    this.assertedAnywhere = new Set(opts.fields ?? []);
  }

  /** A submission went out at `at` (ms epoch); repeated submissions of the same lead extend its window. */
  submitted(lead: PlannedLead, at: number): void {
    const t = this.tracked.get(lead.key);
    if (t) {
      t.reported += 1;
      t.lastSubmittedAt = Math.max(t.lastSubmittedAt, at);
      return;
    }
    this.tracked.set(lead.key, { lead, reported: 1, submittedAt: at, lastSubmittedAt: at, records: [], foundAt: null, knownIds: new Set() });
    for (const f of Object.keys(lead.scenario.expect.fields ?? {})) this.assertedAnywhere.add(f);
    this.schedule(0);
  }

  /** The browser could not submit: the lead is decided as failed without asking the CRM. */
  submitFailed(lead: PlannedLead, error: string): void {
    // A later attempt failing overrides a verdict judged on the earlier ones.
    this.verdicts.delete(lead.key);
    this.decide(lead, {
      key: lead.key, passed: false, recordId: null, recordIds: [], submittedAt: null, foundAt: null, ownerAssignedAt: null, decidedAt: this.now(),
      checks: [{ name: 'form submitted', kind: 'submit', passed: false, expected: 'the form accepts the submission', actual: error, message: `the form could not be submitted: ${error}` }],
    });
  }

  verdict(key: string): Promise<LeadVerdict> {
    const v = this.verdicts.get(key);
    if (v) return Promise.resolve(v);
    return new Promise((resolve) => this.waiters.set(key, [...(this.waiters.get(key) ?? []), resolve]));
  }

  /** True when at least one submission of this lead reached the tracer. */
  isTracked(key: string): boolean {
    return this.tracked.has(key);
  }

  get pending(): number {
    return [...this.tracked.keys()].filter((k) => !this.verdicts.has(k)).length;
  }

  allVerdicts(): LeadVerdict[] {
    return [...this.verdicts.values()];
  }

  /** Resolves when every lead handed over so far is decided. */
  async drain(): Promise<void> {
    await Promise.all([...this.tracked.keys()].map((k) => this.verdict(k)));
  }

  /** True once polls failed for good (CRM unreachable, token revoked): the run exits 3. */
  get crmFailed(): boolean {
    return this.crmFailure !== null;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.timer || this.running || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, ms);
  }

  private async tick(): Promise<void> {
    const pending = [...this.tracked.values()].filter((t) => !this.verdicts.has(t.lead.key));
    if (pending.length === 0 || this.stopped) return;
    this.running = true;
    try {
      await this.poll(pending);
      this.failures = 0;
    } catch (err) {
      this.failures += 1;
      // A rejected token, or a CRM that already let every attempt of a call time out: more polls cannot help.
      const fatal = err instanceof LeadproofError && (err.code === 'CRM_AUTH' || err.code === 'CRM_TIMEOUT');
      if (fatal || this.failures >= (this.opts.maxPollFailures ?? 5)) {
        this.crmFailure = err;
        for (const t of pending) this.failCrm(t, err);
      } else {
        console.error(`[trace] CRM poll failed (${this.failures}×), retrying: ${(err as Error).message}`);
      }
    } finally {
      this.running = false;
    }
    if (this.pending > 0) this.schedule(this.nextPollMs());
  }

  /** Poll cadence follows the shortest window still pending (see TracerOptions.pollMs). */
  private nextPollMs(): number {
    const pending = [...this.tracked.values()].filter((t) => !this.verdicts.has(t.lead.key));
    const byWindow = Math.min(MAX_POLL_MS, Math.min(...pending.map((t) => t.lead.withinMs)) / POLLS_PER_WINDOW);
    // A settling lead is re-read when its settle period ends, not a long window's poll later.
    const now = this.now();
    const bySettle = Math.min(...pending.filter((t) => t.seenRightAt !== undefined).map((t) => settleDue(t) - now));
    return Math.max(this.opts.pollMs, Math.min(Number.isFinite(byWindow) ? byWindow : 0, Number.isFinite(bySettle) ? bySettle : Infinity));
  }

  private async poll(pending: Tracked[]): Promise<void> {
    const core = this.names.core;
    const fieldNames = new Set([core.email, core.lifecycle, core.owner, ...this.sourceFieldNames().values()]);
    const found = await this.readRecords(pending, [...fieldNames]);
    const now = this.now();
    // Uniqueness is judged from the search index a lag margin after the window (see evaluate()).
    const toSearch = pending.filter((t) => t.lead.scenario.expect.unique && now >= t.lastSubmittedAt + t.lead.withinMs + SEARCH_LAG_MARGIN_MS && t.records.length > 0);
    const searched = toSearch.length ? await this.adapter.searchByEmails(toSearch.map((t) => t.lead.lead.email)) : new Map();
    for (const t of pending) {
      const recs = found.get(t.lead.lead.email) ?? [];
      if (toSearch.includes(t)) {
        t.searchIds = (searched.get(t.lead.lead.email) ?? []).map((r: { id: string }) => r.id);
        t.searchedAt = now;
      }
      for (const id of [...recs.map((r) => r.id), ...(t.searchIds ?? [])]) {
        if (!t.knownIds.has(id) && !this.stopped) {
          t.knownIds.add(id);
          this.opts.onRecord(t.lead, id);
        }
      }
    }
    await this.resolveOwners(pending);
    for (const t of pending) this.judge(t, this.now());
  }

  /**
   * Current records of every pending lead, with history where it matters. Few leads: one read
   * with history. Many: current values 100 per call, then history only for leads whose owner or
   * lifecycle changed since their history was read and that the history could decide now — so a
   * lead costs about one history read in its life instead of one per poll.
   */
  private async readRecords(pending: Tracked[], properties: string[]): Promise<Map<string, CrmRecord[]>> {
    const core = this.names.core;
    const historyOf = [core.lifecycle, core.owner];
    const emails = (ts: Tracked[]) => ts.map((t) => t.lead.lead.email);
    const withHistory = pending.length <= HISTORY_BATCH;
    // A read shows at least what the CRM held when it started: that is how fresh it counts as.
    const readAt = this.now();
    const found = await this.adapter.findByEmails(emails(pending), properties, withHistory ? historyOf : []);
    const now = this.now();
    for (const t of pending) {
      const recs = found.get(t.lead.lead.email) ?? [];
      if (recs.length === 0) {
        // A settle re-read that finds nothing must not pass on the record seen before.
        if (withHistory) this.loseIfSettling(t, readAt);
        continue;
      }
      t.records = recs;
      t.foundAt ??= now;
    }
    if (withHistory) {
      for (const t of pending) if (t.records.length) this.keepHistory(t, t.records[0], historyKey(t.records[0], core.owner, core.lifecycle), readAt);
      return found;
    }
    // Owner names first: whether a lead can be decided depends on who its owner is.
    await this.resolveOwners(pending);
    const stale: Tracked[] = [];
    for (const t of pending) {
      const recs = found.get(t.lead.lead.email) ?? [];
      // The settle re-read judges from the latest history: the same owner and stage can hide a
      // change and a change back (A → B → A) that the cached history does not show. It is read
      // even when this read found nothing, so a record gone since is judged, not waited for.
      if (t.seenRightAt !== undefined && now >= settleDue(t)) {
        stale.push(t);
        continue;
      }
      if (recs.length === 0) continue;
      const key = historyKey(recs[0], core.owner, core.lifecycle);
      if (t.historyKey === key) recs[0] = { ...recs[0], history: t.history ?? {} };
      else if (t.reported >= t.lead.submissions && mayDecide(t.lead.scenario, t.lead.withinMs, this.observation(t, now), this.names)) stale.push(t);
    }
    if (stale.length > 0) {
      const freshAt = this.now();
      const fresh = await this.adapter.findByEmails(emails(stale), properties, historyOf);
      for (const t of stale) {
        const recs = fresh.get(t.lead.lead.email) ?? [];
        if (recs.length === 0) {
          if (!this.loseIfSettling(t, freshAt)) t.historyReadAt = freshAt;
        } else {
          t.records = recs;
          this.keepHistory(t, recs[0], historyKey(recs[0], core.owner, core.lifecycle), freshAt);
        }
      }
    }
    return found;
  }

  /** A lead seen right whose record is gone at the settle re-read fails on that, not on stale data. */
  private loseIfSettling(t: Tracked, readAt: number): boolean {
    if (t.seenRightAt === undefined || readAt < settleDue(t) || t.records.length === 0) return false;
    t.lostRecordId = t.records[0]!.id;
    t.records = [];
    t.historyReadAt = readAt;
    return true;
  }

  private keepHistory(t: Tracked, rec: CrmRecord, key: string, at: number): void {
    t.history = rec.history;
    t.historyKey = key;
    t.historyReadAt = at;
  }

  private observation(t: Tracked, now: number, recheck = false): Observation {
    return {
      now, submittedAt: t.submittedAt, lastSubmittedAt: t.lastSubmittedAt, records: t.records, searchIds: t.searchIds, searchedAt: t.searchedAt, owners: this.owners,
      ...(recheck ? { seenRightAt: t.seenRightAt } : {}),
      ...(t.lostRecordId ? { lostRecordId: t.lostRecordId } : {}),
    };
  }

  /**
   * Names for the current owner, for earlier owners in its history (a reassignment is told by
   * name) and for the users the CRM says made a change (a user id resolves like an owner id).
   */
  private async resolveOwners(pending: Tracked[]): Promise<void> {
    const ids = new Set<string>();
    const want = (id: string | null | undefined) => {
      if (id && !this.owners.has(id) && !this.unknownOwners.has(id)) ids.add(id);
    };
    for (const t of pending) {
      const rec = t.records[0];
      if (!rec) continue;
      want(rec.properties[this.names.core.owner]);
      for (const h of rec.history[this.names.core.owner] ?? []) want(h.value);
      for (const h of [...(rec.history[this.names.core.owner] ?? []), ...(rec.history[this.names.core.lifecycle] ?? [])]) {
        if (h.by?.kind === 'user') want(h.by.id);
      }
    }
    if (ids.size === 0) return;
    const resolved = await this.adapter.resolveOwners([...ids]);
    for (const id of ids) {
      const info = resolved.get(id);
      if (info) this.owners.set(id, info);
      else this.unknownOwners.add(id);
    }
  }

  private judge(t: Tracked, now: number): void {
    if (this.stopped || this.verdicts.has(t.lead.key) || t.reported < t.lead.submissions) return;
    const s = t.lead.scenario;
    const recheck = t.seenRightAt !== undefined;
    // The re-read is judged only from values and history read once the settle period was over.
    if (recheck && !((t.historyReadAt ?? 0) >= settleDue(t))) return;
    const e = evaluate(s, t.lead.withinMs, this.observation(t, now, recheck), this.names);
    const passed = e.checks.every((c) => c.passed);
    // A pass is held for the settle period, then judged again from a fresh read (see settle.ts);
    // a failure needs no settling. The re-read decides whatever it shows.
    if (!recheck && e.decided && passed && settleMs(s) > 0) {
      t.seenRightAt = now;
      return;
    }
    if (!e.decided && !recheck) return;
    const rec = t.records[0];
    // A field first asserted by a lead handed over after this record was read stays out ("not read"), not null ("empty").
    const sourceFields = rec ? Object.fromEntries([...this.sourceFieldNames()].filter(([, native]) => native in rec.properties).map(([f, native]) => [f, rec.properties[native] ?? null])) : undefined;
    this.decide(t.lead, {
      key: t.lead.key,
      passed,
      checks: e.checks.map(({ pending: _p, ...c }) => c),
      recordId: rec?.id ?? null,
      recordIds: [...t.knownIds],
      submittedAt: t.submittedAt,
      foundAt: t.foundAt,
      ownerAssignedAt: e.ownerAssignedAt,
      decidedAt: now,
      owner: e.owner,
      sourceFields,
      assertedFields: Object.keys(s.expect.fields ?? {}),
    });
  }

  /** Report key → native name: the fields the run asserts, then the CRM's standard source fields not among them. */
  private sourceFieldNames(): Map<string, string> {
    const out = new Map([...this.assertedAnywhere].map((f) => [f, this.names.field(f)]));
    const read = new Set(out.values());
    for (const native of this.names.core.sourceFields ?? []) if (!read.has(native)) out.set(native, native);
    return out;
  }

  private failCrm(t: Tracked, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.decide(t.lead, {
      key: t.lead.key, passed: false, recordId: t.records[0]?.id ?? null, recordIds: [...t.knownIds], submittedAt: t.submittedAt, foundAt: t.foundAt,
      ownerAssignedAt: null, decidedAt: this.now(),
      checks: [{ name: 'CRM reachable', kind: 'record', passed: false, expected: 'the CRM answers', actual: message, message: `could not read the CRM: ${message}` }],
    });
  }

  private decide(lead: PlannedLead, v: LeadVerdict): void {
    this.verdicts.set(lead.key, v);
    // The verdict holds what the report needs; the records and history read to reach it are not
    // read again (a decided lead is never polled), so a 10,000-lead run does not keep them all.
    const t = this.tracked.get(lead.key);
    if (t) {
      t.records = [];
      t.history = undefined;
      t.searchIds = undefined;
    }
    this.opts.onDecided?.(lead, v);
    for (const w of this.waiters.get(lead.key) ?? []) w(v);
    this.waiters.delete(lead.key);
  }
}

function settleDue(t: Tracked): number {
  return (t.seenRightAt ?? Infinity) + settleMs(t.lead.scenario);
}

function historyKey(rec: CrmRecord, owner: string, lifecycle: string): string {
  return [rec.id, rec.properties[owner] ?? '', rec.properties[lifecycle] ?? ''].join('\n');
}

/**
 * Longest time a lead can stay pending after its last submission: window + late grace (or the
 * search-lag wait of a uniqueness check), then the settle period of a lead seen right at its end.
 */
export function maxTraceMs(lead: PlannedLead): number {
  const uniqueWait = lead.scenario.expect.unique ? SEARCH_LAG_MARGIN_MS + INDEX_LAG_BOUND_MS : 0;
  return lead.withinMs + Math.max(graceMs(lead.withinMs), uniqueWait) + settleMs(lead.scenario);
}

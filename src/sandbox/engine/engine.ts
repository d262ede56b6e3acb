import { EventEmitter } from 'node:events';
import { lifecycleWorkflowId } from './automations.js';
import { attribute, VisitorLog, type PageView } from './attribution.js';
import { Router, type OwnerRef, type RoutingDecision } from './routing.js';
import { seedParked, seedRecords } from './seed.js';
import type { Stack } from './stack-schema.js';
import { PersonStore, type PersonRecord } from './store.js';

export type CrmFlavor = 'hubspot' | 'salesforce';

/** A form submission in canonical field names (see engine/index.ts). */
export interface Submission {
  /** Stack form id (`demo-request`), used by routing/lifecycle rules. */
  formId: string;
  fields: Record<string, string | null>;
  /** Visitor token from the page's cookie; absent → source OFFLINE. */
  hutk?: string;
  pageUri?: string;
}

export interface SubmitResult {
  record: PersonRecord;
  /** false when the submission merged into an existing record with the same email. */
  created: boolean;
}

export type EngineEvent = 'created' | 'updated' | 'routed' | 'stage';

/** HubSpot's lifecycle stages only move forward, in this order (unless a workflow clears the stage first). */
const STAGE_ORDER = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist'];

export class CrmEngine extends EventEmitter {
  readonly store: PersonStore;
  readonly visitors = new VisitorLog();
  private readonly router: Router;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    readonly stack: Stack,
    readonly flavor: CrmFlavor,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.store = new PersonStore(flavor === 'hubspot' ? 1001 : 5001);
    this.router = new Router(stack, flavor);
    seedRecords(stack, this.store, this.now());
    seedParked(stack, this.store, this.now(), flavor);
  }

  trackPageView(hutk: string, view: Omit<PageView, 'at'>): void {
    this.visitors.record(hutk, { ...view, at: this.now() });
  }

  submit(sub: Submission): SubmitResult {
    const at = this.now();
    const email = (sub.fields.email ?? '').trim().toLowerCase();
    const fields = { ...sub.fields, email };
    const visit = this.visitors.get(sub.hutk);
    const attr = attribute(visit?.first, sub.formId);
    const latest = attribute(visit?.latest, sub.formId);
    const latestFields = { latestSource: latest.source, latestSourceData1: latest.data1, latestSourceData2: latest.data2 };
    // HubSpot dedupes form submissions by email; Salesforce Web-to-Lead always inserts (an org
    // keeps one lead per person only through a blocking duplicate rule, modelled in the org view).
    const existing = this.flavor === 'hubspot' && this.stack.duplicates === 'merge' ? this.store.byEmail(email)[0] : undefined;
    if (existing) {
      this.store.write(existing, fields, 'FORM', at, sub.formId);
      this.store.write(existing, latestFields, 'ANALYTICS', at);
      this.emit('updated', existing);
      this.scheduleLifecycle(existing, sub);
      return { record: existing, created: false };
    }
    const rec = this.store.create({ ...fields, lifecycle: this.stack.lifecycle.initialStage }, 'FORM', at, { sourceId: sub.formId });
    this.store.write(rec, { source: attr.source, sourceData1: attr.data1, sourceData2: attr.data2, ...latestFields }, 'ANALYTICS', at);
    this.emit('created', rec);
    this.scheduleRouting(rec, sub);
    this.scheduleLifecycle(rec, sub);
    return { record: rec, created: true };
  }

  get(id: string): PersonRecord | undefined {
    return this.store.get(id);
  }

  list(): PersonRecord[] {
    return this.store.list();
  }

  byEmail(email: string): PersonRecord[] {
    return this.store.byEmail(email);
  }

  archive(id: string): boolean {
    return this.store.archive(id);
  }

  /** Clears pending workflow timers; the engine stops acting on records. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Owner value stored on records: the stack owner id, or `queue:<name>`. */
  static ownerValue(ref: OwnerRef): string {
    return ref.kind === 'user' ? ref.owner.id : `queue:${ref.queue}`;
  }

  private scheduleRouting(rec: PersonRecord, sub: Submission): void {
    const employees = sub.fields.employees ? Number(sub.fields.employees) : null;
    const decision = this.router.route({
      country: sub.fields.country ?? null,
      employees: employees !== null && Number.isFinite(employees) ? employees : null,
      website: sub.fields.website ?? null,
      form: sub.formId,
    });
    const assign = (d: Omit<RoutingDecision, 'reassign'>, then?: () => void) =>
      this.later(d.delayMs, () => {
        if (rec.archived) return;
        this.store.write(rec, { owner: CrmEngine.ownerValue(d.target) }, 'WORKFLOW', this.now(), d.workflowId);
        this.emit('routed', rec, d);
        then?.();
      });
    const again = decision.reassign;
    assign(decision, again && (() => assign(again)));
  }

  private scheduleLifecycle(rec: PersonRecord, sub: Submission): void {
    const lc = this.stack.lifecycle;
    if (!lc.workflowsEnabled) return;
    const employees = Number(sub.fields.employees ?? rec.fields.employees ?? NaN);
    // Every rule whose conditions hold acts (each is its own workflow), after its delay. On
    // HubSpot a rule only moves the stage forward unless it clears the stage first; Salesforce's
    // Lead Status has no order, so a rule there sets whatever status it names.
    lc.rules.forEach((rule, i) => {
      const applies =
        (rule.when.forms === undefined || rule.when.forms.includes(sub.formId)) &&
        (rule.when.minEmployees === undefined || (Number.isFinite(employees) && employees >= rule.when.minEmployees));
      if (!applies) return;
      // HubSpot's history names a workflow by its numeric id (sourceId).
      const workflowId = lifecycleWorkflowId(rule, i);
      this.later(rule.delaySeconds * 1000, () => {
        const from = rec.fields.lifecycle ?? null;
        if (rec.archived || from === rule.stage) return;
        const backward = this.flavor === 'hubspot' && !this.isForward(from, rule.stage);
        if (backward && !rule.clearFirst) return; // HubSpot ignores it silently
        if (backward) this.store.write(rec, { lifecycle: null }, 'WORKFLOW', this.now(), workflowId);
        this.store.write(rec, { lifecycle: rule.stage }, 'WORKFLOW', this.now(), workflowId);
        this.emit('stage', rec, rule.stage);
      });
    });
  }

  private isForward(from: string | null, to: string): boolean {
    return from === null || STAGE_ORDER.indexOf(to) > STAGE_ORDER.indexOf(from);
  }

  private later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }
}

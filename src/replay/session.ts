/**
 * `leadproof run --volume --replay`: per branch (one scenario's volume leads), the first lead goes
 * through the real browser and page, and its captured request becomes the template the branch's
 * other leads are sent from over HTTP by this process — each with its own person and visitor id,
 * written to the ledger before the send, paced by the run's intake budget, traced by the run's
 * tracer, exactly as a browser lead is.
 *
 * Where replay would not be faithful (a per-page token, a captcha, a request that could not be
 * captured, a browser lead that failed), that branch falls back to the browser with a warning:
 * those checks can only be made once the first lead has gone through the page, after leads exist,
 * so refusing the whole run at that point would waste them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { CAPTURE_FILE, type FormCapture } from '../forms/capture.js';
import { evidenceDir } from '../forms/evidence.js';
import type { Ledger } from '../ledger/ledger.js';
import type { PlannedLead } from '../scenario/plan.js';
import { submissionEvents, type SubmissionReport } from '../trace/broker.js';
import type { RunIntake } from '../trace/intake.js';
import type { Tracer } from '../trace/tracer.js';
import { replayRequest, sendReplay } from './send.js';
import { buildTemplate, isTokenName, type ReplayTemplate } from './template.js';

export type Via = 'browser' | 'replay';

/** Runs the browser phase on some of the leads (a Playwright run on a plan of them). */
export type RunBrowser = (leads: PlannedLead[], capture?: string[]) => Promise<number>;

export interface ReplayDeps {
  outDir: string;
  ledger: Ledger;
  tracer: Tracer;
  intake: RunIntake | null;
  /** Replayed requests in flight at once (default 16); the intake budget paces them anyway. */
  concurrency?: number;
  log?: (line: string) => void;
  warn?: (line: string) => void;
}

interface Branch {
  id: string;
  name: string;
  first: PlannedLead;
  rest: PlannedLead[];
  state: 'waiting' | 'replaying' | 'refused';
  reason?: string;
}

export class ReplaySession {
  /** Leads the first browser pass submits: each replayable branch's first lead, and every lead of the others. */
  readonly browserLeads: PlannedLead[];
  /** Keys whose request the browser records. */
  readonly capture: string[];
  private readonly branches = new Map<string, Branch>();
  private readonly replayed = new Set<string>();
  private readonly sends: Promise<void>[] = [];
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly events;
  private sent = 0;

  /**
   * A session whose branches are first looked at over plain HTTP: a landing page that ships a
   * token-named hidden input or a captcha widget sends its branch through the browser from the
   * start (no second browser pass). The capture still judges every branch that passes this.
   */
  static async open(leads: PlannedLead[], deps: ReplayDeps): Promise<ReplaySession> {
    const pages = new Map<string, Promise<string | null>>();
    const refusals = new Map<string, string>();
    for (const l of leads) {
      const id = branchOf(l.key);
      if (refusals.has(id) || l.key === id) continue;
      if (!pages.has(l.landingUrl)) pages.set(l.landingUrl, pageRefusal(l.landingUrl));
      const reason = await pages.get(l.landingUrl)!;
      if (reason) refusals.set(id, reason);
    }
    return new ReplaySession(leads, deps, refusals);
  }

  constructor(leads: PlannedLead[], private readonly deps: ReplayDeps, refusals: Map<string, string> = new Map()) {
    this.limit = pLimit(deps.concurrency ?? 16);
    this.events = submissionEvents(deps.ledger, deps.tracer);
    const groups = new Map<string, PlannedLead[]>();
    for (const l of leads) {
      const id = branchOf(l.key);
      const g = groups.get(id);
      if (g) g.push(l);
      else groups.set(id, [l]);
    }
    this.browserLeads = [];
    for (const [id, group] of groups) {
      // A repeat submission is one visitor posting again (same cookie, same page): not replayed.
      if (group.length < 2 || group.some((l) => l.submissions !== 1)) {
        this.browserLeads.push(...group);
        continue;
      }
      if (refusals.has(id)) {
        (deps.warn ?? console.warn)(`leadproof: warning: no replay for "${group[0]!.scenario.name}": ${refusals.get(id)}; all its ${group.length} leads go through the browser.`);
        this.browserLeads.push(...group);
        continue;
      }
      const [first, ...rest] = group;
      this.branches.set(id, { id, name: first!.scenario.name, first: first!, rest, state: 'waiting' });
      this.browserLeads.push(first!);
    }
    this.capture = [...this.branches.values()].map((b) => b.first.key);
  }

  /** Submissions this process sent (for the report's figures). */
  get submissions(): number {
    return this.sent;
  }

  via(key: string): Via {
    return this.replayed.has(key) ? 'replay' : 'browser';
  }

  /** The broker's hook: a branch's browser lead reported its submission. */
  onSubmitted = (lead: PlannedLead, r: SubmissionReport): void => {
    const b = this.branches.get(branchOf(lead.key));
    if (!b || b.first.key !== lead.key || b.state !== 'waiting') return;
    if (!r.ok) {
      b.reason = `its browser lead ${lead.lead.email} was not submitted (${r.error ?? 'failed'})`;
      return;
    }
    const file = path.join(evidenceDir(this.deps.outDir, lead.key), CAPTURE_FILE);
    const capture = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FormCapture) : null;
    const res = buildTemplate(capture, lead.lead);
    if (!res.ok) {
      b.state = 'refused';
      b.reason = res.reason;
      return;
    }
    this.writeTemplate(b, res.template);
    b.state = 'replaying';
    const t = res.template;
    (this.deps.log ?? console.log)(`[replay] "${b.name}": ${b.rest.length} lead(s) over HTTP from ${lead.lead.email}'s ${t.encoding} ${t.method} ${new URL(t.url).pathname}${t.visitorIds.length ? `, fresh ${t.visitorIds.map((v) => v.name).join('/')} each` : ''}${t.beacons.length ? `, ${t.beacons.length} page-view beacon(s) first` : ''}`);
    for (const l of b.rest) this.sends.push(this.limit(() => this.replayOne(t, l)));
  };

  /**
   * The first browser pass (capturing), the replays it unlocks, then one more browser pass for
   * the branches that could not be replayed. Resolves with the worse browser exit code.
   */
  async run(runBrowser: RunBrowser): Promise<number> {
    const first = await runBrowser(this.browserLeads, this.capture);
    const fallback: PlannedLead[] = [];
    for (const b of this.branches.values()) {
      if (b.state === 'replaying') continue;
      b.state = 'refused';
      (this.deps.warn ?? console.warn)(`leadproof: warning: no replay for "${b.name}": ${b.reason ?? 'its browser lead never reported a submission'}; its ${b.rest.length} other lead(s) go through the browser.`);
      fallback.push(...b.rest);
    }
    // Every send settles before a failure ends the run (an intent the ledger could not make
    // durable): one still in flight must report, or its lead is sent and never traced or listed.
    const failed = (await Promise.allSettled(this.sends)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const second = fallback.length ? await runBrowser(fallback) : 0;
    return Math.max(first, second);
  }

  private async replayOne(t: ReplayTemplate, lead: PlannedLead): Promise<void> {
    // Ledger first, as for a browser lead: a crash after this line leaves flush something to find.
    await this.events.intent(lead);
    const intake = this.deps.intake;
    const slot = intake?.hold ? await intake.hold(lead.key) : { waitedMs: await intake?.admit(lead.key), release: () => {} };
    const req = replayRequest(t, lead.lead);
    const at = Date.now();
    let report: SubmissionReport;
    try {
      const res = await sendReplay(req);
      report = res.status >= 400
        ? { key: lead.key, attempt: 1, ok: false, at, error: `the form endpoint answered ${res.status}: ${res.text.slice(0, 300)}`, refused: res.status < 500 ? res.status : undefined }
        : { key: lead.key, attempt: 1, ok: true, at };
      if (!report.ok) this.writeEvidence(lead, { replayedFrom: t.capturedFrom, url: req.url, method: req.method, postData: req.body, status: res.status, response: res.text.slice(0, 2000) });
    } catch (err) {
      report = { key: lead.key, attempt: 1, ok: false, at, error: `replayed request failed: ${(err as Error).message}` };
    } finally {
      slot.release();
    }
    this.sent += 1;
    this.replayed.add(lead.key);
    this.events.submitted(lead, report);
  }

  private writeTemplate(b: Branch, t: ReplayTemplate): void {
    const dir = path.join(this.deps.outDir, 'replay');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${b.id.replace(/[^A-Za-z0-9._-]+/g, '_')}.template.json`), `${JSON.stringify({ branch: b.name, ...t }, null, 2)}\n`);
  }

  /** A failed replayed lead keeps what was sent and answered, as a browser lead's payload.json does. */
  private writeEvidence(lead: PlannedLead, payload: unknown): void {
    const dir = evidenceDir(this.deps.outDir, lead.key);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'payload.json'), `${JSON.stringify([payload], null, 2)}\n`);
  }
}

/** Why a landing page's own HTML rules replay out, or null (also when it cannot be fetched: the capture decides then). */
async function pageRefusal(url: string): Promise<string | null> {
  const html = await fetch(url, { signal: AbortSignal.timeout(10_000) }).then((r) => (r.ok ? r.text() : ''), () => '');
  const hidden = [...html.matchAll(/<input\b[^>]*>/gi)].map((m) => m[0]).filter((t) => /type=["']?hidden/i.test(t))
    .map((t) => /name=["']?([^"'\s>]+)/i.exec(t)?.[1] ?? '').filter(Boolean);
  const tokens = hidden.filter(isTokenName);
  if (tokens.length) return `its page carries a per-page token field (${tokens.join(', ')})`;
  if (CAPTCHA_MARKUP.test(html)) return 'its page carries a captcha: each submission needs a token a person solves';
  return null;
}

const CAPTCHA_MARKUP = /class=["'][^"']*\b(g-recaptcha|h-captcha|cf-turnstile)\b|data-sitekey=/i;

/** A volume lead's key is `<file>#<scenario index>.<n>`: the branch is everything before `.n`. */
export function branchOf(key: string): string {
  return key.replace(/(#\d+)\.\d+$/, '$1');
}

/**
 * Replay bench (LEADPROOF_BENCH_MODE=replay, or part of `both`): protocol replay, tracer and ledger
 * at volume, in this process, against sandboxes in child processes (`leadproof sandbox`), so this
 * process's RSS is the harness's alone (the sandbox and Chromium aside).
 *
 * 1. Unpaced: per branch one real browser capture (src/forms/capture.ts through Chromium), then N
 *    leads replayed over HTTP by ReplaySession with no intake budget, against a stack with the
 *    forms limit off and a raised API limit (so the sandbox's limits are not what is measured),
 *    every lead written to a real ledger and traced to its verdict by the real Tracer. Prints
 *    `replay.leadsPerS` and the harness RSS (`rssMbPer1000Leads`, `peakRssMb`).
 * 2. Paced: a smaller run against the default stack (HubSpot's forms limit, 50 per 10 s) with the
 *    run's real intake budget (40 per 10 s): `pacedRun.achievedPerS` vs `budgetPerS`, 429s seen,
 *    and the wall time against slowest workflow delay + leads ÷ rate + a constant.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeHeapSnapshot } from 'node:v8';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { createHubSpotAdapter, createHubSpotBudget } from '../src/crm/index.js';
import { fieldResolver } from '../src/expect/fields.js';
import { Ledger } from '../src/ledger/ledger.js';
import { ReplaySession } from '../src/replay/index.js';
import { synthesizeLead } from '../src/scenario/lead.js';
import { resolveForm, type PlannedLead } from '../src/scenario/plan.js';
import { DEFAULT_STACK } from '../src/sandbox/index.js';
import { submissionEvents } from '../src/trace/broker.js';
import { runIntake, type RunIntake } from '../src/trace/intake.js';
import { Tracer } from '../src/trace/tracer.js';
import { BIN, DEMO_CONFIG } from '../test/e2e/harness.js';

const BRANCHES = [
  { name: 'EMEA enterprise', country: 'DE', employees: 2500, team: 'EMEA Enterprise' },
  { name: 'NA mid-market', country: 'US', employees: 300, team: 'NA Mid-Market' },
  { name: 'APAC', country: 'JP', employees: 500, team: 'APAC' },
  { name: 'SMB', country: 'US', employees: 20, team: 'SMB' },
];
const WITHIN_MS = 60_000;
/** Fixed costs of a run besides submitting and the slowest workflow: browser captures, last poll, drain. */
const CONSTANT_S = 15;
const RSS_TARGET_MB = 300;

interface Sandbox { baseUrl: string; siteUrl: string; token: string; testDomain: string; stop(): Promise<void> }

export interface ReplayFigures {
  replay: { leads: number; passed: number; leadsPerS: number; sendSpanS: number; tracedWallS: number; concurrency: number; failures: string[] };
  rssMbPer1000Leads: number;
  peakRssMb: number;
  /** Issue 11's bound for the harness process at 10,000 traced leads, and whether this run's peak held it. */
  rssTargetMb: number;
  peakRssWithinTarget: boolean;
  ledgerFsyncsPerLead: number;
  /** Of the unpaced run: CRM API calls per traced lead, and submission to owner assignment. */
  crmApiCallsPerLead: number;
  timeToOwnerMs: { p50?: number; p95?: number };
  baselineRssMb: number;
  pacedRun: { leads: number; passed: number; achievedPerS: number; budgetPerS: number; ratioToBudget: number; got429: number; wallTimeS: number; boundS: number; slowestWorkflowS: number; withinBound: boolean };
}

export async function replayBench(n: number, pacedLeads: number): Promise<ReplayFigures> {
  const unpaced = await phase({ n, paced: false });
  const paced = await phase({ n: pacedLeads, paced: true });
  const budgetPerS = paced.intake!.limit.max / (paced.intake!.limit.intervalMs / 1000);
  // Sends over the windows they span: a rolling budget lets the first window's worth go at once.
  const achievedPerS = paced.sent / ((paced.lastSendAt - paced.firstSendAt + paced.intake!.limit.intervalMs) / 1000);
  const slowestWorkflowS = slowestWorkflow();
  const boundS = slowestWorkflowS + pacedLeads / budgetPerS + CONSTANT_S;
  return {
    replay: { leads: n, passed: unpaced.passed, leadsPerS: +(unpaced.sent / ((unpaced.lastSendAt - unpaced.firstSendAt) / 1000)).toFixed(1), sendSpanS: +((unpaced.lastSendAt - unpaced.firstSendAt) / 1000).toFixed(1), tracedWallS: +(unpaced.wallMs / 1000).toFixed(1), concurrency: unpaced.concurrency, failures: [...unpaced.failures, ...paced.failures] },
    rssMbPer1000Leads: +(((unpaced.peakRss - unpaced.baselineRss) / 2 ** 20) / (n / 1000)).toFixed(1),
    peakRssMb: +(unpaced.peakRss / 2 ** 20).toFixed(1),
    rssTargetMb: RSS_TARGET_MB,
    peakRssWithinTarget: unpaced.peakRss / 2 ** 20 <= RSS_TARGET_MB,
    ledgerFsyncsPerLead: +(unpaced.fsyncs / n).toFixed(3),
    crmApiCallsPerLead: +(unpaced.apiCalls / n).toFixed(3),
    timeToOwnerMs: { p50: pct(unpaced.toOwner, 50), p95: pct(unpaced.toOwner, 95) },
    baselineRssMb: +(unpaced.baselineRss / 2 ** 20).toFixed(1),
    pacedRun: {
      leads: pacedLeads, passed: paced.passed, achievedPerS: +achievedPerS.toFixed(2), budgetPerS, ratioToBudget: +(achievedPerS / budgetPerS).toFixed(3), got429: paced.got429,
      wallTimeS: +(paced.wallMs / 1000).toFixed(1), boundS: +boundS.toFixed(1), slowestWorkflowS, withinBound: paced.wallMs / 1000 <= boundS,
    },
  };
}

async function phase(opts: { n: number; paced: boolean }) {
  const stackFile = benchStack(!opts.paced);
  const sb = await startChildSandbox(stackFile);
  const outDir = mkdtempSync(path.join(tmpdir(), `lp-bench-replay-${opts.paced ? 'paced' : 'unpaced'}-`));
  try {
    const budget = createHubSpotBudget({ label: 'bench' });
    const adapter = createHubSpotAdapter({ accessToken: sb.token, baseUrl: sb.baseUrl, portalLabel: 'bench', budget });
    const names = fieldResolver({ forms: {} } as never, 'hubspot', adapter.coreFields);
    const ledger = new Ledger(outDir);
    const tracer = new Tracer(adapter, names, { pollMs: 1000, onRecord: (lead, recordId) => ledger.append({ type: 'record', at: new Date().toISOString(), key: lead.key, email: lead.lead.email, recordId }) });
    const leads = benchLeads(opts.n, sb);
    const intake: RunIntake | null = opts.paced ? runIntake({ leads, crm: adapter.formIntake, log: () => {} }) : null;
    const concurrency = opts.paced ? 16 : 32;
    const session = new ReplaySession(leads, { outDir, ledger, tracer, intake, concurrency, log: () => {}, warn: (l) => console.error(l) });
    const events = submissionEvents(ledger, tracer);
    const sendTimes: number[] = [];
    // Every send, browser or replayed, passes through the ledger's `submitted` entry.
    const append = ledger.append.bind(ledger);
    ledger.append = (e) => {
      if (e.type === 'submitted') sendTimes.push(Date.parse(e.at));
      append(e);
    };
    // Re-taken once the browser captures are done: the per-lead figure is replay + tracer + ledger.
    let baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
    const t0 = Date.now();
    await session.run(async (browserLeads, capture) => {
      // All branches' captures first, then their replays: the replay span holds replays only.
      const done: [l: PlannedLead, at: number, ok: boolean, error?: string][] = [];
      await captureInBrowser(browserLeads.filter((l) => capture?.includes(l.key)), outDir, (...r) => done.push(r), (lead) => events.intent(lead), intake);
      baselineRss = process.memoryUsage().rss;
      for (const [lead, at, ok, error] of done) {
        events.submitted(lead, { key: lead.key, attempt: 1, ok, at, error });
        session.onSubmitted(lead, { key: lead.key, attempt: 1, ok, at, error });
      }
      return 0;
    });
    await Promise.race([tracer.drain(), new Promise((r) => setTimeout(r, 2 * WITHIN_MS + 120_000).unref())]);
    const wallMs = Date.now() - t0;
    clearInterval(sampler);
    if (process.env.LEADPROOF_BENCH_HEAP && !opts.paced) console.error(`heap snapshot: ${writeHeapSnapshot(process.env.LEADPROOF_BENCH_HEAP)}`);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    tracer.stop();
    ledger.close();
    const entries = readFileSync(ledger.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; refused?: number });
    const replayedTimes = sendTimes.slice(BRANCHES.length).sort((a, b) => a - b);
    return {
      sent: replayedTimes.length, firstSendAt: replayedTimes[0]!, lastSendAt: replayedTimes.at(-1)!, wallMs, intake, concurrency,
      passed: tracer.allVerdicts().filter((v) => v.passed).length,
      failures: tracer.allVerdicts().filter((v) => !v.passed).slice(0, 3).map((v) => `${v.key}: ${v.checks.filter((c) => !c.passed).map((c) => c.message).join('; ')}`),
      got429: entries.filter((e) => e.type === 'submitted' && e.refused === 429).length,
      baselineRss, peakRss, fsyncs: ledger.fsyncs, apiCalls: adapter.apiCalls,
      toOwner: tracer.allVerdicts().map((v) => (v.ownerAssignedAt !== null && v.submittedAt !== null ? v.ownerAssignedAt - v.submittedAt : NaN)).filter(Number.isFinite).sort((a, b) => a - b),
    };
  } finally {
    await sb.stop();
  }
}

/**
 * The first lead of each branch through Chromium with the capture on, in a child process
 * (bench/capture-child.ts) as the browser phase is in a real run: each lead's intent is durable
 * in the ledger and its intake slot taken here first, as the broker does for a Playwright worker.
 */
async function captureInBrowser(leads: PlannedLead[], outDir: string, submitted: (l: PlannedLead, at: number, ok: boolean, error?: string) => void, intent: (l: PlannedLead) => Promise<void>, intake: RunIntake | null): Promise<void> {
  for (const lead of leads) {
    await intent(lead);
    await intake?.admit(lead.key);
  }
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'capture-child.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin!.end(JSON.stringify({ outDir, leads }));
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const byKey = new Map(leads.map((l) => [l.key, l]));
  const lines = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { key: string; at: number; ok: boolean; error?: string });
  for (const r of lines) submitted(byKey.get(r.key)!, r.at, r.ok, r.error);
  if (code !== 0 || lines.length !== leads.length) throw new Error(`browser capture child exited ${code} after ${lines.length} of ${leads.length} leads`);
}

function benchLeads(n: number, sb: Sandbox): PlannedLead[] {
  const config = parse(DEMO_CONFIG) as { forms: Record<string, never> };
  const form = resolveForm('demo-request', config.forms['demo-request']!, 'hubspot', sb.siteUrl);
  const runId = `bench-${Date.now().toString(36)}`;
  return Array.from({ length: n }, (_, i) => {
    const b = i % BRANCHES.length;
    const v = Math.floor(i / BRANCHES.length);
    const branch = BRANCHES[b]!;
    const key = `bench.scenario.yaml#${b}.${v}`;
    const landing = new URL(form.url);
    for (const [k, x] of Object.entries({ utm_source: 'google', utm_medium: 'cpc', utm_campaign: `bench-${b}` })) landing.searchParams.set(k, x);
    return {
      key, seq: i + 1, scenarioFile: 'bench.scenario.yaml', submissions: 1, withinMs: WITHIN_MS, form, landingUrl: landing.href,
      scenario: { name: `Bench ${branch.name}`, form: 'demo-request', expect: { owner: { team: branch.team }, fields: { utm_source: 'google', utm_campaign: `bench-${b}` } } } as PlannedLead['scenario'],
      lead: synthesizeLead({ seed: 1, key, runId, seq: i + 1, testDomain: sb.testDomain, given: { country: branch.country, employees: branch.employees } }),
    };
  }).sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
}

/** Unpaced: the forms limit off and the API limit raised, so the harness is what is measured. */
function benchStack(unlimited: boolean): string {
  const stack = parse(readFileSync(DEFAULT_STACK, 'utf8')) as Record<string, unknown> & { seed: { count: number } };
  stack.seed.count = 50;
  if (unlimited) {
    stack.formsRateLimit = false;
    stack.rateLimit = { perTenSeconds: 2000, searchPerSecond: 20, daily: 10_000_000 };
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lp-bench-stack-')), `${unlimited ? 'unlimited' : 'default'}.stack.yaml`);
  writeFileSync(file, stringify(stack));
  return file;
}

function slowestWorkflow(): number {
  const stack = parse(readFileSync(DEFAULT_STACK, 'utf8')) as { routing: { delaySeconds?: number }[]; lifecycle: { rules: { delaySeconds?: number }[] }; fallback: { delaySeconds?: number }; searchLagSeconds?: number };
  return Math.max(...stack.routing.map((r) => r.delaySeconds ?? 0), ...stack.lifecycle.rules.map((r) => r.delaySeconds ?? 0), stack.fallback.delaySeconds ?? 0);
}

/** LEADPROOF_BENCH_SANDBOX_PROF=<dir>: the sandbox child writes a CPU profile there (node --cpu-prof is not allowed in NODE_OPTIONS). */
function sandboxNodeArgs(): string[] {
  const dir = process.env.LEADPROOF_BENCH_SANDBOX_PROF;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
}

/** `leadproof sandbox` in a child process; its printed banner says where it listens. */
async function startChildSandbox(stack: string): Promise<Sandbox> {
  const child: ChildProcess = spawn(process.execPath, [...sandboxNodeArgs(), BIN, 'sandbox', '--stack', stack], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (out.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}: ${out}`)));
  });
  const get = (label: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(out)![1]!;
  return {
    baseUrl: get('HubSpot API base URL'), siteUrl: get('Demo site').replace(/\/$/, ''), token: get('HubSpot access token'), testDomain: get('Test email domain'),
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/**
 * `npm run bench`: a volume run of the real CLI against a standalone sandbox, printing the
 * figures that matter for planning real runs — leads per minute through real forms, CRM API
 * calls per lead (batching at work), time from submission to owner and to verdict — and the
 * sandbox's own request counters. Figures, not assertions: these machines are shared and noisy.
 * Then the same number of leads at tracer scale (bench/trace.ts): straight to the forms endpoint
 * at intake pace, workflows taking 5–60 s, for CRM API calls per traced lead at volume.
 *
 * The browser bench measures, in the same run, a plain playwright-core loop on the same form
 * (bench/plain-loop.ts) as the baseline, half of it before and half after leadproof's run so
 * both see the same machine, and prints browserPhase.ratioToPlainLoop.
 *
 * The default mode (`both`) runs the browser bench and the replay bench and prints ONE JSON object
 * with every figure issue 11 asks for (browserPhase, plainLoop, replay, pacedRun, rssMbPer1000Leads,
 * crmApiCallsPerLead and timeToOwnerMs of the browser run), each measured in that run.
 *
 *   LEADPROOF_BENCH_LEADS=60 LEADPROOF_BENCH_WORKERS=2 npm run bench       (both; LEADPROOF_BENCH_REPLAY_LEADS sizes the replay part)
 *   LEADPROOF_BENCH_MODE=trace LEADPROOF_BENCH_LEADS=1000 npm run bench   (browser | trace | replay | both)
 *   LEADPROOF_BENCH_MODE=replay LEADPROOF_BENCH_LEADS=10000 npm run bench  (bench/replay.ts: replay + tracer + ledger, RSS, pacing)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunReport } from '../src/report/model.js';
import { hubspotEnv, ROOT, runCli, withSandbox } from '../test/e2e/harness.js';
import { LEDGER_FILE } from '../src/ledger/ledger.js';
import { childCpuS, plainLoop, type PlainLoopFigures } from './plain-loop.js';
import type { ReplayFigures } from './replay.js';
import { traceBench } from './trace.js';
import { runInChild } from '../src/forms/child.js';

const leads = Number(process.env.LEADPROOF_BENCH_LEADS ?? 40);
const workers = Number(process.env.LEADPROOF_BENCH_WORKERS ?? 2);
const mode = process.env.LEADPROOF_BENCH_MODE ?? 'both';
if (!['browser', 'trace', 'replay', 'both'].includes(mode)) throw new Error(`LEADPROOF_BENCH_MODE=${mode}: use browser, trace, replay or both.`);

if (mode === 'replay') {
  const figures = await replayBench(leads, Number(process.env.LEADPROOF_BENCH_PACED_LEADS ?? Math.min(leads, 200)));
  console.log(JSON.stringify({ mode: 'replay', leads, passed: figures.replay.passed, ...figures }, null, 2));
  if (figures.replay.passed !== leads || figures.pacedRun.got429 > 0) process.exitCode = 1;
}
if (mode === 'browser') console.log(JSON.stringify(await browserBench(), null, 2));
if (mode === 'both') {
  const browser = await browserBench();
  const replayLeads = Number(process.env.LEADPROOF_BENCH_REPLAY_LEADS ?? leads);
  const r = await replayBench(replayLeads, Number(process.env.LEADPROOF_BENCH_PACED_LEADS ?? Math.min(replayLeads, 200)));
  const { crmApiCallsPerLead: replayCalls, timeToOwnerMs: replayToOwner, ...replayFigures } = r;
  console.log(JSON.stringify({
    ...browser,
    mode: 'both',
    ...replayFigures,
    replay: { ...r.replay, crmApiCallsPerLead: replayCalls, timeToOwnerMs: replayToOwner },
  }, null, 2));
  if (browser.passed !== browser.leads || r.replay.passed !== replayLeads || r.pacedRun.got429 > 0) process.exitCode = 1;
}
if (mode === 'trace') {
  const figures = await traceBench(leads, Number(process.env.LEADPROOF_BENCH_INTAKE_PER_10S ?? 40));
  console.log(JSON.stringify(figures, null, 2));
  if (figures.passed !== figures.leads) process.exitCode = 1;
}

/**
 * The replay bench runs in a process of its own (bench/replay-child.ts) that loads what
 * `leadproof run` loads and applies its heap policy, so the RSS it reports is the harness's: not
 * this process's, which has run the plain playwright-core loop.
 */
function replayBench(n: number, pacedLeads: number): Promise<ReplayFigures> {
  return runInChild<ReplayFigures>(new URL('./replay-child.ts', import.meta.url), { n, pacedLeads }, { stderr: 'inherit', label: 'replay bench' });
}

async function browserBench() {
  const branches = [
    { country: 'DE', employees: 2500, team: 'EMEA Enterprise' },
    { country: 'US', employees: 300, team: 'NA Mid-Market' },
    { country: 'JP', employees: 500, team: 'APAC' },
    { country: 'US', employees: 20, team: 'SMB' },
  ];

  const dir = mkdtempSync(path.join(tmpdir(), 'lp-bench-'));
  writeFileSync(path.join(dir, 'leadproof.config.yaml'), readFileSync(path.join(ROOT, 'scenarios/leadproof.config.yaml')));
  branches.forEach((b, i) => {
    writeFileSync(path.join(dir, `b${i}.scenario.yaml`), [
      `name: Bench ${b.team} ${i}`,
      'form: demo-request',
      `utm: { source: google, medium: cpc, campaign: bench-${i} }`,
      `lead: { country: ${b.country}, employees: ${b.employees} }`,
      `volume: ${Math.ceil(leads / branches.length)}`,
      'expect:',
      '  fields: { utm_source: google, source: PAID_SEARCH }',
      `  owner: { team: ${b.team} }`,
      '  within: 30s',
    ].join('\n'));
  });

  const plainLeads = Number(process.env.LEADPROOF_BENCH_PLAIN_LEADS ?? leads);
  const before = await baseline(Math.ceil(plainLeads / 2), 'before');
  const sb = await withSandbox();
  const out = path.join(dir, 'out');
  const t0 = Date.now();
  const cpu0 = childCpuS();
  const r = await runCli(['run', '--scenarios', dir, '--volume', '--workers', String(workers), '--out', out, '--seed', '1'], { env: hubspotEnv(sb) });
  const wall = Date.now() - t0;
  const cpu = childCpuS() - cpu0;
  const stats = sb.stats?.() ?? {};
  await sb.stop();
  if (r.code !== 0) {
    console.error(r.stdout.slice(-3000), r.stderr.slice(-3000));
    throw new Error(`bench run exited ${r.code}`);
  }
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
  const toOwner = report.leads.map((l) => l.timings.timeToOwnerMs ?? NaN).filter(Number.isFinite).sort((a, b) => a - b);
  const toVerdict = report.leads.map((l) => Date.parse(l.timings.decidedAt ?? '') - Date.parse(l.timings.submittedAt ?? '')).filter(Number.isFinite).sort((a, b) => a - b);
  const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  const n = report.summary.total;
  const after = await baseline(Math.floor(plainLeads / 2), 'after');
  const plainRate = (before.leads + after.leads) / (before.wallTimeS + after.wallTimeS);
  const phase = browserPhase(path.join(out, LEDGER_FILE));
  return {
    mode: 'browser',
    leads: n,
    passed: report.summary.passed,
    workers,
    browserPhase: {
      leadsPerS: +phase.leadsPerS.toFixed(3),
      ratioToPlainLoop: +(phase.leadsPerS / plainRate).toFixed(2),
      wallTimeS: +phase.wallTimeS.toFixed(1),
      evidence: process.env.LEADPROOF_EVIDENCE || 'lean (volume run)',
    },
    plainLoop: {
      leadsPerS: +plainRate.toFixed(3),
      leads: before.leads + after.leads,
      before: { leadsPerS: before.leadsPerS, browserCpuSPerLead: before.browserCpuSPerLead },
      after: { leadsPerS: after.leadsPerS, browserCpuSPerLead: after.browserCpuSPerLead },
    },
    // Every process of the run (CLI, tracer, Playwright runner and workers, Chromium): steadier
    // than wall time on a shared machine; compare with plainLoop.*.browserCpuSPerLead.
    runCpuSPerLead: +(cpu / n).toFixed(3),
    wallTimeS: +(wall / 1000).toFixed(1),
    leadsPerMinute: +((n / wall) * 60_000).toFixed(1),
    crmApiCalls: report.figures.apiCalls,
    crmApiCallsPerLead: +(report.figures.apiCalls / n).toFixed(2),
    timeToOwnerMs: { p50: pct(toOwner, 50), p95: pct(toOwner, 95) },
    submissionToVerdictMs: { p50: pct(toVerdict, 50), p95: pct(toVerdict, 95) },
    sandboxRequests: stats,
  };
}

/** The baseline on a sandbox of its own, so its leads never meet leadproof's run. */
async function baseline(n: number, tag: string): Promise<PlainLoopFigures> {
  if (n === 0) return { leads: 0, submitted: 0, wallTimeS: 0, leadsPerS: 0, browserCpuSPerLead: 0 };
  const sb = await withSandbox();
  try {
    const f = await plainLoop({ siteUrl: sb.siteUrl, testDomain: sb.testDomain, leads: n, workers, tag: `plain-${tag}` });
    if (f.submitted !== f.leads) throw new Error(`plain loop (${tag}): ${f.submitted} of ${f.leads} submissions accepted`);
    return f;
  } finally {
    await sb.stop();
  }
}

/**
 * The browser phase from the run's ledger: first intent (a lead's test has begun) to the last
 * accepted submission, as the plain loop is timed from its first lead to its last.
 */
function browserPhase(ledgerFile: string): { leadsPerS: number; wallTimeS: number } {
  const entries = readFileSync(ledgerFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; at: string; ok?: boolean });
  const first = Math.min(...entries.filter((e) => e.type === 'intent').map((e) => Date.parse(e.at)));
  const sent = entries.filter((e) => e.type === 'submitted' && e.ok);
  const last = Math.max(...sent.map((e) => Date.parse(e.at)));
  const wallTimeS = (last - first) / 1000;
  return { leadsPerS: sent.length / wallTimeS, wallTimeS };
}

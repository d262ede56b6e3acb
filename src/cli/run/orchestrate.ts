/**
 * One run, start to finish: load → target → preflight → plan → ledger/broker/tracer →
 * Playwright → flush → report. Cleanup (flush, sandbox stop) sits in `finally` blocks so it runs
 * when checks fail and when the browser side crashes.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { coverageLine, coverageOfRun, type RoutingCoverage } from '../../coverage/index.js';
import { fieldResolver } from '../../expect/fields.js';
import { preflight } from '../../expect/preflight.js';
import { flushRun } from '../../ledger/flush.js';
import { claimRunDir } from '../../ledger/claim.js';
import { Ledger, LEDGER_FILE } from '../../ledger/ledger.js';
import { checkInFlightEnv } from '../../ledger/in-flight.js';
import { indexRunFolder } from '../../ledger/run-index.js';
import { findChromium } from '../../forms/browser.js';
import { evidenceMode } from '../../forms/evidence.js';
import { verdictExitCode, writeRunArtifacts } from '../../report/index.js';
import { classifyEvidenceFiles, gatherEvidence } from '../../evidence/index.js';
import type { FlushSummary, RunReport } from '../../report/model.js';
import { loadProject } from '../../scenario/load.js';
import { buildLeads, type RunPlan } from '../../scenario/plan.js';
import { startBroker } from '../../trace/broker.js';
import { runIntake } from '../../trace/intake.js';
import { maxTraceMs, Tracer } from '../../trace/tracer.js';
import { toolVersion } from '../version.js';
import { assembleReport, leadResult } from './assemble.js';
import { gitInfo } from './git.js';
import { runPlaywright } from './playwright.js';
import type { PlaywrightFlags } from './playwright-flags.js';
import { printSummary } from './summary.js';
import { openTarget, resolveTestDomain } from './target.js';
import { ConfigError } from '../../errors.js';
import { checkSigningKey } from './input.js';
import { ReplaySession } from '../../replay/index.js';
import { shardBudgetShare } from './shard-budget.js';
import { checkWebToLeadVolume, mayStillArriveLine, webToLeadMayStillArrive } from './volume.js';
import { prepareRunDiff } from '../../diff/index.js';

export interface RunOptions {
  crm?: string;
  stack?: string;
  scenarios: string;
  config?: string;
  site?: string;
  grep?: string;
  seed?: number;
  out?: string;
  keep?: boolean;
  workers?: number;
  shard?: string;
  volume?: boolean;
  pollMs?: number;
  signingKey?: string;
  /** This process's form submissions per 10 s, overriding the profiles' intake and the shard split. */
  intake?: number;
  /** INCOMPLETE exits 1 (also `requireComplete: true` in the config). */
  requireComplete?: boolean;
  /** --headed, --trace, --reporter: passed on to Playwright. */
  playwright?: PlaywrightFlags;
  /** Compare with this run folder or `last-passed` (src/diff). */
  baseline?: string;
  /** The intended changes against the baseline: the gate (src/diff). */
  expectChanges?: string;
  /** Volume runs: a branch's first lead through the browser, the others replayed over HTTP (src/replay/). */
  replay?: boolean;
  /** Evidence files in other places than their default under reports/ (src/evidence). */
  evidence?: string[];
  /** Where the default evidence lookup looks (default reports/; `monitor --reports` sets its own). */
  reportsDir?: string;
}

/** Returns the process exit code: 0 PASSED/INCOMPLETE, 1 FAILED (or INCOMPLETE when completeness is required). Throws LeadproofError for 2/3. */
export async function runLeads(opts: RunOptions): Promise<number> {
  const startedAt = new Date();
  const project = await loadProject({ scenarios: opts.scenarios, config: opts.config });
  const shard = parseShard(opts.shard);
  const grep = parseGrep(opts.grep);
  if (opts.pollMs !== undefined && !(Number.isInteger(opts.pollMs) && opts.pollMs >= 250)) {
    throw new ConfigError([{ file: 'command line', field: '--poll', message: 'must be a whole number of milliseconds, at least 250 (each poll spends CRM API budget).' }]);
  }
  checkSigningKey(opts.signingKey, process.env);
  classifyEvidenceFiles(opts.evidence ?? []); // a missing or unknown --evidence file: exit 2 before any lead
  if (opts.replay && !opts.volume) throw new ConfigError([{ file: 'command line', field: '--replay', message: 'replays the volume leads of each branch; add --volume (a run without it has one lead per scenario, all through the browser).' }]);
  const runId = newRunId(startedAt);
  const runDir = path.resolve(opts.out ?? path.join('reports', runId));
  // Claimed before anything else happens: a second run on the same --out is refused here (exit 2).
  const claim = claimRunDir(runDir, runId, opts.out ?? path.join('reports', runId));
  let target: Awaited<ReturnType<typeof openTarget>>;
  try {
    findChromium(); // no browser → exit 2 here, before anything is created
    target = await openTarget({ crm: opts.crm, stack: opts.stack, site: opts.site, shard });
  } catch (err) {
    claim.release();
    throw err;
  }
  try {
    if (!target.siteUrl) throw new ConfigError([{ file: 'command line', field: '--site', message: 'no site URL: pass --site <url> or set LEADPROOF_SITE_URL so relative form URLs can be resolved.' }]);
    const testDomain = resolveTestDomain(target, project.config.testDomain, process.env);
    const seed = opts.seed ?? randomBytes(4).readUInt32BE(0) % 1_000_000;
    const leads = buildLeads({
      scenarios: project.scenarios, config: project.config, crm: target.kind, siteUrl: target.siteUrl, runId, seed, testDomain,
      grep, shard, volume: opts.volume,
    });
    if (leads.length === 0) throw new ConfigError([{ file: opts.scenarios, field: '', message: `no scenario applies${opts.grep ? ` (--grep ${opts.grep})` : ''} to ${target.kind}.` }]);
    const intake = runIntake({ leads, crm: target.adapter.formIntake, shard, override: opts.intake });
    const evidence = evidenceMode(process.env, Boolean(opts.volume));
    checkInFlightEnv(); // a bad LEADPROOF_FLUSH_WAIT_MS / _ARRIVAL_WINDOW_MS is exit 2 now, not a failed flush later
    const names = fieldResolver(project.config, target.kind, target.adapter.coreFields);
    const baseline = prepareRunDiff(opts, { runId, crm: { kind: target.kind, account: target.adapter.account, sandbox: !!target.sandbox }, scenarios: project.digests });
    console.log(`leadproof: ${leads.length} lead(s) from ${project.scenarios.length} scenario(s) against ${target.adapter.account}; seed ${seed}`);
    await preflight({ adapter: target.adapter, names, leads, configFile: project.configFile, crmLabel: target.adapter.account });
    // Earlier runs' posts count against the Web-to-Lead window, wherever their --out pointed. Shards
    // share a real org's allowance; each embedded sandbox is an org of its own.
    await checkWebToLeadVolume(target.adapter, leads, { reportsDirs: ['reports'], baseUrl: target.baseUrl, share: target.sandbox ? 1 : shardBudgetShare(shard, process.env) });
    if (intake) console.log(`[pace] form submissions: ${intake.limit.why}`);

    indexRunFolder(path.resolve('reports'), runDir, runId); // first, so `flush --orphans` finds the ledger wherever --out pointed
    const ledger = new Ledger(runDir);
    ledger.append({ type: 'run', at: startedAt.toISOString(), runId, crm: target.kind, account: target.adapter.account, baseUrl: target.baseUrl, sandbox: !!target.sandbox, testDomain, pid: process.pid, host: hostname() });
    const tracer = new Tracer(target.adapter, names, {
      pollMs: opts.pollMs ?? (target.sandbox ? 1000 : 5000),
      fields: leads.flatMap((l) => Object.keys(l.scenario.expect.fields ?? {})),
      onRecord: (lead, recordId) => ledger.append({ type: 'record', at: new Date().toISOString(), key: lead.key, email: lead.lead.email, recordId }),
    });
    const replay = opts.replay ? await ReplaySession.open(leads, { outDir: runDir, ledger, tracer, intake }) : null;
    const broker = await startBroker(leads, ledger, tracer, replay?.onSubmitted, intake);
    const progress = setInterval(() => {
      if (tracer.pending > 0) console.log(`[trace] ${tracer.allVerdicts().length} decided, ${tracer.pending} being traced in ${target.adapter.account}`);
    }, 10_000);
    progress.unref();

    let flush: FlushSummary = { deleted: 0, failed: 0, refused: 0, skipped: true, details: [] };
    let browserExit = 0;
    let flushError: Error | null = null;
    let late: Awaited<ReturnType<typeof webToLeadMayStillArrive>> = null;
    let routingCoverage: RoutingCoverage | undefined;
    try {
      let pass = 0;
      const runBrowser = (subset: typeof leads, capture?: string[]) => {
        pass++;
        const plan: RunPlan = { runId, seed, crm: target.kind, testDomain, outDir: runDir, brokerUrl: broker.url, leads: subset, evidence, volume: Boolean(opts.volume), capture, browserPass: pass };
        const planFile = path.join(runDir, pass === 1 ? 'plan.json' : `plan-${pass}.json`);
        writeFileSync(planFile, JSON.stringify(plan, null, 2));
        return runPlaywright({ planFile, workers: opts.workers, flags: opts.playwright });
      };
      browserExit = replay ? await replay.run(runBrowser) : await runBrowser(leads);
      // Every verify case waited for its verdict; leads that never got that far (browser crash,
      // interrupt) are given their full window so nothing submitted goes untraced.
      const longest = Math.max(...leads.map(maxTraceMs));
      await Promise.race([tracer.drain(), new Promise((r) => setTimeout(r, longest + 10_000).unref())]);
      // Before flush: the leads' history is read while the records still exist.
      if (!tracer.crmFailed) routingCoverage = await coverageOfRun(target.adapter, leads, tracer.allVerdicts());
    } finally {
      clearInterval(progress);
      tracer.stop();
      await broker.close();
      // Posts the CRM queued (Web-to-Lead over its daily limit) arrive after this run: their
      // deadline goes into the ledger, so flush keeps it open and `flush --orphans` comes back.
      if (!tracer.crmFailed) late = await webToLeadMayStillArrive(target.adapter, ledger.file).catch(() => null);
      for (const email of late?.emails ?? []) {
        ledger.append({ type: 'pending-until', at: new Date().toISOString(), email, until: late!.until.toISOString(), reason: 'queued Web-to-Lead post (the org was at its daily limit)' });
      }
      if (!opts.keep) {
        console.log('leadproof: flushing test records ...');
        try {
          flush = await flushRun({ ledgerFile: ledger.file, ledger, adapter: target.adapter, testDomain, runId });
        } catch (err) {
          // The report is still written; the ledger stays unflushed so `flush --orphans` retries.
          flushError = err as Error;
          flush = { deleted: 0, failed: 1, refused: 0, skipped: false, details: [{ recordId: '', email: '', outcome: 'failed', message: flushError.message }] };
          console.error(`leadproof: flush failed: ${flushError.message}\nRun \`npx leadproof flush --run ${opts.out ? runDir : runId}\` once the CRM answers.`);
        }
      }
    }
    const verdicts = new Map(tracer.allVerdicts().map((v) => [v.key, v]));
    const results = leads.map((l) => ({ ...leadResult(l, verdicts.get(l.key), runDir, tracer.isTracked(l.key)), ...(replay ? { via: replay.via(l.key) } : {}) }));
    const report: RunReport = assembleReport({
      tool: { name: 'leadproof', version: toolVersion() },
      runId,
      crm: { kind: target.kind, account: target.adapter.account, sandbox: !!target.sandbox, baseUrl: target.baseUrl },
      stack: target.sandbox?.stack,
      startedAt: startedAt.toISOString(),
      seed,
      testDomain,
      scenarios: project.digests,
      git: gitInfo(path.dirname(path.resolve(opts.scenarios))),
      shard,
      figures: { apiCalls: target.adapter.apiCalls, submissions: broker.submissions + (replay?.submissions ?? 0), wallTimeMs: Date.now() - startedAt.getTime(), ...(intake ? { intakeBudget: { max: intake.limit.max, intervalMs: intake.limit.intervalMs } } : {}) },
      ...(opts.volume ? { volumeRun: true } : {}),
    }, results, flush);
    if (routingCoverage) report.routingCoverage = routingCoverage;
    try {
      for (const line of gatherEvidence(runDir, { report, project, reportsDir: opts.reportsDir ?? 'reports', files: opts.evidence })) console.log(line);
    } catch (err) {
      // Evidence is extra: the items stay not covered, and the run's own report is still written.
      console.error(`[evidence] not gathered: ${(err as Error).message.split('\n')[0]}`);
    }
    ledger.append({ type: 'end', at: report.finishedAt, passed: report.summary.passed, failed: report.summary.failed });
    ledger.close();
    const changes = baseline?.compare(report, opts.out ?? path.join('reports', runId));
    const artifacts = await writeRunArtifacts(report, runDir, { signingKeyPath: opts.signingKey, sections: changes?.sections, extraFiles: changes?.files });
    printSummary(report, {
      reportHtml: shown(path.join(runDir, 'report.html')),
      playwrightReport: shown(path.join(runDir, 'playwright-report')),
      artifactsMessage: artifacts.message,
      runRef: opts.out ? runDir : runId,
      requireComplete: Boolean(opts.requireComplete ?? project.config.requireComplete),
    });
    if (routingCoverage) console.log(coverageLine(routingCoverage));
    if (changes) console.log(changes.lines.join('\n'));
    if (late) console.log(`leadproof: ${mayStillArriveLine(late)} (\`npx leadproof flush --run ${opts.out ? runDir : runId}\`).`);
    // Playwright exits 1 when a test case failed (a finding); anything else is the harness failing.
    if (browserExit > 1 || (browserExit !== 0 && broker.submissions === 0)) {
      console.error(`leadproof: the browser run ended abnormally (exit ${browserExit}); see the output above.`);
      return 3;
    }
    if (tracer.crmFailed || flushError) return 3;
    return Math.max(verdictExitCode(report.summary.verdict, Boolean(opts.requireComplete ?? project.config.requireComplete)), changes?.exitCode ?? 0);
  } finally {
    claim.release();
    await target.sandbox?.stop();
  }
}

function newRunId(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}-${randomBytes(2).toString('hex')}`;
}

/** A path as a person would type it from here: relative below cwd, absolute elsewhere. */
function shown(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r.startsWith('..') ? p : r;
}

function parseGrep(g: string | undefined): RegExp | undefined {
  if (!g) return undefined;
  try {
    return new RegExp(g, 'i');
  } catch (err) {
    throw new ConfigError([{ file: 'command line', field: '--grep', message: `"${g}" is not a valid regular expression (${(err as Error).message}).` }]);
  }
}

function parseShard(s: string | undefined): { current: number; total: number } | undefined {
  if (!s) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
    throw new ConfigError([{ file: 'command line', field: '--shard', message: `"${s}" must look like 1/3 (this machine's shard of the total).` }]);
  }
  return { current: Number(m[1]), total: Number(m[2]) };
}


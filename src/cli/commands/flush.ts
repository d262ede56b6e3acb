import { existsSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigError, LeadproofError } from '../../errors.js';
import { flushRun } from '../../ledger/flush.js';
import { foldLedger, Ledger, LEDGER_FILE, readLedger } from '../../ledger/ledger.js';
import { realAdapter } from '../run/target.js';

/** `leadproof flush`: delete the test records a run's ledger lists (after a crash or --keep). */
export function registerFlush(program: Command): void {
  program
    .command('flush')
    .description('Delete the test records of a run (or of every unflushed run) — only records that are in a ledger AND carry the test identity.')
    .option('--run <id|dir>', 'a run id (its ledger is <reports>/<id>/ledger.jsonl) or a run folder (e.g. one given to run --out)')
    .option('--orphans', 'every ledger under --reports that has not been flushed completely')
    .option('--reports <dir>', 'where run folders live', 'reports')
    .addHelpText('after', '\nCredentials come from the environment as for `run` (HUBSPOT_ACCESS_TOKEN / SF_ACCESS_TOKEN); the CRM address is taken from the ledger.')
    .action(async (o: { run?: string; orphans?: boolean; reports: string }) => {
      if (!o.run === !o.orphans) throw new ConfigError([{ file: 'command line', field: '--run/--orphans', message: 'give exactly one: --run <id> or --orphans.' }]);
      const dirs = o.run ? [existsSync(path.join(o.run, LEDGER_FILE)) ? o.run : path.join(o.reports, o.run)] : listRunDirs(o.reports);
      if (o.run && !existsSync(path.join(dirs[0], LEDGER_FILE))) throw new ConfigError([{ file: path.join(dirs[0], LEDGER_FILE), field: '', message: 'no ledger there. Check the run id (see the folders under reports/) or --reports.' }]);
      let failed = 0;
      let considered = 0;
      for (const dir of dirs) {
        const file = path.join(dir, LEDGER_FILE);
        const state = foldLedger(readLedger(file));
        if (o.orphans && state.flushed) continue;
        if (o.orphans && stillRunning(state)) {
          console.log(`${state.run!.runId}: still running (pid ${state.run!.pid}); it flushes itself. Skipped.`);
          continue;
        }
        considered += 1;
        try {
          failed += await flushOne(dir, file, state);
        } catch (err) {
          // One run's CRM being unreachable must not keep the other runs' records in place.
          failed += 1;
          console.error(`${state.run?.runId ?? dir}: not flushed — ${(err as Error).message}`);
        }
      }
      if (considered === 0) console.log('Nothing to flush: every ledger is flushed.');
      process.exitCode = failed > 0 ? 1 : 0;
    });
}

async function flushOne(dir: string, file: string, state: ReturnType<typeof foldLedger>): Promise<number> {
  const run = state.run;
  if (!run) {
    console.log(`${dir}: ledger has no run header (crashed before the first write); nothing was created.`);
    return 0;
  }
  const ledger = new Ledger(dir);
  try {
    if (run.sandbox) {
      // An in-process sandbox keeps its records in memory: they ended with the run's process.
      console.log(`${run.runId}: ran on the embedded sandbox, whose records ended with that process; marking flushed.`);
      ledger.append({ type: 'flush-done', at: new Date().toISOString(), deleted: 0, failed: 0, refused: 0 });
      return 0;
    }
    const env = { ...process.env };
    if (run.crm === 'hubspot') {
      if (!env.HUBSPOT_ACCESS_TOKEN) throw new LeadproofError('CRM_AUTH', `Run ${run.runId} was on HubSpot (${run.account}); set HUBSPOT_ACCESS_TOKEN to flush it.`);
      env.HUBSPOT_BASE_URL = run.baseUrl ?? env.HUBSPOT_BASE_URL;
    } else {
      if (!env.SF_ACCESS_TOKEN && !env.SF_CLIENT_ID) throw new LeadproofError('CRM_AUTH', `Run ${run.runId} was on Salesforce (${run.account}); set SF_ACCESS_TOKEN (or SF_CLIENT_ID + SF_CLIENT_SECRET) to flush it.`);
      if (env.SF_ACCESS_TOKEN) env.SF_INSTANCE_URL = run.baseUrl ?? env.SF_INSTANCE_URL;
    }
    const { adapter } = await realAdapter(run.crm, env);
    const s = await flushRun({ ledgerFile: file, ledger, adapter, testDomain: run.testDomain, runId: run.runId });
    const late = s.unaccounted ? `, ${s.unaccounted} submitted lead(s) not in the CRM yet (flush again later)` : '';
    console.log(`${run.runId}: ${s.deleted} deleted, ${s.failed} failed, ${s.refused} refused (not test records)${late} of ${state.emails.size} ledger email(s) on ${run.account}.`);
    return s.failed;
  } finally {
    ledger.close();
  }
}

/** A ledger without its closing entry whose process is alive on this host belongs to a running run. */
function stillRunning(state: ReturnType<typeof foldLedger>): boolean {
  const run = state.run;
  if (!run || state.ended || !run.pid || run.host !== hostname()) return false;
  try {
    process.kill(run.pid, 0);
    return true;
  } catch {
    return false;
  }
}

function listRunDirs(reports: string): string[] {
  if (!existsSync(reports)) return [];
  return readdirSync(reports, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(reports, d.name, LEDGER_FILE)))
    .map((d) => path.join(reports, d.name))
    .sort();
}

import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigError, LeadproofError } from '../../errors.js';
import { flushRun } from '../../ledger/flush.js';
import { checkInFlightEnv } from '../../ledger/in-flight.js';
import { foldLedger, Ledger, LEDGER_FILE, readLedgerLines, sealTornTail, type LedgerState } from '../../ledger/ledger.js';
import { findRunFolders } from '../../ledger/run-index.js';
import { checkSameTarget, trustedHeader, type RunHeader } from '../../ledger/trust.js';
import { realAdapter } from '../run/target.js';
import { ENVIRONMENT_HELP } from './environment.js';

/** `leadproof flush`: delete the test records a run's ledger lists (after a crash or --keep). */
export function registerFlush(program: Command): void {
  program
    .command('flush')
    .description('Delete the test records of a run (or of every unflushed run) — only records that are in a ledger AND carry the test identity.')
    .option('--run <id|dir>', 'a run id (its ledger is <reports>/<id>/ledger.jsonl) or a run folder (e.g. one given to run --out)')
    .option('--orphans', 'every ledger not flushed completely: under --reports (recursively) and in every run folder its run index lists')
    .option('--reports <dir>', 'where run folders live', 'reports')
    .addHelpText('after', [
      '',
      'Flush talks only to the CRM configured in the environment, as `run` does (HUBSPOT_ACCESS_TOKEN / HUBSPOT_BASE_URL,',
      'SF_ACCESS_TOKEN / SF_INSTANCE_URL ...). A ledger written for another account or address, without a run id, or with',
      'lines that do not parse is refused by name (exit 1) and nothing of it is deleted.',
      'Leads whose record may still be on its way keep the ledger open until a deadline: flush re-checks for',
      'LEADPROOF_FLUSH_WAIT_MS (default 30 s; 2 min for Web-to-Lead), and a lead may arrive until LEADPROOF_ARRIVAL_WINDOW_MS',
      '(default 10 min; 24 h for Web-to-Lead, whose over-limit posts queue for up to a day) after it was sent. Run `flush --orphans` again after the time it prints.',
    ].join('\n') + ENVIRONMENT_HELP)
    .action(async (o: { run?: string; orphans?: boolean; reports: string }) => {
      if (!o.run === !o.orphans) throw new ConfigError([{ file: 'command line', field: '--run/--orphans', message: 'give exactly one: --run <id> or --orphans.' }]);
      checkInFlightEnv(); // a malformed wait/window is exit 2 before any ledger is touched
      let dirs: string[];
      if (o.run) {
        dirs = [existsSync(path.join(o.run, LEDGER_FILE)) ? o.run : path.join(o.reports, o.run)];
        if (!existsSync(path.join(dirs[0], LEDGER_FILE))) throw new ConfigError([{ file: path.join(dirs[0], LEDGER_FILE), field: '', message: 'no ledger there. Check the run id (see the folders under reports/) or --reports.' }]);
      } else {
        const search = findRunFolders(o.reports);
        console.log(`Looked for ledgers in ${search.looked}.`);
        dirs = search.dirs;
      }
      const again = o.run ? `npx leadproof flush --run ${o.run}` : `npx leadproof flush --orphans${o.reports === 'reports' ? '' : ` --reports ${o.reports}`}`;
      let problems = 0;
      let considered = 0;
      let refusedLedgers = 0;
      for (const dir of dirs) {
        const file = path.join(dir, LEDGER_FILE);
        try {
          const lines = readLedgerLines(file);
          const run = trustedHeader(file, lines);
          const state = foldLedger(lines.map((l) => l.entry));
          if (o.orphans && state.flushed) continue;
          if (o.orphans && stillRunning(state)) {
            console.log(`${run!.runId}: still running (pid ${run!.pid}); it flushes itself. Skipped.`);
            continue;
          }
          considered += 1;
          problems += await flushOne(dir, file, run, state, again);
        } catch (err) {
          // One ledger refused, or one run's CRM unreachable, must not keep the other runs' records in place.
          considered += 1;
          problems += 1;
          const msg = (err as Error).message;
          const refused = err instanceof LeadproofError && err.code === 'LEDGER_REFUSED';
          refusedLedgers += refused ? 1 : 0;
          console.error(refused ? `Refused ${msg}` : `${dir}: not flushed — ${msg}`);
        }
      }
      if (considered === 0) console.log('Nothing to flush: every ledger is flushed.');
      if (problems > 0) console.error(`${problems} problem(s) in ${considered} ledger(s)${refusedLedgers ? `, ${refusedLedgers} ledger(s) refused as a whole` : ''}: see above. Exit code 1.`);
      process.exitCode = problems > 0 ? 1 : 0;
    });
}

/** Flushes one trusted ledger; returns how many failures and refusals it had. */
async function flushOne(dir: string, file: string, run: RunHeader | undefined, state: LedgerState, again: string): Promise<number> {
  if (!run) {
    console.log(`${dir}: ledger has no run header (crashed before the first write); nothing was created.`);
    return 0;
  }
  sealTornTail(file);
  const ledger = new Ledger(dir);
  try {
    if (run.sandbox) {
      // An in-process sandbox keeps its records in memory: they ended with the run's process.
      console.log(`${run.runId}: ran on the embedded sandbox, whose records ended with that process; marking flushed.`);
      ledger.append({ type: 'flush-done', at: new Date().toISOString(), deleted: 0, failed: 0, refused: 0 });
      return 0;
    }
    const env = process.env;
    if (run.crm === 'hubspot' && !env.HUBSPOT_ACCESS_TOKEN) throw new LeadproofError('CRM_AUTH', `Run ${run.runId} was on HubSpot (${run.account}); set HUBSPOT_ACCESS_TOKEN (and HUBSPOT_BASE_URL if it is not api.hubapi.com) to flush it.`);
    if (run.crm === 'salesforce' && !env.SF_ACCESS_TOKEN && !env.SF_CLIENT_ID) throw new LeadproofError('CRM_AUTH', `Run ${run.runId} was on Salesforce (${run.account}); set SF_ACCESS_TOKEN + SF_INSTANCE_URL (or SF_CLIENT_ID + SF_CLIENT_SECRET) to flush it.`);
    // The configured CRM, never the ledger's: a ledger must not decide where the token goes.
    const { adapter, baseUrl } = await realAdapter(run.crm, env);
    const setting = run.crm === 'hubspot' ? 'HUBSPOT_BASE_URL / HUBSPOT_PORTAL_ID' : 'SF_INSTANCE_URL / SF_ORG_ID';
    checkSameTarget(file, run, { account: adapter.account, baseUrl, setting });
    const s = await flushRun({ ledgerFile: file, ledger, adapter, testDomain: run.testDomain, runId: run.runId });
    console.log(`${run.runId}: ${s.deleted} deleted, ${s.failed} failed, ${s.refused} refused (not confirmed as test records of this run) of ${state.emails.size} ledger email(s) on ${run.account}.`);
    if (s.unaccounted) console.log(`${run.runId}: ${s.unaccounted} lead(s) may still arrive until ${s.pendingUntil}; run \`${again}\` after that.`);
    if (s.settled) console.log(`${run.runId}: ${s.settled} lead(s) never appeared in the CRM by their deadline; considered settled (never created).`);
    return s.failed + s.refused;
  } finally {
    ledger.close();
  }
}

/** A ledger without its closing entry whose process is alive on this host belongs to a running run. */
function stillRunning(state: LedgerState): boolean {
  const run = state.run;
  if (!run || state.ended || !run.pid || run.host !== hostname()) return false;
  try {
    process.kill(run.pid, 0);
    return true;
  } catch {
    return false;
  }
}

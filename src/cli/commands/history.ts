import type { Command } from 'commander';
import { parseSince, writeHistory } from '../../history/index.js';

/** `leadproof history [reports dir]`: the trend across runs as one page and one JSON file. */
export function registerHistory(program: Command): void {
  program
    .command('history')
    .description('Write one self-contained page (and JSON) of the trend across runs: pass rate, time to owner per branch (p50/p95), failures by cause, sign-offs.')
    .argument('[reportsDir]', 'folder holding the run folders (and its .runs.jsonl index)', 'reports')
    .option('--out <file>', 'HTML file to write; history.json goes beside it (default: <reportsDir>/history.html)')
    .option('--since <date|Nd>', 'only runs started on or after this date (2026-11-01, UTC) or in the last N days (30d)')
    .option('--account <account>', 'only runs on this CRM account (as the report names it)')
    .action(async (reportsDir: string, o: { out?: string; since?: string; account?: string }) => {
      const since = o.since ? parseSince(o.since) : undefined;
      const res = await writeHistory(reportsDir, { out: o.out, since, account: o.account });
      const sections = res.history.sections;
      console.log(`History of ${res.runs} run(s) in ${sections.length} section(s) → ${res.htmlPath} and ${res.jsonPath}`);
      for (const s of sections) {
        const last = s.runs.at(-1)!;
        console.log(`  ${s.crm.sandbox ? 'sandbox' : 'production'} ${s.crm.account}${s.stack ? ` stack ${s.stack}` : ''}, scenarios from ${s.scenarios.join(', ')}: ${s.runs.length} run(s), last ${last.verdict}, ${s.causes.length} failure cause(s), ${s.signOffs.length} sign-off(s)`);
      }
    });
}

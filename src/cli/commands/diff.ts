import type { Command } from 'commander';
import { diffFinishedRuns } from '../../diff/index.js';

/** `leadproof diff <baseline dir> <run dir>`: what changed between two finished runs, with an optional gate. */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('Compare a finished run with a baseline run, per scenario: owner/team/queue, lifecycle, source/UTM fields, time to owner, pass/fail, branches added or removed. Writes diff.json, diff.md and change-brief.md into the run folder.')
    .argument('<baselineDir>', 'the earlier run folder (reports/<run id>)')
    .argument('<runDir>', 'the run folder to compare with it; the diff files are written here')
    .option('--expect-changes <file>', 'YAML list of the intended changes: exit 1 when one did not happen or anything else changed')
    .addHelpText('after', `
Exit codes: 0 compared (and the gate passed) · 1 the gate failed: an undeclared change, or a declared change that did not happen · 2 bad input (a folder without report.json, a bad expected-changes file).

report.html of the run gets "Changes since <baseline>" and "Change brief" sections while the run is unsigned;
a signed run's page stays as signed (use \`run --baseline\` to get them into the signed page).

Example expected-changes file:
  - branch: EMEA × mid-market
    owner: { team: { from: EMEA Mid-Market, to: EMEA Commercial } }`)
    .action(async (baselineDir: string, runDir: string, o: { expectChanges?: string }) => {
      const r = await diffFinishedRuns(baselineDir, runDir, o.expectChanges);
      for (const l of r.lines) console.log(l);
      console.log(`Wrote ${r.written.join(', ')}${r.html.updated ? ' and re-rendered report.html' : `; report.html left as it is: ${r.html.why}`}.`);
      process.exitCode = r.exitCode;
    });
}

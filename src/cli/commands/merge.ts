import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildRoutingDoc, renderRoutingMarkdown } from '../../docs/index.js';
import { describeGroup, mergeRuns, verdictExitCode } from '../../report/index.js';

/** `leadproof merge <shard dirs...> --out <dir>`: one report and one attestation for a sharded run. */
export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('Combine the output folders of a sharded run (--shard i/n) into one report and one attestation.')
    .argument('<runDirs...>', 'shard output folders')
    .requiredOption('--out <dir>', 'folder for the merged report')
    .option('--signing-key <private>', 'key to sign the merged attestation (default: LEADPROOF_SIGNING_KEY)')
    .option('--shard-key <pub>', 'public key the shards were signed with: verify each shard before merging')
    .option('--require-complete', 'exit 1 when the merged run is INCOMPLETE (definition-of-done items no lead exercised)')
    .addHelpText('after', '\nExit codes: 0 merged run PASSED (or INCOMPLETE without --require-complete), 1 FAILED, 2 bad input.')
    .action(async (runDirs: string[], opts: { out: string; signingKey?: string; shardKey?: string; requireComplete?: boolean }) => {
      const res = await mergeRuns(runDirs, opts.out, {
        signingKeyPath: opts.signingKey,
        shardKeyPath: opts.shardKey,
        // The whole run's routing document (each shard's covers only its own leads).
        beforeWrite: (merged, out) => writeFileSync(path.join(out, 'routing.md'), renderRoutingMarkdown(buildRoutingDoc(merged, new Map(), []))),
      });
      const s = res.report.summary;
      console.log(`${s.verdict}: ${s.passed} of ${s.total} leads passed across ${runDirs.length} shards → ${opts.out}`);
      for (const g of res.report.failureGroups ?? []) console.log(`  ✗ ${describeGroup(g)}`);
      console.log(res.message);
      // The shards' CI jobs may all be green while the merged run failed: this is the gate.
      process.exitCode = verdictExitCode(s.verdict, opts.requireComplete === true);
    });
}

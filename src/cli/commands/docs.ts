import type { Command } from 'commander';
import { writeRoutingDoc } from '../../docs/index.js';

/** `leadproof docs`: the routing document (Markdown for Notion/Confluence) from a run. */
export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('Write the routing document as Markdown (for Notion/Confluence): per branch its conditions, owner, SLA, fallback, the rule that decided and the run that last proved it.')
    .option('--run <dir>', 'run folder to document (default: the newest run under --reports)')
    .option('--out <file>', 'Markdown file to write (default: reports/routing.md; the run folder keeps the signed routing.md its run wrote)')
    .option('--reports <dir>', 'folder of run folders, searched for the newest run and for when each branch was last proved', 'reports')
    .option('--scenarios <dir>', "scenario folder for the branches' conditions (default: the folder the run's scenarios came from)")
    .action(async (o: { run?: string; out?: string; reports: string; scenarios?: string }) => {
      const res = await writeRoutingDoc(o);
      const d = res.doc;
      const proved = d.branches.filter((b) => b.proved).length;
      console.log(`Routing document for run ${d.run.runId}: ${d.branches.length} branch(es), ${proved} proved → ${res.file}`);
    });
}

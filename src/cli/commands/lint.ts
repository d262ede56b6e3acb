import type { Command } from 'commander';
import { ConfigError, formatIssue } from '../../errors.js';
import { loadProject } from '../../scenario/load.js';
import { DEFAULT_TAXONOMY, lintScenarios } from '../../taxonomy/index.js';

interface LintFlags {
  taxonomy?: string;
  scenarios: string;
  config?: string;
}

/** `leadproof lint`: the scenarios against the UTM taxonomy, offline (no CRM, no browser, no lead). */
export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('Check every scenario\'s UTMs and source expectations against the UTM taxonomy, and report channels no scenario covers. Offline: no CRM, no browser, no lead.')
    .option('--taxonomy <file>', `the taxonomy file (default: the config's taxonomy key, else ${DEFAULT_TAXONOMY} in the current folder)`)
    .option('--scenarios <dir|glob>', 'scenario files to check', 'scenarios')
    .option('--config <file>', 'project config (default leadproof.config.yaml|ts next to the scenarios)')
    .addHelpText('after', '\nExit code: 0 every scenario follows the taxonomy, 1 a scenario breaks it, 2 a malformed taxonomy, scenario or config (or none found).')
    .action(async (o: LintFlags) => {
      const project = await loadProject({ scenarios: o.scenarios, config: o.config, taxonomy: o.taxonomy });
      if (!project.taxonomy) {
        throw new ConfigError([{ file: DEFAULT_TAXONOMY, field: '', message: 'no taxonomy found: pass --taxonomy <file>, set taxonomy: in leadproof.config.yaml, or create taxonomy.yaml here (see README "UTM taxonomy").' }]);
      }
      const { taxonomy, file } = project.taxonomy;
      const r = lintScenarios(taxonomy, project.scenarios, project.config);
      console.log(`leadproof lint: ${r.checked} scenario(s) from ${o.scenarios} against ${file} (${Object.keys(taxonomy.channels).length} channels)`);
      for (const e of r.errors) console.log(formatIssue(e).replace(/^ {2}- /, '  ✗ '));
      if (r.uncovered.length) console.log(`Channels with no scenario: ${r.uncovered.join(', ')} — no lead proves them; add one scenario per channel.`);
      if (r.unclassified.length) console.log(`Not judged (no channel and no UTMs): ${r.unclassified.join('; ')}.`);
      if (r.inheriting) console.log(`${r.inheriting} scenario(s) take their source expectation from ${file}.`);
      console.log(r.errors.length ? `FAILED: ${r.errors.length} problem(s); fix the scenarios or the taxonomy.` : 'OK: every scenario follows the taxonomy.');
      process.exitCode = r.errors.length ? 1 : 0;
    });
}

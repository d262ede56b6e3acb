import type { Command } from 'commander';
import { fieldResolver } from '../../expect/fields.js';
import { preflight } from '../../expect/preflight.js';
import { loadProject } from '../../scenario/load.js';
import { buildLeads } from '../../scenario/plan.js';
import { openTarget, resolveTestDomain } from '../run/target.js';
import { checkWebToLeadVolume } from '../run/volume.js';
import { ENVIRONMENT_HELP } from './environment.js';
import { withTargetOptions } from './target-options.js';

/** `leadproof preflight`: everything `run` checks before creating a lead, and nothing else. */
export function registerPreflight(program: Command): void {
  withTargetOptions(program
    .command('preflight')
    .description('Check scenarios against the CRM and the site without creating anything: token and scopes, fields, owners/teams/queues, form pages and UTM-preserving redirects.'))
    .addHelpText('after', ENVIRONMENT_HELP)
    .action(async (o: { crm?: string; stack?: string; scenarios: string; config?: string; site?: string }) => {
      const project = await loadProject({ scenarios: o.scenarios, config: o.config });
      const target = await openTarget(o);
      try {
        const testDomain = resolveTestDomain(target, project.config.testDomain, process.env);
        const leads = buildLeads({ scenarios: project.scenarios, config: project.config, crm: target.kind, siteUrl: target.siteUrl ?? 'http://missing-site.invalid', runId: 'preflight', seed: 1, testDomain });
        await preflight({ adapter: target.adapter, names: fieldResolver(project.config, target.kind, target.adapter.coreFields), leads, configFile: project.configFile, crmLabel: target.adapter.account });
        await checkWebToLeadVolume(target.adapter, leads);
        console.log(`Preflight passed: ${project.scenarios.length} scenario(s), ${leads.length} lead(s) ready against ${target.adapter.account} (test domain ${testDomain}).`);
      } finally {
        await target.sandbox?.stop();
      }
    });
}

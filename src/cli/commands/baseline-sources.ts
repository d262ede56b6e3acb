import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { establishBaseline, summaryLines } from '../../baseline-sources/index.js';
import { ConfigError } from '../../errors.js';
import { loadConfig } from '../../scenario/load.js';
import { openTarget, resolveTestDomain } from '../run/target.js';
import { withCrmOptions } from './target-options.js';
import { ENVIRONMENT_HELP } from './environment.js';

interface BaselineFlags {
  crm?: string;
  stack?: string;
  config?: string;
  scenarios: string;
  days: string;
  field?: string;
  out: string;
}

/** The logical name scenarios use for the original source (fieldMap), as in the shipped config. */
const SOURCE = 'source';
const MAX_DAYS = 3650;

/** `leadproof baseline-sources`: read-only counts of records created per original source, written to a JSON file. */
export function registerBaselineSources(program: Command): void {
  withCrmOptions(program
    .command('baseline-sources')
    .description('Establish the historical baseline: how many real contacts (HubSpot) or leads (Salesforce) were created per original source over the last N days, written to a JSON file a report can include. Read-only: never changes a record.'))
    .option('--days <n>', 'the period: records created in the last N days', '90')
    .option('--field <name>', 'source field to count by: a fieldMap name or the CRM\'s API name (default: fieldMap "source", else hs_analytics_source / LeadSource)')
    .option('--out <file>', 'where to write the baseline JSON', 'reports/baseline-sources.json')
    .addHelpText('after', [
      '',
      'Exit code: 0 written, 2 bad input (nothing read), 3 the CRM failed.',
      'Test records (emails on the test domain) are never counted. HubSpot: one search per source value',
      '(each answer\'s total), so the 10,000-result search cap does not apply; Salesforce: one GROUP BY query.',
    ].join('\n') + ENVIRONMENT_HELP)
    .action(async (o: BaselineFlags) => {
      const days = Number(o.days);
      if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
        throw new ConfigError([{ file: 'command line', field: '--days', message: `"${o.days}" is not a whole number of days from 1 to ${MAX_DAYS}; e.g. --days 90.` }], 'Nothing was read.');
      }
      const loaded = await loadConfig({ config: o.config, dir: o.scenarios });
      const target = await openTarget({ crm: o.crm, stack: o.stack });
      try {
        const testDomain = resolveTestDomain(target, loaded?.config.testDomain, process.env);
        const map = loaded?.config.fieldMap ?? {};
        const logical = o.field ?? (map[SOURCE]?.[target.kind] ? SOURCE : undefined);
        const field = (logical && map[logical]?.[target.kind]) ?? o.field ?? target.adapter.coreFields.sourceFields?.[0];
        if (!field) throw new ConfigError([{ file: 'command line', field: '--field', message: 'is needed: this CRM names no standard source field. Give the API name of the original-source field.' }], 'Nothing was read.');
        const fieldOrigin = o.field ? { file: 'command line', field: '--field' } : { file: loaded?.configFile ?? 'command line', field: logical ? `fieldMap.${SOURCE}.${target.kind}` : '--field' };
        const baseline = await establishBaseline({
          adapter: target.adapter, field, logical: logical && map[logical]?.[target.kind] ? logical : undefined, fieldOrigin, days, testDomain, sandbox: Boolean(target.sandbox),
        });
        mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
        writeFileSync(o.out, `${JSON.stringify(baseline, null, 2)}\n`);
        for (const line of summaryLines(baseline)) console.log(line);
        console.log(`Written: ${o.out}`);
      } finally {
        await target.sandbox?.stop();
      }
    });
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { campaignsReport, checkCampaigns, consoleLines, parseCampaignCsv, writeCampaignsReport } from '../../campaigns/index.js';
import { ConfigError } from '../../errors.js';
import { findChromium } from '../../forms/browser.js';
import { loadConfig } from '../../scenario/load.js';
import { findTaxonomy, loadTaxonomy } from '../../taxonomy/index.js';

interface CampaignsFlags {
  taxonomy?: string;
  config?: string;
  scenarios: string;
  site?: string;
  out: string;
  maxRedirects: string;
  cookie: string | false;
}

/** `leadproof campaigns <file.csv>`: the ad platforms' campaign URLs checked before go-live; no lead is created. */
export function registerCampaigns(program: Command): void {
  program
    .command('campaigns')
    .argument('<file.csv>', 'campaign URLs as exported from the ad platforms: columns URL, channel, campaign (header row first)')
    .description('Check campaign URLs before go-live, creating no lead: each resolves (redirects followed, bounded), keeps every UTM unchanged, lands on a form a form profile matches, sets the visitor cookie, and follows the UTM taxonomy.')
    .option('--taxonomy <file>', 'the taxonomy file (default: the config\'s taxonomy key, else taxonomy.yaml in the current folder)')
    .option('--config <file>', 'project config with the form profiles (default leadproof.config.yaml|ts in --scenarios or the current folder)')
    .option('--scenarios <dir>', 'where to look for the project config', 'scenarios')
    .option('--site <url>', 'base URL for relative form URLs (default LEADPROOF_SITE_URL, else each landing page\'s own origin)')
    .option('--out <dir>', 'where campaigns.json and campaigns.md go', path.join('reports', 'campaigns'))
    .option('--max-redirects <n>', 'redirects followed before a URL counts as a loop', '10')
    .option('--cookie <name>', 'the visitor cookie the page\'s tracking must set', 'hubspotutk')
    .option('--no-cookie', 'do not check a visitor cookie (a page without tracking by design)')
    .addHelpText('after', '\nExit code: 0 every URL is ready, 1 a URL failed a check, 2 a malformed CSV, taxonomy or config (or no browser).\nThe page is opened like a visitor would (its tracking records a page view); no form is filled or submitted.')
    .action(async (file: string, o: CampaignsFlags) => {
      const maxRedirects = Number(o.maxRedirects);
      if (!/^\d+$/.test(o.maxRedirects) || maxRedirects > 50) throw new ConfigError([{ file: 'command line', field: '--max-redirects', message: `"${o.maxRedirects}" must be a whole number from 0 to 50.` }]);
      const site = o.site ?? (process.env.LEADPROOF_SITE_URL || undefined);
      if (site && !/^https?:\/\//.test(site)) throw new ConfigError([{ file: 'command line', field: o.site ? '--site' : 'LEADPROOF_SITE_URL', message: `"${site}" must start with http:// or https://.` }]);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new ConfigError([{ file, field: '', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pass the CSV exported from the ad platforms.` }]);
      }
      const rows = parseCampaignCsv(text, file);
      const loaded = await loadConfig({ config: o.config, dir: o.scenarios });
      if (!loaded) throw new ConfigError([{ file: o.config ?? o.scenarios, field: '', message: 'no leadproof.config.yaml found: the check matches each landing page against your form profiles. Pass --config <file> or --scenarios <dir>.' }]);
      const taxonomyFile = findTaxonomy({ explicit: o.taxonomy, configKey: loaded.config.taxonomy, configFile: loaded.configFile });
      const taxonomy = taxonomyFile ? loadTaxonomy(taxonomyFile) : undefined;
      findChromium(); // no browser → exit 2 before any URL is requested
      console.log(`leadproof campaigns: ${rows.length} URL(s) from ${file}; form profiles from ${loaded.configFile}; ${taxonomy ? `taxonomy ${taxonomy.file}` : 'no taxonomy (UTM values not checked)'}`);
      const results = await checkCampaigns(rows, {
        forms: loaded.config.forms, siteUrl: site, cookie: o.cookie, cookieWaitMs: 3000, taxonomy: taxonomy?.taxonomy, maxRedirects, timeoutMs: 15_000,
      });
      const report = campaignsReport(results, file, taxonomy?.file ?? null);
      for (const line of consoleLines(report)) console.log(line);
      const written = writeCampaignsReport(report, path.resolve(o.out));
      const rel = path.relative(process.cwd(), written.md);
      console.log(`Report: ${rel.startsWith('..') ? written.md : rel} (and campaigns.json)`);
      process.exitCode = report.summary.failed ? 1 : 0;
    });
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadProject } from '../scenario/load.js';
import { buildLeads } from '../scenario/plan.js';
import { checkVisit, lintScenarios, loadTaxonomy } from './index.js';

const TAXONOMY = `
version: 1
campaign: { pattern: "^[a-z0-9]+(-[a-z0-9]+)*$", example: q4-emea }
sourceField: { hubspot: hs_analytics_source, salesforce: LeadSource }
channels:
  paid-search:
    utm_source: [google, bing]
    utm_medium: [cpc, ppc]
    clickIds: [gclid]
    crmSource: { hubspot: PAID_SEARCH, salesforce: Advertisement }
  paid-social:
    utm_source: [linkedin]
    utm_medium: [paid_social]
    crmSource: PAID_SOCIAL
  organic-search:
    crmSource: ORGANIC_SEARCH
  display:
    utm_source: [{ pattern: "^dv360$" }]
    utm_medium: [display]
    crmSource: OTHER_CAMPAIGNS
`;

const CONFIG = `
forms:
  demo: { url: /demo, fields: { email: Email } }
fieldMap:
  source: { hubspot: hs_analytics_source, salesforce: LeadSource }
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-taxonomy-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(path.join(dir, n), t);
  return dir;
}

async function lint(files: Record<string, string>) {
  const dir = project({ 'taxonomy.yaml': TAXONOMY, 'leadproof.config.yaml': CONFIG, ...files });
  const p = await loadProject({ scenarios: dir, cwd: dir });
  return lintScenarios(p.taxonomy!.taxonomy, p.scenarios, p.config);
}

describe('lint against the taxonomy', () => {
  it('names the file and the field of a UTM value the taxonomy does not allow, with did-you-mean', async () => {
    const r = await lint({
      'ads.scenario.yaml': 'name: A\nform: demo\nchannel: paid-search\nutm: { source: google, medium: CPC, campaign: Q4 EMEA }\ncrm: [hubspot]\nexpect: { fields: { source: PAID_SEARCH } }\n',
    });
    expect(r.errors).toEqual([
      { file: 'ads.scenario.yaml', field: 'utm.medium', message: '"CPC" is not a utm_medium of channel paid-search (allowed: cpc, ppc) — did you mean cpc?' },
      { file: 'ads.scenario.yaml', field: 'utm.campaign', message: '"Q4 EMEA" does not follow the campaign naming rule ^[a-z0-9]+(-[a-z0-9]+)*$ — did you mean q4-emea?' },
    ]);
  });

  it('checks the source expectation per CRM, an unknown channel, UTMs on an untagged channel, and names list items', async () => {
    const r = await lint({
      'list.scenario.yaml': [
        'scenarios:',
        '  - { name: B, form: demo, channel: paid-social, utm: { source: linkedin, medium: paid_social }, expect: { fields: { source: SOCIAL_MEDIA } } }',
        '  - { name: C, form: demo, channel: paid_search, expect: {} }',
        '  - { name: D, form: demo, channel: organic-search, utm: { source: google, medium: cpc }, expect: {} }',
        '  - { name: E, form: demo, channel: paid-search, crm: [salesforce], utm: { source: bing, medium: cpc }, expect: { fields: { source: PAID_SEARCH } } }',
      ].join('\n'),
    });
    expect(r.errors.map((e) => `${e.file}: ${e.field}: ${e.message}`)).toEqual([
      'list.scenario.yaml: scenarios[0].expect.fields.source: "SOCIAL_MEDIA" is not what channel paid-social must produce in HubSpot hs_analytics_source (taxonomy: PAID_SOCIAL)',
      'list.scenario.yaml: scenarios[0].expect.fields.source: "SOCIAL_MEDIA" is not what channel paid-social must produce in Salesforce LeadSource (taxonomy: PAID_SOCIAL)',
      'list.scenario.yaml: scenarios[1].channel: "paid_search" is not a channel of the taxonomy (channels: paid-search, paid-social, organic-search, display) — did you mean paid-search?',
      'list.scenario.yaml: scenarios[2].utm: channel organic-search carries no UTMs in the taxonomy, but this visit has utm_source=google utm_medium=cpc (they fit paid-search); remove them or change the channel',
      'list.scenario.yaml: scenarios[3].expect.fields.source: "PAID_SEARCH" is not what channel paid-search must produce in Salesforce LeadSource (taxonomy: Advertisement)',
    ]);
  });

  it('reports the channels no scenario covers, and passes a scenario that follows the taxonomy', async () => {
    const r = await lint({
      'ok.scenario.yaml': 'name: OK\nform: demo\nchannel: paid-search\nutm: { source: google, medium: cpc, campaign: q4-emea }\nexpect: {}\n',
      'gclid.scenario.yaml': 'name: Click\nform: demo\nchannel: paid-search\nquery: { gclid: abc }\nexpect: {}\n',
      'inferred.scenario.yaml': 'name: Inferred\nform: demo\nutm: { source: linkedin, medium: paid_social }\nexpect: {}\n',
    });
    expect(r.errors).toEqual([]);
    expect(r.uncovered).toEqual(['organic-search', 'display']);
    expect(r.inheriting).toBe(3);
  });

  it('a tagged channel visited without UTMs or a click id is an error', () => {
    const t = loadTaxonomy(path.join(project({ 't.yaml': TAXONOMY }), 't.yaml')).taxonomy;
    expect(checkVisit(t, { channel: 'paid-search', utm: {} }).problems).toEqual([
      { param: 'utm', message: 'is missing: channel paid-search needs utm_source and utm_medium (or a click id: gclid)' },
    ]);
    expect(checkVisit(t, { utm: { source: 'dv360', medium: 'display' } })).toEqual({ channel: 'display', problems: [] });
  });
});

describe('the taxonomy file', () => {
  it('a malformed file is a ConfigError (exit 2) naming the file and each field', () => {
    const dir = project({ 'taxonomy.yaml': 'version: 2\nchannels:\n  Paid Search: { utm_medium: cpc, crmSource: 3 }\n  email: { utm_sorce: [x] }\n' });
    const err = (() => {
      try {
        loadTaxonomy(path.join(dir, 'taxonomy.yaml'), dir);
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.exitCode).toBe(2);
    const fields = err.issues.map((i) => `${i.file}: ${i.field}`);
    expect(fields).toEqual(['taxonomy.yaml: version', 'taxonomy.yaml: channels.Paid Search.crmSource', 'taxonomy.yaml: channels.email.utm_sorce']);
    const ids = project({ 'taxonomy.yaml': 'version: 1\nchannels:\n  Paid Search: { utm_medium: cpc }\n' });
    expect(() => loadTaxonomy(path.join(ids, 'taxonomy.yaml'), ids)).toThrow(/taxonomy.yaml: channels.Paid Search: "Paid Search" is not a channel id: write it in kebab-case/);
    expect(err.message).toMatch(/The taxonomy taxonomy.yaml is malformed/);
  });

  it('the loader reports a broken taxonomy named in the config with the scenario problems, once', async () => {
    const dir = project({
      'leadproof.config.yaml': `${CONFIG}taxonomy: missing.yaml\n`,
      'a.scenario.yaml': 'name: A\nform: demo\nexpect: {}\n',
    });
    const err = (await loadProject({ scenarios: dir, cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err.issues).toEqual([{ file: 'leadproof.config.yaml', field: 'taxonomy', message: 'missing.yaml does not exist. Point it at your taxonomy.yaml (see README "UTM taxonomy").' }]);
  });
});

describe('a scenario without a source expectation inherits it from the taxonomy', () => {
  it('per CRM, through the loader and the run plan; a scenario that states its own keeps it', async () => {
    const dir = project({
      'taxonomy.yaml': TAXONOMY,
      'leadproof.config.yaml': CONFIG,
      'a.scenario.yaml': 'name: Inherits\nform: demo\nchannel: paid-search\nutm: { source: google, medium: cpc }\nexpect: { fields: { utm_source: google } }\n',
      'b.scenario.yaml': 'name: States its own\nform: demo\nchannel: paid-search\nutm: { source: google, medium: cpc }\nexpect: { fields: { source: { oneOf: [PAID_SEARCH, Advertisement] } } }\n',
    });
    const p = await loadProject({ scenarios: dir, cwd: dir });
    const plan = (crm: 'hubspot' | 'salesforce') => buildLeads({ scenarios: p.scenarios, config: p.config, crm, siteUrl: 'http://127.0.0.1:1', runId: 'r', seed: 1, testDomain: 'leadproof.test' });
    const [hsA, hsB] = plan('hubspot');
    expect(hsA.scenario.expect.fields).toEqual({ utm_source: 'google', hs_analytics_source: 'PAID_SEARCH' });
    expect(hsB.scenario.expect.fields).toEqual({ source: { oneOf: ['PAID_SEARCH', 'Advertisement'] } });
    expect(plan('salesforce')[0].scenario.expect.fields).toEqual({ utm_source: 'google', LeadSource: 'Advertisement' });
    // The loaded scenario itself is unchanged (the file says what the user wrote).
    expect(p.scenarios[0].input.expect.fields).toEqual({ utm_source: 'google' });
    expect(p.digests.map((d) => d.file)).toContain('taxonomy.yaml');
  });

  it('no taxonomy: nothing is inherited', async () => {
    const dir = project({ 'leadproof.config.yaml': CONFIG, 'a.scenario.yaml': 'name: A\nform: demo\nchannel: paid-search\nexpect: {}\n' });
    const p = await loadProject({ scenarios: dir, cwd: dir });
    expect(p.taxonomy).toBeUndefined();
    expect(p.scenarios[0].inheritedSource).toBeUndefined();
  });
});

/**
 * Routing coverage and the routing document through the real CLI against the sandbox portal: a
 * run of three scenarios on the default stack, where most routing rules have no scenario. The
 * report names the workflows that acted (from HubSpot property history and the Automation v4
 * workflows list) and the ones no scenario reached; `leadproof docs` turns the run into Markdown.
 * One run serves every assertion.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { RunReport } from '../../src/report/model.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { hubspotEnv, ROOT, runCli, scenarioDir, withSandbox, type CliResult } from './harness.js';

const SCENARIOS = [
  { name: 'German enterprise demo request from LinkedIn', form: 'demo-request', branch: 'EMEA × enterprise', utm: { source: 'linkedin', medium: 'paid_social', campaign: 'q4-emea' },
    lead: { country: 'DE', employees: 2500 }, expect: { owner: { team: 'EMEA Enterprise' }, within: '30s' } },
  { name: 'US enterprise demo request', form: 'demo-request', branch: 'NA × enterprise', lead: { country: 'US', employees: 2000 },
    expect: { owner: { email: 'jake.miller@acme-funnel.example' }, within: '30s' } },
  { name: 'Brazilian demo request goes to the fallback owner', form: 'demo-request', branch: 'unmatched territory → fallback', edge: ['unmatched-territory', 'fallback-owner'],
    lead: { country: 'BR', employees: 500 }, expect: { owner: { email: 'noah.fischer@acme-funnel.example' }, within: '30s' } },
];

let sb: SandboxHandle;
let out: string;
let run: CliResult;
let report: RunReport;

beforeAll(async () => {
  sb = await withSandbox(path.join(ROOT, 'fixtures/stacks/default.stack.yaml'));
  const dir = scenarioDir({
    'leadproof.config.yaml': readFileSync(path.join(ROOT, 'scenarios/leadproof.config.yaml'), 'utf8'),
    'routes.scenario.yaml': stringify({ scenarios: SCENARIOS }),
  });
  out = mkdtempSync(path.join(tmpdir(), 'lp-cov-run-'));
  run = await runCli(['run', '--scenarios', dir, '--out', out, '--workers', '2'], { env: hubspotEnv(sb) });
  report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
}, 300_000); // the whole run happens here (a browser, three leads, 30 s windows): the test timeout, not the shorter hook one
afterAll(() => sb?.stop());

describe('routing coverage', () => {
  it('lists the workflows that acted with lead counts, from the CRM’s history and workflows list', () => {
    expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(0);
    const c = report.routingCoverage!;
    expect(c.status).toBe('listed');
    const acted = Object.fromEntries(c.acted.filter((a) => a.on.includes('owner')).map((a) => [a.name, a.leads]));
    expect(acted).toEqual({ 'EMEA enterprise': 1, 'NA enterprise': 1, 'Fallback owner': 1 });
    expect(c.acted.find((a) => a.name === 'EMEA enterprise')).toMatchObject({ id: '51200102', branches: ['EMEA × enterprise'], listed: true });
    const fallbackLead = report.leads.find((l) => l.branch === 'unmatched territory → fallback')!;
    expect(c.decidedBy[fallbackLead.key]).toEqual({ id: '51200100', name: 'Fallback owner' });
  });

  it('lists the rules no scenario reached, in report.json, report.html and the console', () => {
    const unreached = report.routingCoverage!.unreached.map((u) => u.name);
    expect(unreached).toEqual(expect.arrayContaining(['existing customer → account owner', 'EMEA mid-market', 'NA mid-market', 'APAC', 'SMB round-robin']));
    expect(unreached).not.toEqual(expect.arrayContaining(['EMEA enterprise']));
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="routing-coverage">Routing coverage</h2>');
    expect(html).toMatch(/<ul id="coverage-unreached">.*APAC <code>51200106<\/code> <span class="tag pending">no scenario<\/span>/s);
    expect(run.stdout).toMatch(/\[coverage\] \d+ routing rule\(s\)\/workflow\(s\) acted on the run's leads; \d+ active one\(s\) no scenario reached: existing customer → account owner, EMEA mid-market/);
  });
});

describe('leadproof docs', () => {
  it('writes the routing document from the run: conditions, owner, SLA, fallback, deciding rule, last proof', async () => {
    const md = path.join(mkdtempSync(path.join(tmpdir(), 'lp-docs-')), 'routing.md');
    const r = await runCli(['docs', '--run', out, '--out', md, '--reports', mkdtempSync(path.join(tmpdir(), 'lp-no-reports-'))]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`Routing document for run ${report.runId}: 3 branch(es), 3 proved → ${md}`);
    const text = readFileSync(md, 'utf8');
    const day = `${report.startedAt.slice(0, 10)} ${report.startedAt.slice(11, 16)} UTC`;
    expect(text).toContain(`| EMEA × enterprise | team EMEA Enterprise | 30 s | EMEA enterprise (\`51200102\`) | run \`${report.runId}\`, ${day} |`);
    expect(text).toContain('- German enterprise demo request from LinkedIn: form `demo-request`; country DE; 2500 employees; UTM source=linkedin, medium=paid_social, campaign=q4-emea');
    expect(text).toContain('- **Fallback:** noah.fischer@acme-funnel.example (branch "unmatched territory → fallback")');
    expect(text).toMatch(/## unmatched territory → fallback[\s\S]*- \*\*Fallback:\*\* this branch is the fallback[\s\S]*- \*\*Rule that decided:\*\* Fallback owner \(`51200100`\)/);
    expect(text).toMatch(/## Rules and workflows no scenario reaches\n\n(- .+\n)*- APAC\n/);
  });

});

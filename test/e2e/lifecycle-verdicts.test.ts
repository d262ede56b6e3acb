/**
 * Lifecycle verdicts through the real CLI against a sandbox whose workflows misbehave in the ways
 * the words must tell apart: a stage moved back, a late MQL, an MQL that never comes — each
 * naming the workflow the portal's history names.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { RunReport } from '../../src/report/model.js';
import { hubspotEnv, ROOT, runCli, scenarioDir, withSandbox } from './harness.js';

/** default.stack.yaml with only these lifecycle rules (ids 51300100, 51300101, ... by position). */
function stackWithRules(rules: unknown[]): string {
  const stack = parse(readFileSync(path.join(ROOT, 'fixtures/stacks/default.stack.yaml'), 'utf8'));
  stack.lifecycle.rules = rules;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lp-stack-')), 'lifecycle.stack.yaml');
  writeFileSync(file, stringify(stack));
  return file;
}

const lead = (name: string, form: string, lifecycle: unknown) => ({ name, form, lead: { country: 'US', employees: 40 }, expect: { lifecycle, within: '10s' } });

it('tells a stage moved back, a late stage and a stage never reached apart, naming the workflow', async () => {
  const sb = await withSandbox(stackWithRules([
    { name: 'demo request is an MQL', when: { forms: ['demo-request'] }, stage: 'marketingqualifiedlead', delaySeconds: 2 },
    { name: 're-score demo requests', when: { forms: ['demo-request'] }, stage: 'lead', clearFirst: true, delaySeconds: 5 },
    { name: 'sales contact is an MQL', when: { forms: ['contact-sales'] }, stage: 'marketingqualifiedlead', delaySeconds: 14 },
  ]));
  try {
    const dir = scenarioDir({
      'leadproof.config.yaml': readFileSync(path.join(ROOT, 'scenarios/leadproof.config.yaml'), 'utf8'),
      'l.scenario.yaml': stringify({ scenarios: [
        lead('moved back', 'demo-request', { path: ['lead', 'marketingqualifiedlead'], ends: 'marketingqualifiedlead' }),
        lead('late', 'contact-sales', ['lead', 'marketingqualifiedlead']),
        lead('never', 'ebook', ['lead', 'marketingqualifiedlead']),
        lead('stays a lead', 'ebook', { path: ['lead'], ends: 'lead', never: ['marketingqualifiedlead'] }),
      ] }),
    });
    const out = mkdtempSync(path.join(tmpdir(), 'lp-lc-'));
    const r = await runCli(['run', '--scenarios', dir, '--out', out], { env: hubspotEnv(sb) });
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
    const message = (name: string) => report.leads.find((l) => l.scenario === name)!.checks.find((c) => c.kind === 'lifecycle')!.message;
    expect(r.code, r.stdout.slice(-3000)).toBe(1);
    expect(message('moved back')).toMatch(/^became marketingqualifiedlead at [\d.]+ s by workflow 51300100, then moved back to lead at [\d.]+ s by workflow 51300101 \(history: lead → marketingqualifiedlead → lead\)$/);
    expect(message('late')).toMatch(/^became marketingqualifiedlead after [\d.]+ s by workflow 51300102, over the 10 s SLA$/);
    expect(message('never')).toBe('never became marketingqualifiedlead (history: lead)');
    expect(message('stays a lead')).toBe('stayed lead (history: lead)');
    expect(report.leads.filter((l) => l.passed).map((l) => l.scenario)).toEqual(['stays a lead']);
    expect(r.stdout).not.toMatch(/lifecycle: lifecycle/);
  } finally {
    await sb.stop();
  }
});

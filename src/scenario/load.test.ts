import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadProject } from './load.js';

const CONFIG = 'forms:\n  demo: { url: /demo, fields: { email: Email } }\n';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-load-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(path.join(dir, n), t);
  return dir;
}

describe('loadProject', () => {
  it('turns a CSV routing matrix into scenarios, one per row, with nested and typed fields', async () => {
    const dir = project({
      'leadproof.config.yaml': CONFIG,
      'routing.scenario.csv': [
        'name,form,utm.source,lead.country,lead.employees,expect.owner.team,expect.lifecycle,expect.unique,edge,expect.within',
        'EMEA enterprise,demo,linkedin,DE,2500,EMEA Enterprise,lead|marketingqualifiedlead,,,30s',
        '# a comment row is skipped',
        'Duplicate,demo,,US,300,NA Mid-Market,,true,duplicate,20s',
      ].join('\n'),
    });
    const p = await loadProject({ scenarios: dir, cwd: dir });
    expect(p.scenarios.map((s) => s.input)).toEqual([
      { name: 'EMEA enterprise', form: 'demo', utm: { source: 'linkedin' }, lead: { country: 'DE', employees: 2500 }, expect: { owner: { team: 'EMEA Enterprise' }, lifecycle: ['lead', 'marketingqualifiedlead'], within: '30s' } },
      { name: 'Duplicate', form: 'demo', lead: { country: 'US', employees: 300 }, expect: { owner: { team: 'NA Mid-Market' }, unique: true, within: '20s' }, edge: ['duplicate'] },
    ]);
  });

  it('names the CSV line of every bad row, and collects problems across files', async () => {
    const dir = project({
      'leadproof.config.yaml': CONFIG,
      'routing.scenario.csv': 'name,form,lead.employees,expect.within\nOk,demo,10,30s\nBad,demo,many,soon\n',
      'x.scenario.yaml': 'name: X\nform: nope\nexpect: {}\n',
    });
    const err = await loadProject({ scenarios: dir, cwd: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const lines = (err as ConfigError).issues.map((i) => `${i.file}: ${i.field}`);
    expect(lines).toContain('routing.scenario.csv:3: lead.employees');
    expect(lines).toContain('routing.scenario.csv:3: expect.within');
    expect(lines).toContain('x.scenario.yaml: form');
  });

  it('accepts ends/atLeast/never and names the place and the shape of a bad lifecycle', async () => {
    const ok = project({ 'leadproof.config.yaml': CONFIG, 'a.scenario.yaml': 'name: A\nform: demo\nexpect: { lifecycle: { path: [lead], ends: lead, atLeast: lead, never: [marketingqualifiedlead] } }\n' });
    expect((await loadProject({ scenarios: ok, cwd: ok })).scenarios[0].input.expect.lifecycle).toEqual({ path: ['lead'], ends: 'lead', atLeast: 'lead', never: ['marketingqualifiedlead'] });
    const dir = project({
      'leadproof.config.yaml': CONFIG,
      'a.scenario.yaml': 'scenarios:\n  - { name: A, form: demo, expect: { lifecycle: {} } }\n  - { name: B, form: demo, expect: { lifecycle: { ends: [lead] } } }\n',
    });
    const err = (await loadProject({ scenarios: dir, cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err.issues.map((i) => `${i.field}: ${i.message}`)).toEqual([
      'scenarios[0].expect.lifecycle: needs at least one of path, ends, atLeast, never',
      'scenarios[1].expect.lifecycle: must be a list of stages such as [lead, marketingqualifiedlead], or { path: [stages], ends: stage, atLeast: stage, never: [stages] }',
    ]);
  });

  it('requires a form profile to map the email field', async () => {
    const dir = project({ 'leadproof.config.yaml': 'forms:\n  demo: { url: /demo, fields: { firstName: First name } }\n', 'a.scenario.yaml': 'name: A\nform: demo\nexpect: {}\n' });
    const err = (await loadProject({ scenarios: dir, cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err.issues.map((i) => i.field)).toContain('forms.demo.fields.email');
  });

  it('reads requireComplete from the config, and names the field when it is not a boolean', async () => {
    const scenario = 'name: X\nform: demo\nexpect: {}\n';
    const ok = project({ 'leadproof.config.yaml': `${CONFIG}requireComplete: true\n`, 'x.scenario.yaml': scenario });
    expect((await loadProject({ scenarios: ok, cwd: ok })).config.requireComplete).toBe(true);
    const bad = project({ 'leadproof.config.yaml': `${CONFIG}requireComplete: "yes"\n`, 'x.scenario.yaml': scenario });
    const err = await loadProject({ scenarios: bad, cwd: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/leadproof\.config\.yaml.*requireComplete.*must be true or false/s);
  });
});

/** `leadproof init`: writes a folder that loads, never overwrites without --force, and adds to .gitignore instead of replacing it. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadProject } from '../scenario/load.js';
import { scaffold } from './scaffold.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'lp-init-'));

describe('leadproof init', () => {
  it('writes the config, two example scenarios and the .gitignore entries; the YAML scenario loads against the config', async () => {
    const dir = tmp();
    const res = scaffold(dir, { kind: 'project' });
    expect(res.written).toEqual(['leadproof.config.yaml', 'scenarios/emea-enterprise.scenario.ts', 'scenarios/na-enterprise.scenario.yaml']);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['reports/', 'keys/*.key', '.env']));
    expect(readFileSync(path.join(dir, 'scenarios/emea-enterprise.scenario.ts'), 'utf8')).toContain("import { defineScenario } from 'leadproof';");
    // The TypeScript example needs the installed CLI's loader (test/e2e/installed-package.test.ts runs it).
    const project = await loadProject({ scenarios: 'scenarios/*.yaml', cwd: dir });
    expect(project.configFile).toBe('leadproof.config.yaml');
    expect(project.scenarios.map((s) => s.input.name)).toEqual(['NA enterprise demo request from Google Ads']);
  });

  it('refuses to overwrite, naming every file that exists, and writes nothing; --force replaces them', () => {
    const dir = tmp();
    scaffold(dir, { kind: 'project' });
    writeFileSync(path.join(dir, 'leadproof.config.yaml'), 'forms: {}\n');
    let err: unknown;
    try {
      scaffold(dir, { kind: 'project' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
    expect((err as ConfigError).issues.map((i) => path.relative(dir, i.file))).toEqual(['leadproof.config.yaml', 'scenarios/emea-enterprise.scenario.ts', 'scenarios/na-enterprise.scenario.yaml']);
    expect((err as ConfigError).message).toContain('pass --force');
    expect(readFileSync(path.join(dir, 'leadproof.config.yaml'), 'utf8')).toBe('forms: {}\n');

    scaffold(dir, { kind: 'project', force: true });
    expect(readFileSync(path.join(dir, 'leadproof.config.yaml'), 'utf8')).toContain('demo-request:');
  });

  it('adds only the missing lines to an existing .gitignore', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n/reports/\n.env');
    const res = scaffold(dir, { kind: 'project' });
    expect(res.gitignoreAdded).toEqual(['keys/*.key']);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n/reports/\n.env\n\n# leadproof: run output, private signing keys, local credentials\nkeys/*.key\n');
    expect(scaffold(tmp(), { kind: 'ci-github' }).gitignoreAdded).toEqual([]);
  });

  it('refuses a shard count outside 1..20', () => {
    expect(() => scaffold(tmp(), { kind: 'ci-github', shards: 0 })).toThrow(/--shards: "0" must be a whole number from 1 to 20/);
  });
});

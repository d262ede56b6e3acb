import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { DEFAULT_STACK } from '../index.js';
import { loadStack } from './load-stack.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-stack-'));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const issuesOf = (file: string) => {
  try {
    loadStack(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected the stack to be rejected');
};

describe('loadStack', () => {
  it('accepts every shipped stack', async () => {
    const { readdirSync } = await import('node:fs');
    const stacks = readdirSync(join(DEFAULT_STACK, '..')).filter((f) => f.endsWith('.stack.yaml'));
    expect(stacks.length).toBeGreaterThanOrEqual(7);
    for (const f of stacks) expect(loadStack(join(DEFAULT_STACK, '..', f)).stack.testDomain).toBe('leadproof.test');
  });

  it('reports all schema problems at once, naming file and field', () => {
    const text = readFileSync(DEFAULT_STACK, 'utf8').replace('searchLagSeconds: 3', 'searchLagSeconds: soon').replace('duplicates: merge', 'duplicates: maybe');
    const issues = issuesOf(write('bad.stack.yaml', text));
    expect(issues.map((i) => i.field).sort()).toEqual(['duplicates', 'searchLagSeconds']);
    expect(issues.every((i) => i.file.endsWith('bad.stack.yaml'))).toBe(true);
  });

  it('reports references to owners, teams and territories that do not exist', () => {
    const text = readFileSync(DEFAULT_STACK, 'utf8')
      .replace('assign: { team: EMEA Mid-Market }', 'assign: { team: EMEA Midmarket }')
      .replace('match: { territory: APAC }', 'match: { territory: APJ }')
      .replace('  owner: noah.fischer@acme-funnel.example\n', '  owner: nobody@acme-funnel.example\n');
    const issues = issuesOf(write('refs.stack.yaml', text));
    expect(issues.map((i) => i.field)).toEqual(['routing.2.assign.team', 'routing.5.match.territory', 'fallback.owner']);
    expect(issues[0].message).toContain('EMEA Enterprise');
  });

  it('says what to do when the file is missing or not YAML', () => {
    expect(issuesOf(join(dir, 'missing.stack.yaml'))[0].message).toContain('--stack');
    expect(issuesOf(write('broken.stack.yaml', 'a: [1'))[0].message).toContain('not valid YAML');
  });
});

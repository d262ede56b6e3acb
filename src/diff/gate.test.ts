import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { diffRuns } from './compare.js';
import { applyGate, loadExpectedChanges } from './gate.js';
import { buildDiff } from './outcome.js';
import { EMEA_MM, ELENA, lead, report } from './test-fixture.js';

const IRISH = 'Irish mid-market demo request';
const FRENCH = 'French mid-market sales contact';
const dir = mkdtempSync(path.join(tmpdir(), 'lp-gate-'));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};
const problems = (f: string): string[] => {
  try {
    loadExpectedChanges(f);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
    return (err as ConfigError).issues.map((i) => `${i.file === f ? 'FILE' : i.file}: ${i.field}: ${i.message}`);
  }
  return [];
};

const before = { report: report([lead({ scenario: IRISH, branch: EMEA_MM }), lead({ scenario: FRENCH, branch: EMEA_MM }, 1)]), dir: 'reports/a' };
const rerouted = { report: report([lead({ scenario: IRISH, branch: EMEA_MM, expected: 'team EMEA Commercial', to: ELENA }), lead({ scenario: FRENCH, branch: EMEA_MM, expected: 'team EMEA Commercial', to: ELENA }, 1)], { runId: 'run-b' }), dir: 'reports/b' };
const REROUTE = `- branch: "EMEA x mid-market"   # x for ×, any case\n  owner: { team: { from: emea mid-market, to: EMEA Commercial } }\n`;

describe('the gate', () => {
  it('passes when the declared change is exactly what happened (one entry covers the branch\'s scenarios)', () => {
    const g = applyGate(diffRuns(before, rerouted), loadExpectedChanges(file('ok.yaml', REROUTE)), 'ok.yaml');
    expect(g).toMatchObject({ passed: true, unexpected: [], missing: [] });
    expect(g.intended[0]!.matched).toEqual([`${IRISH}|owner`, `${FRENCH}|owner`]);
  });

  it('fails on a change nobody declared', () => {
    const g = applyGate(diffRuns(before, rerouted), [], 'none.yaml');
    expect(g.passed).toBe(false);
    expect(g.unexpected.map((c) => c.id)).toEqual([`${IRISH}|owner`, `${FRENCH}|owner`]);
  });

  it('fails on a declared change that did not happen, or happened differently', () => {
    const same = applyGate(diffRuns(before, before), loadExpectedChanges(file('ok2.yaml', REROUTE)), 'ok2.yaml');
    expect(same.passed).toBe(false);
    expect(same.missing.map((m) => m.words)).toEqual(['EMEA x mid-market: owner team emea mid-market → EMEA Commercial']);
    const wrongTeam = applyGate(diffRuns(before, rerouted), loadExpectedChanges(file('other.yaml', '- branch: EMEA × mid-market\n  owner: { team: { to: NA Mid-Market } }\n')), 'other.yaml');
    expect(wrongTeam.passed).toBe(false);
    expect(wrongTeam.missing).toHaveLength(1);
    expect(wrongTeam.unexpected).toHaveLength(2);
  });

  it('lists unexpected changes first in the console and exits 1', () => {
    const out = buildDiff(before, rerouted, { file: 'x.yaml', changes: loadExpectedChanges(file('lc.yaml', `changes:\n  - scenario: ${IRISH}\n    lifecycle: { to: [lead] }\n`)) });
    expect(out.exitCode).toBe(1);
    expect(out.lines.slice(1)).toEqual([
      'Gate FAILED (x.yaml): 2 unexpected change(s), 1 declared change(s) that did not happen, 0 declared change(s) that happened.',
      `  ✗ unexpected: ${EMEA_MM} — "${IRISH}": owner team EMEA Mid-Market → team EMEA Commercial`,
      `  ✗ unexpected: ${EMEA_MM} — "${FRENCH}": owner team EMEA Mid-Market → team EMEA Commercial`,
      `  ✗ declared, did not happen: "${IRISH}": lifecycle → lead`,
    ]);
  });

  it('matches fields (empty for a value the CRM left empty), verdicts and time to owner', () => {
    const after = { report: report([lead({ scenario: IRISH, branch: EMEA_MM, fields: { source: 'ORGANIC_SEARCH', utm_source: 'bing' }, timeMs: 20_000, passed: false }), lead({ scenario: FRENCH, branch: EMEA_MM }, 1)]), dir: 'b' };
    const spec = `- scenario: ${IRISH}\n  fields: { utm_source: { from: empty, to: bing } }\n  timeToOwner: true\n  verdict: { from: passed, to: failed }\n`;
    expect(applyGate(diffRuns(before, after), loadExpectedChanges(file('f.yaml', spec)), 'f.yaml')).toMatchObject({ passed: true, unexpected: [], missing: [] });
  });
});

describe('expected-changes file', () => {
  it('accepts a bare list or `changes:`', () => {
    expect(loadExpectedChanges(file('a.yaml', REROUTE))).toHaveLength(1);
    expect(loadExpectedChanges(file('b.yaml', `changes:\n${REROUTE.replace(/^/gm, '  ')}`))).toHaveLength(1);
  });

  it('names the file and the field of every problem (exit 2)', () => {
    expect(problems(file('bad.yaml', [
      '- branch: EMEA × mid-market',
      '  owner: { team: { form: EMEA Mid-Market, to: EMEA Commercial } }',
      '- scenario: x',
      '  branch: y',
      '  verdict: { to: broken }',
      '- branch: APAC',
      '  colour: blue',
    ].join('\n')))).toEqual([
      'FILE: [0].owner.team: unknown key "form"; known here: from, to',
      'FILE: [1].verdict.to: Invalid option: expected one of "passed"|"failed"',
      'FILE: [2]: unknown key "colour"; known here: branch, scenario, owner, lifecycle, fields, timeToOwner, verdict, added, removed, note',
      'FILE: [2]: declare at least one change: owner, lifecycle, fields, timeToOwner, verdict, added or removed',
    ]);
    expect(problems(file('str.yaml', '- branch: APAC\n  owner: { team: APAC Direct }\n'))).toEqual(['FILE: [0].owner.team: must be { from: <before>, to: <after> } (from may be left out)']);
    expect(problems(file('obj.yaml', 'branch: APAC\n'))).toEqual(['FILE: (file): must be a list of changes (`- branch: EMEA × mid-market` …), or `changes:` holding that list.']);
    expect(problems(file('none.yaml', '- branch: APAC\n'))).toEqual(['FILE: [0]: declare at least one change: owner, lifecycle, fields, timeToOwner, verdict, added or removed']);
    expect(problems(file('both.yaml', '- branch: APAC\n  scenario: x\n  added: true\n'))).toEqual(['FILE: [0].branch: give exactly one of `branch:` or `scenario:`']);
    expect(problems(file('yaml.yaml', '- branch: [unclosed\n'))[0]).toBe('FILE: line 2: Flow sequence in block collection must be sufficiently indented and end with a ].');
    expect(problems(path.join(dir, 'missing.yaml'))[0]).toMatch(/no such file/);
  });
});

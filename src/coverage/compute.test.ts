import { describe, expect, it } from 'vitest';
import { renderRoutingCoverage } from '../report/html/coverage.js';
import { computeCoverage, type CoverageLead } from './compute.js';

const wf = (id: string, value: string) => ({ value, timestamp: '2026-12-01T10:00:00Z', by: { kind: 'workflow' as const, id } });

describe('computeCoverage', () => {
  it('attributes by history: counts leads per workflow, decides by the change that set the final owner', () => {
    const leads: CoverageLead[] = [
      { key: 'a', branch: 'A', owner: '104', ownerHistory: [wf('1', '101'), wf('2', '104')], lifecycleHistory: [wf('9', 'marketingqualifiedlead')] },
      { key: 'b', branch: 'B', owner: '101', ownerHistory: [wf('1', '101')], lifecycleHistory: [] },
    ];
    const c = computeCoverage(leads, { status: 'listed', attribution: 'history', automations: [
      { id: '1', name: 'one', enabled: true, kind: 'workflow' }, { id: '2', name: 'two', enabled: true, kind: 'workflow' },
      { id: '3', name: 'three', enabled: true, kind: 'workflow' }, { id: '4', name: 'four', enabled: false, kind: 'workflow' },
    ] });
    expect(c.acted.map((a) => [a.id, a.leads, a.branches])).toEqual([['1', 2, ['A', 'B']], ['9', 1, ['A']], ['2', 1, ['A']]]);
    expect(c.acted.find((a) => a.id === '9')).toMatchObject({ name: null, listed: false, on: ['lifecycle'] });
    expect(c.decidedBy).toEqual({ a: { id: '2', name: 'two' }, b: { id: '1', name: 'one' } });
    expect(c.unreached).toEqual([{ id: '3', name: 'three', enabled: true }, { id: '4', name: 'four', enabled: false }]);
  });

  it('attributes by owner where history names no rule: the first active entry assigning it', () => {
    const c = computeCoverage([{ key: 'a', branch: 'A', owner: '00G1', ownerHistory: [], lifecycleHistory: [] }], { status: 'listed', attribution: 'owner', automations: [
      { id: 'r#1', name: 'off', enabled: false, kind: 'assignment-rule-entry', assignsTo: '00G1' },
      { id: 'r#2', name: 'queue', enabled: true, kind: 'assignment-rule-entry', assignsTo: '00G1' },
      { id: 'r#3', name: 'later', enabled: true, kind: 'assignment-rule-entry', assignsTo: '00G1' },
    ] });
    expect(c.decidedBy).toEqual({ a: { id: 'r#2', name: 'queue' } });
    expect(c.unreached.map((u) => u.id)).toEqual(['r#1', 'r#3']);
  });

  it('renders a missing scope as such, without an unreached list', () => {
    const c = computeCoverage([], { status: 'missing-scope', scope: 'automation', message: 'the token lacks the automation scope' });
    const html = renderRoutingCoverage(c);
    expect(html).toContain('<p class="pending" id="coverage-unavailable">the token lacks the automation scope</p>');
    expect(html).not.toContain('coverage-unreached');
  });
});

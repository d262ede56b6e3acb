import { describe, expect, it } from 'vitest';
import { mergeCoverage } from './merge.js';
import type { RoutingCoverage } from './types.js';

const shard = (acted: [string, number, string][], decided: Record<string, string>): RoutingCoverage => ({
  status: 'listed',
  attribution: 'history',
  acted: acted.map(([id, leads, branch]) => ({ id, name: `rule ${id}`, on: ['owner'], leads, branches: [branch], listed: true })),
  unreached: ['1', '2', '3', '4'].filter((id) => !acted.some(([a]) => a === id)).map((id) => ({ id, name: `rule ${id}`, enabled: true })),
  decidedBy: Object.fromEntries(Object.entries(decided).map(([k, id]) => [k, { id, name: `rule ${id}` }])),
});

describe('mergeCoverage', () => {
  it('counts a rule any shard reached as reached, adding up its leads, and keeps unreached only what no shard reached', () => {
    const m = mergeCoverage([shard([['1', 2, 'EMEA']], { a: '1', b: '1' }), shard([['1', 1, 'EMEA'], ['3', 1, 'APAC']], { c: '1', d: '3' })])!;
    expect(m.acted.map((a) => [a.id, a.leads, a.branches])).toEqual([['1', 3, ['EMEA']], ['3', 1, ['APAC']]]);
    expect(m.unreached.map((u) => u.id)).toEqual(['2', '4']);
    expect(Object.keys(m.decidedBy).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('is unknown as a whole when one shard could not list the rules, and absent when no shard had coverage', () => {
    const denied: RoutingCoverage = { status: 'missing-scope', message: 'grant automation', acted: [], unreached: [], decidedBy: {} };
    const m = mergeCoverage([shard([['1', 1, 'EMEA']], {}), denied])!;
    expect(m.status).toBe('missing-scope');
    expect(m.unreached).toEqual([]);
    expect(m.acted.map((a) => a.id)).toEqual(['1']);
    expect(mergeCoverage([undefined, undefined])).toBeUndefined();
  });
});

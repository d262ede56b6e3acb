/**
 * The routing coverage of a merged sharded run: a rule any shard's leads reached was reached, so
 * `acted` is the union (lead counts and branches added up) and `unreached` holds only what no
 * shard reached. A shard that could not list its rules makes the whole unknown the same way.
 */
import type { ActedRule, RoutingCoverage } from './types.js';

export function mergeCoverage(parts: (RoutingCoverage | undefined)[]): RoutingCoverage | undefined {
  const all = parts.filter((p): p is RoutingCoverage => Boolean(p));
  if (all.length === 0) return undefined;
  const acted = new Map<string, ActedRule>();
  for (const a of all.flatMap((p) => p.acted)) {
    const prev = acted.get(a.id);
    acted.set(a.id, prev
      ? { ...prev, leads: prev.leads + a.leads, on: [...new Set([...prev.on, ...a.on])], branches: [...new Set([...prev.branches, ...a.branches])].sort(), listed: prev.listed || a.listed }
      : { ...a });
  }
  const notListed = all.find((p) => p.status !== 'listed');
  const base = notListed ?? all[0]!;
  return {
    ...base,
    acted: [...acted.values()].sort((a, b) => b.leads - a.leads || (a.name ?? a.id).localeCompare(b.name ?? b.id)),
    unreached: notListed ? notListed.unreached : all[0]!.unreached.filter((u) => !acted.has(u.id)),
    decidedBy: Object.assign({}, ...all.map((p) => p.decidedBy)),
  };
}

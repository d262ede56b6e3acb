/**
 * The lifecycle check: what the CRM's lifecycle history shows against a scenario's path. Kept apart
 * from evaluate.ts so lifecycle semantics and owner semantics can change independently.
 */
import type { CrmRecord } from '../crm/adapter.js';
import { formatDuration } from '../scenario/duration.js';
import type { LifecycleExpectation } from '../scenario/types.js';
import type { PendingCheck } from './evaluate.js';
import type { FieldResolver } from './fields.js';

export function normaliseLifecycle(l: string[] | LifecycleExpectation): LifecycleExpectation {
  return Array.isArray(l) ? { path: l } : l;
}

export function lifecycleCheck(l: LifecycleExpectation, rec: CrmRecord, names: FieldResolver, closed: boolean, elapsed: number, within: string, after: (t: number) => number): PendingCheck {
  const field = names.core.lifecycle;
  const hist = rec.history[field] ?? [];
  const seen = distinct(hist.length ? hist.map((h) => h.value ?? '') : [rec.properties[field] ?? '']);
  const path = l.path.map(names.stage);
  const never = (l.never ?? []).map(names.stage);
  const hit = never.find((n) => seen.includes(n));
  const pathOk = isSubsequence(path, seen);
  const expected = { path, ...(never.length ? { never } : {}) };
  const shown = seen.filter(Boolean).join(' → ') || '(no stage)';
  if (hit) {
    const at = hist.find((h) => h.value === hit);
    return { name: 'lifecycle', kind: 'lifecycle', passed: false, pending: false, expected, actual: seen, decidedAfterMs: elapsed,
      message: `became ${hit}${at ? ` after ${formatDuration(after(Date.parse(at.timestamp)))}` : ''}; it must not within ${within} (history: ${shown})` };
  }
  const passed = pathOk && (never.length === 0 || closed);
  const pending = !passed && !closed;
  return { name: 'lifecycle', kind: 'lifecycle', passed, pending, expected, actual: seen, decidedAfterMs: pending ? undefined : elapsed,
    message: passed ? `lifecycle ${shown}` : `lifecycle went ${shown}; expected ${path.join(' → ')} within ${within}` };
}

function distinct(values: string[]): string[] {
  return values.filter((v, i) => i === 0 || v !== values[i - 1]);
}

function isSubsequence(needle: string[], hay: string[]): boolean {
  let i = 0;
  for (const h of hay) if (i < needle.length && h === needle[i]) i++;
  return i === needle.length;
}

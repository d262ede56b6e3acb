/** The console lines of a baseline: the statement, then one row per source. */
import type { SourceBaseline } from './model.js';

export function summaryLines(b: SourceBaseline): string[] {
  const width = Math.max(10, ...b.sources.map((s) => label(s.source).length));
  return [
    `${b.account}${b.sandbox ? ' (sandbox)' : ''}`,
    b.statement,
    ...b.sources.map((s) => `  ${label(s.source).padEnd(width)}  ${String(s.count).padStart(6)}  ${(s.share * 100).toFixed(1).padStart(5)} %`),
    `  ${'total'.padEnd(width)}  ${String(b.total).padStart(6)}`,
    `Read-only: ${b.method}; ${b.apiCalls} API call(s).`,
  ];
}

function label(source: string | null): string {
  return source ?? '(no value)';
}

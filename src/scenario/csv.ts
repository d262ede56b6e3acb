/**
 * A routing matrix kept as CSV by RevOps becomes scenarios: one row per branch, dotted column
 * headers for nested fields. Rows go through the same schema as YAML and TS scenarios.
 *
 *   name,form,utm.source,utm.medium,lead.country,lead.employees,expect.owner.team,expect.within
 *   EMEA enterprise demo,demo-request,linkedin,paid_social,DE,2500,EMEA Enterprise,30s
 *
 * Lists (edge, crm, expect.lifecycle, expect.lifecycle.path/never, expect.owner.oneOf) are
 * separated by "|". Empty cells are left out.
 */
import { parse } from 'csv-parse/sync';

const NUMBERS = new Set(['lead.employees', 'submissions', 'volume']);
const BOOLEANS = new Set(['expect.unique', 'lead.consent']);
const LISTS = new Set(['edge', 'crm', 'expect.lifecycle', 'expect.lifecycle.path', 'expect.lifecycle.never', 'expect.owner.oneOf']);

export interface CsvRow {
  /** 1-based line of the row in the file (the header is line 1). */
  line: number;
  data: Record<string, unknown>;
}

export function parseScenarioCsv(text: string): CsvRow[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, comment: '#', info: true }) as { record: Record<string, string>; info: { lines: number } }[];
  return records.map(({ record, info }) => {
    const data: Record<string, unknown> = {};
    for (const [header, cell] of Object.entries(record)) {
      if (cell === '' || cell === undefined) continue;
      setPath(data, header.split('.'), convert(header, cell));
    }
    return { line: info.lines, data };
  });
}

function convert(header: string, cell: string): unknown {
  if (NUMBERS.has(header)) return /^\d+$/.test(cell) ? Number(cell) : cell;
  if (BOOLEANS.has(header)) return cell === 'true' ? true : cell === 'false' ? false : cell;
  if (LISTS.has(header)) return cell.split('|').map((x) => x.trim()).filter(Boolean);
  return cell;
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

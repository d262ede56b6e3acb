/**
 * Runs a parsed SOQL query over plain rows. The org supplies objects (fields + rows) and
 * relationships (how `Owner` resolves to a User or a Queue); the evaluator checks field names
 * the way Salesforce does (case-insensitive, INVALID_FIELD for unknown ones) and shapes result
 * rows like the REST API: `{ attributes: { type, url }, Field: value, Rel: { attributes, ... } }`.
 */
import { SoqlError } from './soql-error.js';
import { parseSoql, type Condition, type FieldRef, type SoqlQuery, type SoqlValue } from './soql.js';

export type Row = Record<string, unknown>;

export interface SoqlObjectSchema {
  /** API name, also `attributes.type` of result rows (`Lead`, `User`). */
  name: string;
  /** Canonical field names; matched case-insensitively. */
  fields: string[];
  relationships?: Record<string, SoqlRelationship>;
}

export interface SoqlRelationship {
  /** `attributes.type` of the related row as the API shows it (`Name` for polymorphic Owner). */
  attributesType: string;
  schema: SoqlObjectSchema;
  /** The related row and the sObject its url points at, or null (an empty lookup). */
  resolve(row: Row): { row: Row; sobject: string } | null;
}

export interface SoqlTable extends SoqlObjectSchema {
  rows(): Row[];
}

export interface SoqlResult {
  totalSize: number;
  records: Row[];
}

/** Parses and runs `soql` against `tables`; `urlBase` is `/services/data/v62.0`. */
export function runSoql(soql: string, tables: SoqlTable[], urlBase: string): SoqlResult {
  const q = parseSoql(soql);
  const table = tables.find((t) => t.name.toLowerCase() === q.from.name.toLowerCase());
  if (!table) {
    throw new SoqlError('INVALID_TYPE', soql, q.from.pos + 1,
      `sObject type '${q.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
  }
  const ctx = new Ctx(q, table);
  // Resolve every path up front so an unknown field fails even when no row matches.
  const selected = q.fields.map((f) => ctx.resolvePath(f));
  const order = q.orderBy.map((o) => ({ ...o, canon: ctx.resolvePath(o) }));
  if (q.where) ctx.checkCondition(q.where);

  let rows = table.rows().filter((r) => !q.where || ctx.test(q.where, r));
  if (q.aggregates.length || q.groupBy.length) return aggregate(q, ctx, rows, selected);
  if (order.length) {
    rows = [...rows].sort((a, b) => {
      for (const o of order) {
        const c = compareForSort(ctx.get(a, o.canon), ctx.get(b, o.canon), o.dir, o.nulls);
        if (c !== 0) return c;
      }
      return 0;
    });
  }
  const total = rows.length;
  rows = rows.slice(q.offset ?? 0, q.limit === undefined ? undefined : (q.offset ?? 0) + q.limit);
  if (q.count) return { totalSize: q.limit === undefined ? total : Math.min(total, q.limit), records: [] };
  return { totalSize: rows.length, records: rows.map((r) => shape(r, table, selected, urlBase)) };
}

/**
 * Aggregate queries answer AggregateResult rows: one per group, the grouped fields under their
 * names and each COUNT under its alias or exprN ("Working with SOQL Aggregate Functions", SOQL
 * and SOSL Reference). A selected field that is not grouped is MALFORMED_QUERY, as there.
 */
function aggregate(q: SoqlQuery, ctx: Ctx, rows: Row[], selected: string[][]): SoqlResult {
  if (q.orderBy.length || q.offset !== undefined) {
    throw new SoqlError('MALFORMED_QUERY', q.soql, q.from.pos + 1, 'the sandbox answers aggregate queries without ORDER BY and OFFSET');
  }
  const groups = q.groupBy.map((g) => ctx.resolvePath(g));
  q.fields.forEach((f, i) => {
    if (!groups.some((g) => g.join('.').toLowerCase() === selected[i]!.join('.').toLowerCase())) {
      throw new SoqlError('MALFORMED_QUERY', q.soql, f.pos + 1, `Field must be grouped or aggregated: ${f.path.join('.')}`);
    }
  });
  const counted = q.aggregates.map((a) => ctx.resolvePath(a.field));
  const buckets = new Map<string, Row[]>();
  for (const r of rows) {
    const key = JSON.stringify(groups.map((g) => ctx.get(r, g)));
    buckets.set(key, [...(buckets.get(key) ?? []), r]);
  }
  if (buckets.size === 0 && groups.length === 0) buckets.set('[]', []);
  const out: Row[] = [];
  for (const [key, members] of buckets) {
    const values = JSON.parse(key) as unknown[];
    const row: Row = { attributes: { type: 'AggregateResult' } };
    q.fields.forEach((f, i) => (row[f.path[f.path.length - 1]!] = values[groups.findIndex((g) => g.join('.').toLowerCase() === selected[i]!.join('.').toLowerCase())] ?? null));
    // COUNT(field) counts the rows where the field is not null.
    q.aggregates.forEach((a, i) => (row[a.alias] = members.filter((m) => ctx.get(m, counted[i]!) !== null).length));
    out.push(row);
  }
  const limited = q.limit === undefined ? out : out.slice(0, q.limit);
  return { totalSize: limited.length, records: limited };
}

class Ctx {
  constructor(readonly q: SoqlQuery, readonly table: SoqlTable) {}

  /** Canonical path for a field reference, or INVALID_FIELD in Salesforce's words. */
  resolvePath(ref: FieldRef): string[] {
    let schema: SoqlObjectSchema = this.table;
    const out: string[] = [];
    ref.path.forEach((part, idx) => {
      const last = idx === ref.path.length - 1;
      if (last) {
        const f = schema.fields.find((x) => x.toLowerCase() === part.toLowerCase());
        if (!f) {
          throw new SoqlError('INVALID_FIELD', this.q.soql, ref.pos + 1,
            `No such column '${part}' on entity '${schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
        }
        out.push(f);
        return;
      }
      const relName = Object.keys(schema.relationships ?? {}).find((x) => x.toLowerCase() === part.toLowerCase());
      if (!relName) {
        throw new SoqlError('INVALID_FIELD', this.q.soql, ref.pos + 1,
          `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);
      }
      out.push(relName);
      schema = schema.relationships![relName]!.schema;
    });
    return out;
  }

  checkCondition(c: Condition): void {
    switch (c.kind) {
      case 'and':
      case 'or':
        return c.items.forEach((i) => this.checkCondition(i));
      case 'not':
        return this.checkCondition(c.item);
      default:
        this.resolvePath(c);
    }
  }

  get(row: Row, path: string[]): unknown {
    let schema: SoqlObjectSchema = this.table;
    let cur: Row | null = row;
    for (let i = 0; i < path.length - 1 && cur; i++) {
      const rel: SoqlRelationship = schema.relationships![path[i]!]!;
      cur = rel.resolve(cur)?.row ?? null;
      schema = rel.schema;
    }
    return cur ? (cur[path[path.length - 1]!] ?? null) : null;
  }

  test(c: Condition, row: Row): boolean {
    switch (c.kind) {
      case 'and':
        return c.items.every((i) => this.test(i, row));
      case 'or':
        return c.items.some((i) => this.test(i, row));
      case 'not':
        return !this.test(c.item, row);
      case 'cmp': {
        const v = this.get(row, this.resolvePath(c));
        if (c.value === null) return c.op === '=' ? v === null : c.op === '!=' ? v !== null : false;
        if (v === null) return c.op === '!=';
        const cmp = compareValues(v, c.value);
        if (cmp === null) return c.op === '!=';
        return { '=': cmp === 0, '!=': cmp !== 0, '<': cmp < 0, '<=': cmp <= 0, '>': cmp > 0, '>=': cmp >= 0 }[c.op];
      }
      case 'in': {
        const v = this.get(row, this.resolvePath(c));
        const hit = c.values.some((x) => (x === null ? v === null : v !== null && compareValues(v, x) === 0));
        return c.negate ? !hit : hit;
      }
      case 'like': {
        const v = this.get(row, this.resolvePath(c));
        return v !== null && likeToRegExp(c.pattern).test(String(v));
      }
    }
  }
}

/** SOQL compares text case-insensitively; dates by instant; numbers numerically. */
function compareValues(v: unknown, lit: SoqlValue): number | null {
  if (lit !== null && typeof lit === 'object') {
    const ms = typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isNaN(ms) ? null : Math.sign(ms - lit.date);
  }
  if (typeof lit === 'boolean') return v === lit ? 0 : 1;
  if (typeof lit === 'number') {
    const n = Number(v);
    return Number.isNaN(n) ? null : Math.sign(n - lit);
  }
  const a = String(v).toLowerCase();
  const b = String(lit).toLowerCase();
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Nulls go where NULLS FIRST/LAST says whatever the direction, as in SOQL. */
function compareForSort(a: unknown, b: unknown, dir: 'ASC' | 'DESC', nulls: 'FIRST' | 'LAST'): number {
  if (a === null || b === null) return a === b ? 0 : (a === null) === (nulls === 'FIRST') ? -1 : 1;
  let c: number;
  if (typeof a === 'number' && typeof b === 'number') c = Math.sign(a - b);
  else {
    const sa = String(a).toLowerCase();
    const sb = String(b).toLowerCase();
    c = sa === sb ? 0 : sa < sb ? -1 : 1;
  }
  return dir === 'ASC' ? c : -c;
}

/** `%` any run, `_` one char, `\%`/`\_` literal; case-insensitive like Salesforce. */
export function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      re += pattern[++i];
    } else if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

function shape(row: Row, table: SoqlObjectSchema, selected: string[][], urlBase: string): Row {
  const out: Row = { attributes: { type: table.name, url: `${urlBase}/sobjects/${table.name}/${String(row.Id)}` } };
  for (const path of selected) put(out, row, table, path, urlBase);
  return out;
}

function put(out: Row, row: Row, schema: SoqlObjectSchema, path: string[], urlBase: string): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    out[head] = row[head] ?? null;
    return;
  }
  const rel = schema.relationships![head]!;
  const target = rel.resolve(row);
  if (!target) {
    out[head] = null;
    return;
  }
  const nested = (out[head] as Row | null | undefined) ?? {
    attributes: { type: rel.attributesType, url: `${urlBase}/sobjects/${target.sobject}/${String(target.row.Id)}` },
  };
  out[head] = nested;
  put(nested, target.row, rel.schema, rest, urlBase);
}

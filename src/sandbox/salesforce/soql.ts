/**
 * A SOQL subset parser: what the adapter sends and what a user's `where` in the config needs.
 *   SELECT f, Rel.f, COUNT() FROM Obj [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], ...]
 *   [LIMIT n] [OFFSET n]
 *   SELECT f, COUNT(f) [alias] FROM Obj [WHERE cond] [GROUP BY f, ...]   (aggregate rows)
 *   cond: =, !=, <>, <, <=, >, >=, [NOT] IN (...), LIKE, AND, OR, NOT, parentheses
 *   values: 'strings' (backslash escapes), numbers, true/false/null, date and datetime literals,
 *   TODAY / YESTERDAY / LAST_N_DAYS:n.
 * Anything else is MALFORMED_QUERY with Salesforce's column-pointing message.
 */
import { SoqlError } from './soql-error.js';
import { tokenize, type Token } from './soql-lexer.js';

export type SoqlValue = string | number | boolean | null | { date: number };
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'cmp'; path: string[]; pos: number; op: CompareOp; value: SoqlValue }
  | { kind: 'in'; path: string[]; pos: number; negate: boolean; values: SoqlValue[] }
  | { kind: 'like'; path: string[]; pos: number; pattern: string };

export interface FieldRef {
  /** `['Owner', 'Name']` for `Owner.Name`, as written (case preserved). */
  path: string[];
  /** Character offset in the query, for error columns. */
  pos: number;
}

export interface OrderItem extends FieldRef {
  dir: 'ASC' | 'DESC';
  nulls: 'FIRST' | 'LAST';
}

/** `COUNT(Id)` / `COUNT(Id) n` in the select list: a column of aggregate rows. */
export interface AggregateRef {
  field: FieldRef;
  /** The alias, or Salesforce's positional name `expr0`, `expr1`, ... */
  alias: string;
  pos: number;
}

export interface SoqlQuery {
  soql: string;
  /** `SELECT COUNT() FROM ...`: only totalSize is answered. */
  count: boolean;
  fields: FieldRef[];
  /** `COUNT(field)` columns; with them (or GROUP BY) the answer is AggregateResult rows. */
  aggregates: AggregateRef[];
  groupBy: FieldRef[];
  from: { name: string; pos: number };
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}

const DAY_MS = 86_400_000;

export function parseSoql(soql: string, now: number = Date.now()): SoqlQuery {
  return new Parser(soql, tokenize(soql), now).query();
}

class Parser {
  private i = 0;
  constructor(
    private readonly soql: string,
    private readonly toks: Token[],
    private readonly now: number,
  ) {}

  query(): SoqlQuery {
    this.keyword('SELECT');
    let count = false;
    const fields: FieldRef[] = [];
    const aggregates: AggregateRef[] = [];
    if (this.isKw('COUNT') && this.peek(1).text === '(' && this.peek(2).text === ')') {
      this.i += 2;
      this.punct(')');
      count = true;
    } else {
      do {
        if (this.isKw('COUNT') && this.peek(1).text === '(') aggregates.push(this.aggregate(aggregates.length));
        else fields.push(this.fieldRef());
      } while (this.acceptPunct(','));
    }
    this.keyword('FROM');
    const fromTok = this.ident();
    const q: SoqlQuery = { soql: this.soql, count, fields, aggregates, groupBy: [], from: { name: fromTok.text, pos: fromTok.pos }, orderBy: [] };
    if (this.acceptKw('WHERE')) q.where = this.orExpr();
    if (this.acceptKw('GROUP')) {
      this.keyword('BY');
      do q.groupBy.push(this.fieldRef());
      while (this.acceptPunct(','));
    }
    if (this.acceptKw('ORDER')) {
      this.keyword('BY');
      do q.orderBy.push(this.orderItem());
      while (this.acceptPunct(','));
    }
    if (this.acceptKw('LIMIT')) q.limit = this.integer();
    if (this.acceptKw('OFFSET')) q.offset = this.integer();
    const rest = this.peek();
    if (rest.type !== 'eof') this.fail(rest, `unexpected token: '${rest.text}'`);
    return q;
  }

  /** `COUNT(field) [alias]`; unaliased columns are named expr0, expr1, ... by position among the aggregates. */
  private aggregate(index: number): AggregateRef {
    const pos = this.peek().pos;
    this.i += 2;
    const field = this.fieldRef();
    this.punct(')');
    const next = this.peek();
    const reserved = ['FROM'];
    let alias = `expr${index}`;
    if (next.type === 'ident' && !reserved.includes(next.text.toUpperCase())) {
      alias = next.text;
      this.i++;
    }
    return { field, alias, pos };
  }

  private orderItem(): OrderItem {
    const ref = this.fieldRef();
    const dir = this.acceptKw('DESC') ? 'DESC' : (this.acceptKw('ASC'), 'ASC');
    let nulls: 'FIRST' | 'LAST' = dir === 'ASC' ? 'FIRST' : 'LAST';
    if (this.acceptKw('NULLS')) nulls = this.acceptKw('LAST') ? 'LAST' : (this.keyword('FIRST'), 'FIRST');
    return { ...ref, dir, nulls };
  }

  private orExpr(): Condition {
    const items = [this.andExpr()];
    while (this.acceptKw('OR')) items.push(this.andExpr());
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private andExpr(): Condition {
    const items = [this.unary()];
    while (this.acceptKw('AND')) items.push(this.unary());
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private unary(): Condition {
    if (this.acceptKw('NOT')) return { kind: 'not', item: this.unary() };
    if (this.acceptPunct('(')) {
      const inner = this.orExpr();
      this.punct(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const ref = this.fieldRef();
    const t = this.peek();
    if (t.type === 'op') {
      this.i++;
      const op = (t.text === '<>' ? '!=' : t.text) as CompareOp;
      return { kind: 'cmp', ...ref, op, value: this.value() };
    }
    const negate = this.acceptKw('NOT');
    if (this.acceptKw('IN')) {
      this.punct('(');
      const values = [this.value()];
      while (this.acceptPunct(',')) values.push(this.value());
      this.punct(')');
      return { kind: 'in', ...ref, negate, values };
    }
    if (!negate && this.acceptKw('LIKE')) {
      const v = this.peek();
      if (v.type !== 'string') this.fail(v, `unexpected token: '${v.text}'`);
      this.i++;
      return { kind: 'like', ...ref, pattern: v.value as string };
    }
    return this.fail(t, `unexpected token: '${t.text || '<EOF>'}'`);
  }

  private value(): SoqlValue {
    const t = this.peek();
    this.i++;
    switch (t.type) {
      case 'string':
      case 'number':
        return t.value as string | number;
      case 'date':
        return { date: t.value as number };
      case 'ident': {
        const up = t.text.toUpperCase();
        if (up === 'TRUE' || up === 'FALSE') return up === 'TRUE';
        if (up === 'NULL') return null;
        const today = Math.floor(this.now / DAY_MS) * DAY_MS;
        if (up === 'TODAY') return { date: today };
        if (up === 'YESTERDAY') return { date: today - DAY_MS };
        const m = /^LAST_N_DAYS:(\d+)$/.exec(up);
        if (m) return { date: today - Number(m[1]) * DAY_MS };
      }
    }
    return this.fail(t, `unexpected token: '${t.text || '<EOF>'}'`);
  }

  private fieldRef(): FieldRef {
    const t = this.ident();
    if (/^\.|\.$|\.\./.test(t.text)) this.fail(t, `unexpected token: '${t.text}'`);
    return { path: t.text.split('.'), pos: t.pos };
  }

  private integer(): number {
    const t = this.peek();
    if (t.type !== 'number' || !Number.isInteger(t.value) || (t.value as number) < 0) {
      this.fail(t, `unexpected token: '${t.text || '<EOF>'}'`);
    }
    this.i++;
    return t.value as number;
  }

  private ident(): Token {
    const t = this.peek();
    if (t.type !== 'ident') this.fail(t, `unexpected token: '${t.text || '<EOF>'}'`);
    this.i++;
    return t;
  }

  private peek(ahead = 0): Token {
    return this.toks[Math.min(this.i + ahead, this.toks.length - 1)]!;
  }
  private isKw(kw: string): boolean {
    const t = this.peek();
    return t.type === 'ident' && t.text.toUpperCase() === kw;
  }
  private acceptKw(kw: string): boolean {
    if (!this.isKw(kw)) return false;
    this.i++;
    return true;
  }
  private keyword(kw: string): void {
    if (!this.acceptKw(kw)) this.fail(this.peek(), `unexpected token: '${this.peek().text || '<EOF>'}'`);
  }
  private acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t.type !== 'punct' || t.text !== p) return false;
    this.i++;
    return true;
  }
  private punct(p: string): void {
    if (!this.acceptPunct(p)) this.fail(this.peek(), `unexpected token: '${this.peek().text || '<EOF>'}'`);
  }
  private fail(t: Token, detail: string): never {
    throw new SoqlError('MALFORMED_QUERY', this.soql, t.pos + 1, detail);
  }
}

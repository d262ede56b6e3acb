/** Tokens of the SOQL subset. Offsets are kept so errors can point at a column like Salesforce does. */
import { SoqlError } from './soql-error.js';

export interface Token {
  type: 'ident' | 'string' | 'number' | 'date' | 'op' | 'punct' | 'eof';
  /** Source text of the token ('' for eof). */
  text: string;
  /** Parsed value: string contents, number, or epoch ms for dates. */
  value?: string | number;
  pos: number;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2}))?/;
const NUMBER_RE = /^-?\d+(\.\d+)?/;
// Identifiers include dotted paths (Owner.Name) and date literals with a number (LAST_N_DAYS:7).
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_.]*(:\d+)?/;
const OP_RE = /^(!=|<>|<=|>=|=|<|>)/;

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '%': '\\%', _: '\\_' };

export function tokenize(soql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const ch = soql[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = soql.slice(i);
    if (ch === "'") {
      const [value, end] = readString(soql, i);
      out.push({ type: 'string', text: soql.slice(i, end), value, pos: i });
      i = end;
      continue;
    }
    const date = DATE_RE.exec(rest);
    if (date && (date[1] || !/^\d/.test(rest.slice(date[0].length)))) {
      const iso = date[1] ? date[0] : `${date[0]}T00:00:00Z`;
      const ms = Date.parse(iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (Number.isNaN(ms)) throw new SoqlError('MALFORMED_QUERY', soql, i + 1, `value of filter criterion for field is not a valid date: ${date[0]}`);
      out.push({ type: 'date', text: date[0], value: ms, pos: i });
      i += date[0].length;
      continue;
    }
    const num = NUMBER_RE.exec(rest);
    if (num) {
      out.push({ type: 'number', text: num[0], value: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const ident = IDENT_RE.exec(rest);
    if (ident) {
      out.push({ type: 'ident', text: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    const op = OP_RE.exec(rest);
    if (op) {
      out.push({ type: 'op', text: op[0], pos: i });
      i += op[0].length;
      continue;
    }
    if ('(),'.includes(ch)) {
      out.push({ type: 'punct', text: ch, pos: i });
      i++;
      continue;
    }
    throw new SoqlError('MALFORMED_QUERY', soql, i + 1, `unexpected token: '${ch}'`);
  }
  out.push({ type: 'eof', text: '', pos: soql.length });
  return out;
}

/** Reads a quoted literal. `\%` and `\_` stay escaped so LIKE can tell them from wildcards. */
function readString(soql: string, start: number): [string, number] {
  let value = '';
  let i = start + 1;
  while (i < soql.length) {
    const ch = soql[i]!;
    if (ch === "'") return [value, i + 1];
    if (ch === '\\') {
      const esc = ESCAPES[soql[i + 1] ?? ''];
      if (esc === undefined) throw new SoqlError('MALFORMED_QUERY', soql, i + 1, 'Invalid string literal: unknown escape sequence');
      value += esc;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw new SoqlError('MALFORMED_QUERY', soql, start + 1, 'unexpected token: unterminated string literal');
}

import { LeadproofError } from '../../errors.js';

/** The Salesforce error codes a query can fail with; the REST layer sends them as `[{ message, errorCode }]`. */
export type SoqlErrorCode = 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALID_QUERY_FILTER_OPERATOR';

/**
 * A query the sandbox org refuses. The message mimics Salesforce's own (query echoed, a caret
 * under the column, `ERROR at Row:1:Column:N`), because users paste a `where` clause from the
 * harness config into the Developer Console and should see the same words there and here.
 */
export class SoqlError extends LeadproofError {
  readonly errorCode: SoqlErrorCode;
  constructor(errorCode: SoqlErrorCode, soql: string, column: number, detail: string) {
    super(errorCode, formatSoqlMessage(soql, column, detail), { exitCode: 2 });
    this.errorCode = errorCode;
  }
}

function formatSoqlMessage(soql: string, column: number, detail: string): string {
  // Salesforce echoes the query on one line with a caret under the offending column.
  // Same-length replacement keeps the parser's character offsets valid as columns.
  const oneLine = soql.replace(/[\r\n\t]/g, ' ');
  const col = Math.max(1, Math.min(column, oneLine.length + 1));
  return `\n${oneLine}\n${' '.repeat(col - 1)}^\nERROR at Row:1:Column:${col}\n${detail}`;
}

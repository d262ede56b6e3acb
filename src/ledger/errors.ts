import { LeadproofError } from '../errors.js';

/**
 * A ledger flush will not act on: no run id or test domain in its header, a line that does not
 * parse, or a CRM other than the configured one. Flush skips it, names the file (and line), and
 * exits 1 — a ledger is a list of things to delete, so one it cannot trust deletes nothing.
 */
export class LedgerRefusedError extends LeadproofError {
  readonly file: string;
  readonly line?: number;
  constructor(file: string, line: number | undefined, message: string) {
    super('LEDGER_REFUSED', `${file}${line ? `:${line}` : ''}: ${message}`, { exitCode: 1 });
    this.file = file;
    this.line = line;
  }
}

/**
 * One base error, specific subclasses with a stable `code`. Every message a user can see says
 * what to do next. The CLI maps `exitCode` straight to the process exit status.
 */
export class LeadproofError extends Error {
  /** Stable machine-readable code, e.g. `CONFIG_INVALID`. */
  readonly code: string;
  /** Process exit status the CLI uses when this error ends a command. */
  readonly exitCode: number;
  constructor(code: string, message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** One problem found while loading or preflighting configuration, tied to a place. */
export interface ConfigIssue {
  /** File the problem is in (relative to cwd when possible). */
  file: string;
  /** Dotted path inside the file, e.g. `expect.owner.team`. Empty for whole-file problems. */
  field: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/** Bad scenario/config/stack input or a failed preflight: exit 2, nothing created. */
export class ConfigError extends LeadproofError {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[], headline = 'Configuration problems found; no lead was created.') {
    super('CONFIG_INVALID', [headline, ...issues.map(formatIssue)].join('\n'), { exitCode: 2 });
    this.issues = issues;
  }
}

export function formatIssue(i: ConfigIssue): string {
  const where = i.field ? `${i.file}: ${i.field}` : i.file;
  return `  - ${where}: ${i.message}`;
}

/** The CRM rejected our credentials (401/403, INVALID_SESSION_ID). Retrying will not help. */
export class CrmAuthError extends LeadproofError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CRM_AUTH', message, { ...options, exitCode: 2 });
  }
}

/** A CRM call failed for a reason other than auth after retries (5xx, network, limits). */
export class CrmRequestError extends LeadproofError {
  readonly status?: number;
  constructor(message: string, options: { cause?: unknown; status?: number; code?: string } = {}) {
    super(options.code ?? 'CRM_REQUEST', message, { cause: options.cause, exitCode: 3 });
    this.status = options.status;
  }
}

/** The CRM accepted a call and never answered it, on every attempt (LEADPROOF_CRM_TIMEOUT_MS). */
export class CrmTimeoutError extends CrmRequestError {
  constructor(label: string, kind: string, timeoutMs: number, attempts: number, cause?: unknown) {
    const s = timeoutMs % 1000 === 0 ? `${timeoutMs / 1000}` : (timeoutMs / 1000).toFixed(1);
    super(
      `${label}: the CRM did not answer a ${kind} request within ${s} s (${attempts} attempt${attempts === 1 ? '' : 's'}; LEADPROOF_CRM_TIMEOUT_MS=${timeoutMs}). ` +
        'Check that the CRM (or the proxy in front of it) is reachable and answering, then run again; ' +
        'test records a run created stay in its ledger: `npx leadproof flush --orphans` removes them once the CRM answers.',
      { cause, code: 'CRM_TIMEOUT' },
    );
  }
}

/** Refusing to do something unsafe (no test domain, flush of a non-test record, ...). */
export class SafetyError extends LeadproofError {
  constructor(message: string) {
    super('SAFETY', message, { exitCode: 2 });
  }
}

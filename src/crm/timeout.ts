/**
 * How long one CRM call may go without an answer. A CRM (or a proxy in front of it) that accepts
 * the connection and never answers would otherwise hang a run for good: the SDKs' own defaults
 * are no timeout (`@hubspot/api-client`) and 30 minutes (jsforce).
 *
 * Two layers: the RateBudget gives up on an attempt after `timeoutMs` (and retries it, a bounded
 * number of times); the HTTP layer under each SDK destroys the socket a moment later, so an
 * abandoned request never keeps a socket — or the process — alive.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { ConfigError } from '../errors.js';

export const CRM_TIMEOUT_ENV = 'LEADPROOF_CRM_TIMEOUT_MS';
export const DEFAULT_CRM_TIMEOUT_MS = 30_000;
/** The socket outlives the budget's deadline by this much, so the budget's verdict ("no answer") wins. */
export const SOCKET_GRACE_MS = 1_000;

/** The per-attempt timeout from LEADPROOF_CRM_TIMEOUT_MS (default 30 s); a bad value is exit 2. */
export function crmTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[CRM_TIMEOUT_ENV];
  if (raw === undefined || raw === '') return DEFAULT_CRM_TIMEOUT_MS;
  if (!/^[1-9]\d*$/.test(raw.trim())) {
    throw new ConfigError([{ file: 'environment', field: CRM_TIMEOUT_ENV, message: `"${raw}" must be a whole number of milliseconds (default ${DEFAULT_CRM_TIMEOUT_MS}).` }]);
  }
  return Number(raw.trim());
}

/**
 * An HTTP(S) agent whose sockets are destroyed after `idleMs` without a byte: node-fetch (under
 * both SDKs) neither sets a socket timeout nor reacts to one. The agent's own `timeout` option
 * re-arms the socket's idle timer for every request (also on reused keep-alive sockets) but only
 * emits an event; the listener added here is what actually closes the socket.
 */
export function deadlineAgent(baseUrl: string, idleMs: number): http.Agent {
  const Base = baseUrl.startsWith('https:') ? https.Agent : http.Agent;
  const agent = new Base({ keepAlive: true, timeout: idleMs });
  const create = agent.createConnection.bind(agent) as (...args: unknown[]) => Socket;
  (agent as { createConnection: unknown }).createConnection = (...args: unknown[]) => {
    const s = create(...args);
    s.on('timeout', () => s.destroy(Object.assign(new Error(`no answer within ${idleMs} ms`), { code: 'ETIMEDOUT' })));
    return s;
  };
  return agent;
}

/** A deadline retry count: 3 attempts in all, so a silent CRM costs a call at most ~3× the timeout. */
export const TIMEOUT_RETRIES = 2;

/** An attempt that got no answer in time. */
export class NoAnswer extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** `fn()`, or NoAnswer after `ms`. The abandoned promise's outcome is swallowed (its socket is closed by deadlineAgent). */
export function withDeadline<T>(fn: () => Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new NoAnswer(ms)), ms);
    fn().then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

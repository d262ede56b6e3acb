/**
 * One `@hubspot/api-client` Client per account per process, with the SDK's own retry and limiter
 * switched off: its decorators are process-wide (a second Client resets the first one's), its
 * retries ignore Retry-After and log with console.error. The shared RateBudget does that job.
 */
import type { Agent } from 'node:http';
import { Client } from '@hubspot/api-client';
import { RateBudget, type Clock } from '../budget.js';
import { classifyHubSpotError } from './classify.js';
import { crmTimeoutMs, deadlineAgent, SOCKET_GRACE_MS } from '../timeout.js';

export const DEFAULT_HUBSPOT_BASE_URL = 'https://api.hubapi.com';

/** The generated API objects the adapter uses, created once, undecorated. */
export interface HubSpotApis {
  batch: Client['crm']['contacts']['batchApi'];
  search: Client['crm']['contacts']['searchApi'];
  owners: Client['crm']['owners']['ownersApi'];
  properties: Client['crm']['properties']['coreApi'];
  /**
   * Per-call options every call passes last. SDK 13.5 never applies the Client's `httpAgent` (or
   * any configured middleware: its generated APIs start from an empty middleware list unless the
   * call brings its own), so the agent that closes silent sockets is set here, per call.
   */
  http: CallOptions;
}

/** The SDK's per-call options (each generated API package declares its own, identical types). */
interface CallOptions {
  middleware: Array<{ pre<C extends { setAgent(agent: Agent): void }>(ctx: C): Promise<C>; post<R>(rsp: R): Promise<R> }>;
  middlewareMergeStrategy: 'replace';
}

const clients = new Map<string, HubSpotApis>();

export function hubspotApis(accessToken: string, baseUrl: string): HubSpotApis {
  const basePath = baseUrl.replace(/\/+$/, '');
  const key = `${basePath}\n${accessToken}`;
  let apis = clients.get(key);
  if (!apis) {
    const client = new Client({ accessToken, basePath, numberOfApiCallRetries: 0 });
    // Re-initialise right before the API objects are built: the SDK decorates them with whatever
    // decorators the most recently constructed Client set, which may be someone else's retries.
    client.setAccessToken(accessToken);
    apis = {
      batch: client.crm.contacts.batchApi,
      search: client.crm.contacts.searchApi,
      owners: client.crm.owners.ownersApi,
      properties: client.crm.properties.coreApi,
      http: withAgent(deadlineAgent(basePath, crmTimeoutMs() + SOCKET_GRACE_MS)),
    };
    clients.set(key, apis);
  }
  return apis;
}

/** Call options that send the request through `agent` (node-fetch gets no timeout from the SDK). */
function withAgent(agent: Agent): CallOptions {
  const middleware: CallOptions['middleware'][number] = {
    pre: (ctx) => {
      ctx.setAgent(agent);
      return Promise.resolve(ctx);
    },
    post: (rsp) => Promise.resolve(rsp),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'replace' };
}

export interface HubSpotBudgetOptions {
  /** "HubSpot portal 424242", used in error messages. */
  label: string;
  /** The portal's limit per 10 s for one private app: 100 (Free/Starter) or 190 (Pro/Enterprise). Default 190. */
  limitPer10s?: number;
  /** Share of the limit a run may use, so production integrations keep headroom. Default 0.8. */
  margin?: number;
  /** Search requests per second (HubSpot's separate search limit is about 4-5/s). Default 4. */
  searchPerSecond?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  clock?: Clock;
  /** Backoff for 5xx/network retries (tests shorten it). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Per-attempt deadline; default LEADPROOF_CRM_TIMEOUT_MS or 30 s. */
  timeoutMs?: number;
}

/** The one budget for a HubSpot account in a run. Kind `search` also has its own per-second limit. */
export function createHubSpotBudget(opts: HubSpotBudgetOptions): RateBudget {
  const limit = opts.limitPer10s ?? 190;
  const margin = opts.margin ?? 0.8;
  return new RateBudget({
    label: opts.label,
    maxPerInterval: Math.max(1, Math.floor(limit * margin)),
    intervalMs: 10_000,
    subBudgets: { search: { maxPerInterval: opts.searchPerSecond ?? 4, intervalMs: 1000 } },
    concurrency: opts.concurrency,
    classify: classifyHubSpotError,
    clock: opts.clock,
    minBackoffMs: opts.minBackoffMs,
    maxBackoffMs: opts.maxBackoffMs,
    timeoutMs: opts.timeoutMs ?? crmTimeoutMs(),
  });
}

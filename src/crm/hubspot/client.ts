/**
 * One `@hubspot/api-client` Client per account per process, with the SDK's own retry and limiter
 * switched off: its decorators are process-wide (a second Client resets the first one's), its
 * retries ignore Retry-After and log with console.error. The shared RateBudget does that job.
 */
import type { Agent } from 'node:http';
import { Client } from '@hubspot/api-client';
import type { Clock } from '../budget.js';
import { classifyHubSpotError } from './classify.js';
import { crmTimeoutMs, deadlineAgent, SOCKET_GRACE_MS } from '../timeout.js';
import { HubSpotBudget } from './rate-headers.js';

export const DEFAULT_HUBSPOT_BASE_URL = 'https://api.hubapi.com';

/** The generated API objects the adapter uses, created once, undecorated. */
export interface HubSpotApis {
  batch: Client['crm']['contacts']['batchApi'];
  search: Client['crm']['contacts']['searchApi'];
  owners: Client['crm']['owners']['ownersApi'];
  properties: Client['crm']['properties']['coreApi'];
  /** Any other endpoint, over the SDK's own HTTP (`Client.apiRequest`: auth, base path, user agent); answers every status. */
  request: (opts: { method?: string; path: string; qs?: Record<string, string> }) => ReturnType<Client['apiRequest']>;
  /** Subscribe to the headers of every answer of this client (the budget learns the real limit from them). */
  onHeaders(listener: HeaderListener): void;
  /** Pass as the last argument of every call, so `onHeaders` listeners hear of its answer. */
  callOptions: CallOptions;
}

type CallOptions = {
  middlewareMergeStrategy: 'append';
  middleware: { pre<T extends { setAgent(agent: Agent): void }>(ctx: T): Promise<T>; post<T extends { headers?: Record<string, string> }>(ctx: T): Promise<T> }[];
};

type HeaderListener = (headers: Record<string, string | undefined>) => void;

const clients = new Map<string, HubSpotApis>();

export function hubspotApis(accessToken: string, baseUrl: string): HubSpotApis {
  const basePath = baseUrl.replace(/\/+$/, '');
  const key = `${basePath}\n${accessToken}`;
  let apis = clients.get(key);
  if (!apis) {
    const listeners = new Set<HeaderListener>();
    // @hubspot/api-client 13.5 ignores middleware and the httpAgent given to the Client (its
    // generated calls only run call-time middleware), so every call passes these options: the
    // request goes through an agent that closes silent sockets (node-fetch gets no timeout from
    // the SDK), and a response middleware sees every answer, errors included, without switching
    // each call to its WithHttpInfo twin.
    const agent = deadlineAgent(basePath, crmTimeoutMs() + SOCKET_GRACE_MS);
    const callOptions: CallOptions = {
      middlewareMergeStrategy: 'append' as const,
      middleware: [{
        pre: async (ctx) => {
          ctx.setAgent(agent);
          return ctx;
        },
        post: async (ctx) => {
          for (const l of listeners) l(ctx.headers ?? {});
          return ctx;
        },
      }],
    };
    const client = new Client({ accessToken, basePath, numberOfApiCallRetries: 0 });
    // Re-initialise right before the API objects are built: the SDK decorates them with whatever
    // decorators the most recently constructed Client set, which may be someone else's retries.
    client.setAccessToken(accessToken);
    apis = {
      batch: client.crm.contacts.batchApi,
      search: client.crm.contacts.searchApi,
      owners: client.crm.owners.ownersApi,
      properties: client.crm.properties.coreApi,
      request: (opts) => client.apiRequest(opts),
      onHeaders: (l) => listeners.add(l),
      callOptions,
    };
    clients.set(key, apis);
  }
  return apis;
}

export interface HubSpotBudgetOptions {
  /** "HubSpot portal 424242", used in error messages. */
  label: string;
  /** The portal's limit per 10 s for one private app: 100 (Free/Starter) or 190 (Pro/Enterprise). Default 190. */
  limitPer10s?: number;
  /** Share of the limit a run may use, so production integrations keep headroom. Default 0.8. */
  margin?: number;
  /** This process's share of the run's budget: 1/n for shard i/n (shards share one portal). Default 1. */
  share?: number;
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

/**
 * The one budget for a HubSpot account in a run (or this shard's part of it). It starts from the
 * configured limit and learns the portal's real one from response headers (rate-headers.ts).
 * Kind `search` also has its own per-second limit.
 */
export function createHubSpotBudget(opts: HubSpotBudgetOptions): HubSpotBudget {
  const limit = opts.limitPer10s ?? 190;
  const margin = opts.margin ?? 0.8;
  const share = opts.share ?? 1;
  if (!(share > 0 && share <= 1)) throw new RangeError(`A budget share must be in (0, 1] (got ${share}).`);
  return new HubSpotBudget({
    label: opts.label,
    maxPerInterval: Math.max(1, Math.floor(limit * margin * share)),
    intervalMs: 10_000,
    subBudgets: { search: searchWindow((opts.searchPerSecond ?? 4) * share) },
    concurrency: opts.concurrency,
    classify: classifyHubSpotError,
    clock: opts.clock,
    minBackoffMs: opts.minBackoffMs,
    maxBackoffMs: opts.maxBackoffMs,
    timeoutMs: opts.timeoutMs ?? crmTimeoutMs(),
  }, { configured: limit, margin, share });
}

/** A search rate as a window; below 1 per second (many shards) one search per longer window, never more than the share. */
function searchWindow(perSecond: number): { maxPerInterval: number; intervalMs: number } {
  return perSecond >= 1 ? { maxPerInterval: Math.floor(perSecond), intervalMs: 1000 } : { maxPerInterval: 1, intervalMs: Math.ceil(1000 / perSecond) };
}

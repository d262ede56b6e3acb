import type { CrmEngine, LoadedStack, Stack } from './engine/index.js';
import type { RouteModule } from './http.js';
import type { SandboxStats } from './stats.js';

/** What every route module gets: the stack, one engine per CRM, counters and the base URL. */
export interface SandboxContext {
  stack: Stack;
  loaded: LoadedStack;
  engines: { hubspot: CrmEngine; salesforce: CrmEngine };
  stats: SandboxStats;
  /** http://127.0.0.1:PORT, known once the server listens (route modules read it per request). */
  baseUrl(): string;
  /** The HubSpot view's rate limiter, set by its route module (tests simulate other integrations through it). */
  hubspotGate?: { consume(calls: number): void };
}

/** Builds a route module from the context; src/sandbox/modules.ts lists them in order. */
export type RouteFactory = (ctx: SandboxContext) => RouteModule;

import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LeadproofError } from '../errors.js';
import type { SandboxContext } from './context.js';
import { createCrmEngine, loadStack, type CrmEngine } from './engine/index.js';
import { hubspotError } from './http.js';
import { routeFactories } from './modules.js';
import { salesforceHandle } from './salesforce/routes.js';
import { SandboxStats } from './stats.js';

export interface SandboxHandle {
  /** http://127.0.0.1:PORT — one server, one port, everything below. */
  url: string;
  /** Demo marketing site base URL (same origin). */
  siteUrl: string;
  hubspot: {
    baseUrl: string;
    accessToken: string;
    portalId: string;
    /** Simulates another integration of the portal spending `calls` of the current rate-limit window (tests only). */
    consumeRateLimit?(calls: number): void;
  };
  /** The Salesforce org side: what `new jsforce.Connection({ instanceUrl, accessToken, version })` needs. */
  salesforce?: { instanceUrl: string; accessToken: string; orgId: string; version: string; webToLead: { dailyLimit: number; windowMs: number } };
  /** The test email domain the stack declares, e.g. "leadproof.test". */
  testDomain: string;
  stack: { name: string; file: string; sha256: string };
  /** Form pages of the site: id → absolute URL. */
  forms?: Record<string, string>;
  /** Request counters (tests and close-note figures only, never verdicts). */
  stats?: () => Record<string, number>;
  /** The engines behind each CRM view; for the sandbox's own tests and the Salesforce view. */
  engines?: { hubspot: CrmEngine; salesforce: CrmEngine };
  stop(): Promise<void>;
}

/** Absolute path to fixtures/stacks/default.stack.yaml. */
export const DEFAULT_STACK: string = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/stacks/default.stack.yaml');

export class SandboxStartError extends LeadproofError {
  constructor(message: string, cause?: unknown) {
    super('SANDBOX_START', message, { cause, exitCode: 3 });
  }
}

/** Starts the sandbox GTM stack on 127.0.0.1 (port 0 = a free port). */
export async function startSandbox(opts: { stack?: string; port?: number } = {}): Promise<SandboxHandle> {
  const loaded = loadStack(resolve(opts.stack ?? DEFAULT_STACK));
  const { stack } = loaded;
  const stats = new SandboxStats();
  const engines = {
    hubspot: createCrmEngine(stack, { flavor: 'hubspot' }),
    salesforce: createCrmEngine(stack, { flavor: 'salesforce' }),
  };
  let base = '';
  const ctx: SandboxContext = { stack, loaded, engines, stats, baseUrl: () => base };
  const modules = routeFactories.map((f) => f(ctx));

  // Node refuses a request line + headers over 16 KiB itself (431) before any route sees it; the
  // Salesforce view answers 414/431 by Salesforce's own limits, so it needs to see them first.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, async (req, res) => {
    stats.count('requests');
    try {
      const url = new URL(req.url ?? '/', base || 'http://127.0.0.1');
      for (const m of modules) if (await m(req, res, url)) return;
      stats.count('not-found');
      hubspotError(res, 404, 'OBJECT_NOT_FOUND', `Nothing is served at ${req.method} ${url.pathname} in the sandbox.`);
    } catch (err) {
      stats.count('errors');
      if (!res.headersSent) hubspotError(res, 500, 'INTERNAL_ERROR', `Sandbox failure: ${(err as Error).message}`);
      else res.end();
    }
  });
  await listen(server, opts.port ?? 0);
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  base = `http://127.0.0.1:${port}`;

  let stopped: Promise<void> | undefined;
  return {
    url: base,
    siteUrl: base,
    hubspot: { baseUrl: base, accessToken: stack.hubspot.accessToken, portalId: stack.hubspot.portalId, consumeRateLimit: (calls) => ctx.hubspotGate?.consume(calls) },
    salesforce: salesforceHandle(ctx),
    testDomain: stack.testDomain,
    stack: { name: stack.name, file: loaded.file, sha256: createHash('sha256').update(loaded.text).digest('hex') },
    forms: Object.fromEntries(stack.forms.map((f) => [f.id, `${base}${f.page}`])),
    stats: () => stats.snapshot(),
    engines,
    stop: () =>
      (stopped ??= new Promise<void>((done) => {
        engines.hubspot.stop();
        engines.salesforce.stop();
        server.close(() => done());
        server.closeAllConnections();
      })),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(new SandboxStartError(`Cannot start the sandbox on 127.0.0.1:${port} (${err.code ?? err.message}); pick another --port or use 0 for a free one.`, err)),
    );
    server.listen(port, '127.0.0.1', () => ok());
  });
}

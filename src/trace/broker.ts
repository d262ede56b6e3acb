/**
 * The run's broker: a loopback HTTP endpoint in the CLI process through which Playwright workers
 * (separate processes) write the ledger before each submission, hand submitted leads to the
 * tracer, and collect verdicts. One writer for the ledger, one tracer for the whole run.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ledger } from '../ledger/ledger.js';
import type { PlannedLead } from '../scenario/plan.js';
import type { RunIntake } from './intake.js';
import type { Tracer } from './tracer.js';

const LONG_POLL_MS = 60_000;

export interface SubmissionReport {
  key: string;
  attempt: number;
  ok: boolean;
  /** ms epoch the browser sent the form request. */
  at: number;
  error?: string;
  /** The form endpoint's 4xx status when it refused the submission (no record can come of it). */
  refused?: number;
}

export interface Broker {
  url: string;
  close(): Promise<void>;
  /** Submissions reported so far (for progress and figures). */
  readonly submissions: number;
}

/**
 * What happens around every submission, whoever sends it (a browser worker through this broker,
 * or the harness replaying a captured request, src/replay/): the ledger is written before the
 * send — `intent` resolves once its entry is fsync'd (group commit, see Ledger), and the sender
 * waits for that — and the tracer takes the lead once the send is over.
 */
export function submissionEvents(ledger: Ledger, tracer: Tracer) {
  return {
    intent(lead: PlannedLead): Promise<void> {
      return ledger.commit({ type: 'intent', at: new Date().toISOString(), key: lead.key, email: lead.lead.email, scenario: lead.scenario.name });
    },
    submitted(lead: PlannedLead, r: SubmissionReport): void {
      ledger.append({ type: 'submitted', at: new Date(r.at).toISOString(), key: lead.key, email: lead.lead.email, attempt: r.attempt, ok: r.ok, error: r.error, refused: r.refused });
      if (r.ok) tracer.submitted(lead, r.at);
      else tracer.submitFailed(lead, r.error ?? 'unknown error');
    },
  };
}

export async function startBroker(leads: PlannedLead[], ledger: Ledger, tracer: Tracer, onSubmitted?: (lead: PlannedLead, r: SubmissionReport) => void, intake?: RunIntake | null): Promise<Broker> {
  const byKey = new Map(leads.map((l) => [l.key, l]));
  let submissions = 0;
  const events = submissionEvents(ledger, tracer);
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, { error: (err as Error).message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://broker');
    const key = url.searchParams.get('key') ?? '';
    const lead = byKey.get(key);
    if (!lead) return send(res, 404, { error: `unknown lead key ${key}` });
    if (req.method === 'POST' && url.pathname === '/intent') {
      await events.intent(lead);
      return send(res, 200, { email: lead.lead.email });
    }
    if (req.method === 'POST' && url.pathname === '/intake') {
      // Answered when the run's form-intake budget has a slot: the worker clicks submit right after.
      const waitedMs = intake ? await intake.admit(key) : 0;
      return send(res, 200, { waitedMs });
    }
    if (req.method === 'POST' && url.pathname === '/submitted') {
      const r = JSON.parse(await body(req)) as SubmissionReport;
      submissions += 1;
      events.submitted(lead, r);
      onSubmitted?.(lead, r);
      return send(res, 200, {});
    }
    if (req.method === 'GET' && url.pathname === '/verdict') {
      // Long poll, answered within a minute either way: HTTP clients give up on silent sockets
      // (the workers' client after 90 s, src/forms/broker-client.ts) long before a 5-minute SLA
      // plus grace is over.
      let timer: NodeJS.Timeout | undefined;
      const v = await Promise.race([tracer.verdict(key), new Promise<null>((r) => (timer = setTimeout(() => r(null), LONG_POLL_MS)))]);
      clearTimeout(timer);
      if (v === null) {
        res.writeHead(204);
        res.end();
        return;
      }
      return send(res, 200, v);
    }
    send(res, 404, { error: 'no such endpoint' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get submissions() {
      return submissions;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

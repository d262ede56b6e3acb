import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FormCapture } from '../forms/capture.js';
import { evidenceDir } from '../forms/evidence.js';
import type { Ledger } from '../ledger/ledger.js';
import { synthesizeLead } from '../scenario/lead.js';
import type { PlannedLead } from '../scenario/plan.js';
import { IntakePacer, type RunIntake } from '../trace/intake.js';
import type { Tracer } from '../trace/tracer.js';
import { ReplaySession } from './session.js';

/**
 * A form endpoint that, like HubSpot's, answers 429 past `LIMIT` posts in any rolling window. The
 * budget here is the endpoint's limit itself, no margin: replay holds each slot until its answer is
 * back, so late-arriving requests cannot crowd one window.
 */
const LIMIT = 5;
const MAX = 5;
const WINDOW_MS = 1000;
const events: string[] = [];
const arrivals: number[] = [];
let got429 = 0;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const now = Date.now();
      if (arrivals.filter((t) => t > now - WINDOW_MS).length >= LIMIT) {
        got429 += 1;
        res.writeHead(429).end('{}');
        return;
      }
      arrivals.push(now);
      events.push(`sent ${(JSON.parse(body) as { fields: { name: string; value: string }[] }).fields.find((f) => f.name === 'email')!.value}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"inlineMessage":"ok"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/submit`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it('replays a branch paced by the intake budget: ledger before each send, no window over the limit, no 429', async () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'lp-replay-session-'));
  const leads: PlannedLead[] = Array.from({ length: 16 }, (_, i) => {
    const key = `v.scenario.yaml#0.${i}`;
    return {
      key, seq: i + 1, scenarioFile: 'v.scenario.yaml', submissions: 1, withinMs: 30_000, landingUrl: 'http://127.0.0.1:1/demo', form: { id: 'demo', url: '', fields: [] },
      scenario: { name: 'V', form: 'demo', expect: {} } as PlannedLead['scenario'],
      lead: synthesizeLead({ seed: 3, key, runId: 'r1', seq: i + 1, testDomain: 'leadproof.test', given: { country: 'US' } }),
    };
  });
  // An intent counts as written once it is durable (commit resolved): the send must come after that.
  const ledger = {
    append: (e: { type: string; email?: string }) => events.push(`${e.type} ${e.email}`),
    commit: async (e: { type: string; email?: string }) => {
      await new Promise((r) => setTimeout(r, 1));
      events.push(`${e.type} ${e.email}`);
    },
  } as unknown as Ledger;
  const submitted: string[] = [];
  const tracer = { submitted: (l: PlannedLead) => submitted.push(l.key), submitFailed: (l: PlannedLead, why: string) => submitted.push(`${l.key} failed: ${why}`) } as unknown as Tracer;
  const pacer = new IntakePacer({ max: MAX, intervalMs: WINDOW_MS, why: 'test' });
  const intake: RunIntake = { limit: pacer.limit, admit: () => pacer.acquire(), hold: () => pacer.hold() };
  const session = new ReplaySession(leads, { outDir, ledger, tracer, intake, concurrency: 8, log: () => {} });
  expect(session.browserLeads.map((l) => l.key)).toEqual([leads[0]!.key]);
  expect(session.capture).toEqual([leads[0]!.key]);

  const first = leads[0]!.lead;
  const capture: FormCapture = {
    key: leads[0]!.key, beacons: [], cookies: [], captcha: false, secondLoadHidden: {},
    request: { method: 'POST', url, contentType: 'application/json', body: JSON.stringify({ fields: [{ name: 'email', value: first.email }, { name: 'firstname', value: first.firstName }] }) },
  };
  const exit = await session.run(async () => {
    // What the browser pass does for the branch's first lead: capture, then report the submission.
    const dir = evidenceDir(outDir, leads[0]!.key);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(capture));
    await pacer.acquire();
    session.onSubmitted(leads[0]!, { key: leads[0]!.key, attempt: 1, ok: true, at: Date.now() });
    return 0;
  });
  expect(exit).toBe(0);
  expect(got429).toBe(0);
  expect(session.submissions).toBe(15);
  expect(submitted.sort()).toEqual(leads.slice(1).map((l) => l.key).sort());
  for (const l of leads.slice(1)) {
    expect(events.indexOf(`intent ${l.lead.email}`)).toBeGreaterThanOrEqual(0);
    expect(events.indexOf(`intent ${l.lead.email}`)).toBeLessThan(events.indexOf(`sent ${l.lead.email}`));
    expect(events.indexOf(`sent ${l.lead.email}`)).toBeLessThan(events.indexOf(`submitted ${l.lead.email}`));
    expect(session.via(l.key)).toBe('replay');
  }
  expect(session.via(leads[0]!.key)).toBe('browser');
  // The endpoint's limit held in every rolling window it saw, and the pacing was real: 16 sends at
  // 5 per window span more than two windows.
  for (const t of arrivals) expect(arrivals.filter((u) => u >= t && u < t + WINDOW_MS).length).toBeLessThanOrEqual(LIMIT);
  expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(2 * WINDOW_MS - 100);
});

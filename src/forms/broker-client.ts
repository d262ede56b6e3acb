/**
 * The Playwright workers' side of the run's broker (src/trace/broker.ts): the ledger intent, the
 * intake slot, the submission report and the verdict of each lead. Plain node:http on one
 * kept-alive connection per worker: a lead makes three calls on its path, and undici's fetch cost
 * a worker about 0.05 s of CPU per lead on the bench (README, Volume runs).
 */
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/**
 * How long a call may go unanswered: the ledger and report calls answer at once, the verdict's
 * long poll within a minute (src/trace/broker.ts); the intake slot waits for the run's pace, as
 * long as it takes. A broker that accepts and never answers then fails the lead, not hangs it.
 */
const ANSWER_MS: Record<string, number> = { '/intent': 60_000, '/submitted': 60_000, '/verdict': 90_000 };

export function brokerCall(brokerUrl: string) {
  const once = (p: string, key: string, body?: unknown) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${brokerUrl}${p}?key=${encodeURIComponent(key)}`, { method: body === undefined ? 'GET' : 'POST', agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      const limit = ANSWER_MS[p];
      if (limit) req.setTimeout(limit, () => req.destroy(new Error(`broker ${p}: no answer in ${limit / 1000} s`)));
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  const call = async (p: string, key: string, body?: unknown): Promise<unknown> => {
    const res = await once(p, key, body);
    if (res.status < 200 || res.status >= 300) throw new Error(`broker ${p} answered ${res.status}: ${res.text.slice(0, 300)}`);
    if (res.status === 204) return call(p, key, body); // long poll timed out; the lead is still being traced
    return JSON.parse(res.text) as unknown;
  };
  return call;
}

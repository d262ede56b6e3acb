import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerCall } from './broker-client.js';

describe('brokerCall', () => {
  const seen: string[] = [];
  let polls = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      if (req.url?.startsWith('/verdict')) {
        // The broker's long poll: no verdict yet twice, then the verdict.
        if (++polls < 3) return res.writeHead(204).end();
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ passed: true }));
      }
      if (req.url?.startsWith('/intent')) return res.writeHead(500).end('{"error":"ledger"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ waitedMs: 12 }));
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts the body as JSON with the lead key in the query, and answers the parsed reply', async () => {
    const call = brokerCall(url);
    expect(await call('/intake', 'lp.1 a&b', {})).toEqual({ waitedMs: 12 });
    expect(seen.at(-1)).toBe('POST /intake?key=lp.1%20a%26b {}');
  });

  it('asks again while the long poll answers 204', async () => {
    const call = brokerCall(url);
    expect(await call('/verdict', 'k')).toEqual({ passed: true });
    expect(seen.filter((s) => s.startsWith('GET /verdict')).length).toBe(3);
  });

  it('throws with the endpoint, the status and what the broker said when it refuses', async () => {
    await expect(brokerCall(url)('/intent', 'k', {})).rejects.toThrow('broker /intent answered 500: {"error":"ledger"}');
  });

  it('keeps one connection alive across calls', async () => {
    let connections = 0;
    const count = () => void (connections += 1);
    server.on('connection', count);
    try {
      const call = brokerCall(url);
      for (let i = 0; i < 3; i++) await call('/intake', `k${i}`, {});
      expect(connections).toBeLessThanOrEqual(1);
    } finally {
      server.off('connection', count);
    }
  });

  it('fails, not hangs, when the broker is gone or drops the answer', async () => {
    const gone = createServer((req, res) => {
      // Headers, part of a body, then the socket is cut.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"wait');
      setTimeout(() => req.socket.destroy(), 10);
    });
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    const goneUrl = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
    await expect(brokerCall(goneUrl)('/submitted', 'k', {})).rejects.toThrow();
    gone.closeAllConnections();
    await new Promise((r) => gone.close(r));
    // Nothing listens on the port any more.
    await expect(brokerCall(goneUrl)('/intent', 'k', {})).rejects.toThrow(/ECONNREFUSED/);
  });
});

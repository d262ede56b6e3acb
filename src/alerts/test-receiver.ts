/** A real HTTP receiver on 127.0.0.1 standing in for Slack or a webhook, for tests. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  body: unknown;
}

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** `answer(n)` gives the status of the n-th request (0-based); default 200 "ok" as Slack does. */
export async function startReceiver(answer: (n: number) => number = () => 200, pathName = '/services/T000/B000/s3cr3tT0k3n'): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const n = received.length;
    received.push({ path: req.url ?? '', body: text ? JSON.parse(text) : null });
    const status = answer(n);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'server_error');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${pathName}`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.setEncoding('utf8').on('data', (c: string) => (s += c)).on('end', () => resolve(s));
  });
}

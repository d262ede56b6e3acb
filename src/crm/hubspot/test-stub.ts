/**
 * A tiny HubSpot-shaped HTTP stub for the adapter's unit tests: each test routes requests to
 * its own handler and inspects what the real SDK sent. Not the sandbox; just enough wire.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface StubResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type StubHandler = (req: StubRequest, nth: number) => StubResponse;

export interface Stub {
  url: string;
  requests: StubRequest[];
  /** Requests whose path starts with `prefix`. */
  count(prefix: string): number;
  close(): Promise<void>;
}

export async function startStub(handler: StubHandler): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const text = Buffer.concat(chunks).toString('utf8');
      const r: StubRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: text ? JSON.parse(text) : undefined };
      requests.push(r);
      let out: StubResponse;
      try {
        out = handler(r, requests.length);
      } catch (err) {
        out = { status: 500, body: { status: 'error', message: `stub handler threw: ${String(err)}` } };
      }
      const headers: Record<string, string> = { ...(out.headers ?? {}) };
      if (out.body !== undefined) headers['content-type'] = 'application/json;charset=utf-8';
      res.writeHead(out.status, headers);
      res.end(out.body === undefined ? undefined : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (prefix) => requests.filter((r) => r.path.startsWith(prefix)).length,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A contact in HubSpot's batch/search response shape. */
export function contact(id: string, email: string, extra: Record<string, string | null> = {}, history?: Record<string, unknown[]>) {
  return {
    id,
    properties: { email, hs_object_id: id, ...extra },
    ...(history ? { propertiesWithHistory: history } : {}),
    createdAt: '2025-01-02T03:04:05.000Z',
    updatedAt: '2025-01-02T03:05:00.000Z',
    archived: false,
  };
}

export function batchBody(results: unknown[], missing: string[] = []) {
  const base = { status: 'COMPLETE', results, startedAt: '2025-01-02T03:04:05.000Z', completedAt: '2025-01-02T03:04:06.000Z' };
  if (missing.length === 0) return { status: 200, body: base };
  return {
    status: 207,
    body: {
      ...base,
      numErrors: missing.length,
      errors: missing.map((id) => ({ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects, they may be deleted or not exist.', context: { ids: [id] }, errors: [] })),
    },
  };
}

/**
 * The REST API subset under /services/data/vNN.N/ that unmodified jsforce needs: query with
 * nextRecordsUrl paging, Lead describe, retrieve one and many, composite delete, limits.
 * Errors use Salesforce's array shape; every authenticated answer carries Sforce-Limit-Info.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readJson, sendJson } from '../http.js';
import { normalizeId } from './ids.js';
import type { SalesforceOrg } from './org.js';
import { runSoql, type Row } from './soql-eval.js';
import { SoqlError } from './soql-error.js';

const VERSION_RE = /^\/services\/data\/v(\d{2,3}\.\d)(\/.*)?$/;
const MAX_COMPOSITE_IDS = 200;

type Send = (status: number, body: unknown) => void;

/** Query cursors behind nextRecordsUrl; Salesforce keeps them about 15 minutes. */
interface Cursor {
  records: Row[];
  totalSize: number;
  batch: number;
  expires: number;
}

export function restRoutes(org: SalesforceOrg, now: () => number = Date.now) {
  const cursors = new Map<string, Cursor>();

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname === '/services/data' || url.pathname === '/services/data/') {
      sendJson(res, 200, [{ label: 'Winter 25', url: '/services/data/v62.0', version: '62.0' }]);
      return true;
    }
    const m = VERSION_RE.exec(url.pathname);
    if (!m) return false;
    const base = `/services/data/v${m[1]}`;
    const path = (m[2] ?? '/').replace(/\/$/, '') || '/';
    const errors = (status: number, errorCode: string, message: string) => send(status, [{ message, errorCode }]);
    let send: Send = (status, body) => sendJson(res, status, body);

    if (req.headers.authorization !== `Bearer ${org.accessToken}`) {
      errors(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
      return true;
    }
    org.drainWebToLead();
    if (org.overConcurrencyLimit()) {
      errors(403, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.');
      return true;
    }
    if (!org.countApiCall()) {
      const { used, max } = org.apiUsage();
      sendJson(res, 403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], { 'Sforce-Limit-Info': `api-usage=${used}/${max}` });
      return true;
    }
    const { used, max } = org.apiUsage();
    send = (status, body) => sendJson(res, status, body, { 'Sforce-Limit-Info': `api-usage=${used}/${max}` });
    const method = req.method ?? 'GET';

    if (method === 'GET' && path === '/limits') return send(200, org.limits()), true;
    if (method === 'GET' && (path === '/query' || path === '/queryAll')) {
      const q = url.searchParams.get('q');
      if (!q) return errors(400, 'MALFORMED_QUERY', 'A query string has to be specified'), true;
      try {
        const result = runSoql(q, org.tables({ all: path === '/queryAll' }), base);
        const batch = batchSize(req.headers['sforce-query-options'], org.queryBatchSize);
        const locator = `01g${randomBytes(6).toString('hex').slice(0, 12)}`;
        cursors.set(locator, { records: result.records, totalSize: result.totalSize, batch, expires: now() + 15 * 60_000 });
        send(200, page(base, locator, cursors.get(locator)!, 0, cursors));
      } catch (err) {
        if (!(err instanceof SoqlError)) throw err;
        errors(400, err.errorCode, err.message);
      }
      return true;
    }
    const more = /^\/query\/(01g[0-9a-f]+)-(\d+)$/.exec(path);
    if (method === 'GET' && more) {
      const cursor = cursors.get(more[1]!);
      if (!cursor || cursor.expires < now()) return errors(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator'), true;
      send(200, page(base, more[1]!, cursor, Number(more[2]), cursors));
      return true;
    }
    if (method === 'GET' && path === '/sobjects/Lead/describe') return send(200, org.describeLead(base)), true;

    const one = /^\/sobjects\/Lead\/([^/]+)$/.exec(path);
    if (one && (method === 'GET' || method === 'DELETE')) {
      const id = normalizeId(one[1]!);
      if (method === 'DELETE') {
        const outcome = id ? org.deleteLead(id) : 'not-found';
        if (outcome === 'deleted') res.writeHead(204, { 'Sforce-Limit-Info': `api-usage=${used}/${max}` }).end();
        else errors(404, outcome === 'already-deleted' ? 'ENTITY_IS_DELETED' : 'NOT_FOUND', outcome === 'already-deleted' ? 'entity is deleted' : 'Provided external ID field does not exist or is not accessible: ' + one[1]);
        return true;
      }
      const rec = id ? org.record(id) : undefined;
      if (!rec) return errors(404, 'NOT_FOUND', 'The requested resource does not exist'), true;
      const fields = url.searchParams.get('fields')?.split(',').map((s) => s.trim()).filter(Boolean);
      const picked = pickFields(org.leadRow(rec), fields, base);
      if (typeof picked === 'string') return errors(400, 'INVALID_FIELD', picked), true;
      return send(200, picked), true;
    }
    if (method === 'POST' && path === '/composite/sobjects/Lead') {
      const body = (await readJson(req)) as { ids?: unknown; fields?: unknown } | undefined;
      if (!body || !Array.isArray(body.ids) || !Array.isArray(body.fields)) {
        return errors(400, 'JSON_PARSER_ERROR', 'Expected {"ids": [...], "fields": [...]}'), true;
      }
      if (body.ids.length > 2000) return errors(400, 'LIMIT_EXCEEDED', 'Too many ids; the limit is 2000'), true;
      const out: (Row | null)[] = [];
      for (const raw of body.ids as string[]) {
        const rec = normalizeId(String(raw)) ? org.record(normalizeId(String(raw))!) : undefined;
        const picked = rec ? pickFields(org.leadRow(rec), body.fields as string[], base) : null;
        if (typeof picked === 'string') return errors(400, 'INVALID_FIELD', picked), true;
        out.push(picked);
      }
      return send(200, out), true;
    }
    if (method === 'DELETE' && path === '/composite/sobjects') {
      const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
      if (ids.length === 0) return errors(400, 'MISSING_ARGUMENT', 'ids parameter is required'), true;
      if (ids.length > MAX_COMPOSITE_IDS) return errors(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COMPOSITE_IDS} records into this call`), true;
      send(200, ids.map((raw) => deleteResult(org, raw)));
      return true;
    }
    errors(404, 'NOT_FOUND', 'The requested resource does not exist');
    return true;
  };
}

function page(base: string, locator: string, c: Cursor, offset: number, cursors: Map<string, Cursor>): Row {
  const records = c.records.slice(offset, offset + c.batch);
  const next = offset + c.batch;
  const done = next >= c.records.length;
  if (done) cursors.delete(locator);
  return { totalSize: c.totalSize, done, ...(done ? {} : { nextRecordsUrl: `${base}/query/${locator}-${next}` }), records };
}

/** `Sforce-Query-Options: batchSize=500` is honoured between 200 and 2000, like Salesforce. */
function batchSize(header: string | string[] | undefined, fallback: number): number {
  const m = /batchSize=(\d+)/i.exec(String(header ?? ''));
  if (!m) return fallback;
  return Math.max(200, Math.min(2000, Number(m[1])));
}

function pickFields(row: Row, fields: string[] | undefined, base: string): Row | string {
  const out: Row = { attributes: { type: 'Lead', url: `${base}/sobjects/Lead/${String(row.Id)}` } };
  for (const f of fields ?? Object.keys(row)) {
    const key = Object.keys(row).find((k) => k.toLowerCase() === f.toLowerCase());
    if (!key) return `No such column '${f}' on sobject of type Lead`;
    out[key] = row[key];
  }
  return out;
}

function deleteResult(org: SalesforceOrg, raw: string): Row {
  const id = normalizeId(raw);
  const outcome = id && id.startsWith('00Q') ? org.deleteLead(id) : 'malformed';
  if (outcome === 'deleted') return { id, success: true, errors: [] };
  const [statusCode, message] =
    outcome === 'already-deleted' ? ['ENTITY_IS_DELETED', 'entity is deleted']
    : outcome === 'malformed' ? ['MALFORMED_ID', `malformed id ${raw}`]
    : ['INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id'];
  return { id: id ?? raw, success: false, errors: [{ statusCode, message, fields: [] }] };
}

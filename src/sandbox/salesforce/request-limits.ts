/**
 * Salesforce's request size limits for the REST API (KA 000386264): URI plus headers at most
 * 16,384 bytes. A URI over it alone is "414 URI Too Long"; a URI that fits but with headers
 * over it is "431 Request Header Fields Too Large". Both come from Salesforce's front servers,
 * before the API runs: a plain HTML page, not the `[{ message, errorCode }]` JSON of API errors
 * (jsforce then reports `ERROR_HTTP_414` / `ERROR_HTTP_431`).
 */
import type { IncomingMessage } from 'node:http';

export const MAX_URI_AND_HEADERS_BYTES = 16_384;

export function oversizedRequest(req: IncomingMessage): { status: 414 | 431; html: string } | null {
  const uri = Buffer.byteLength(req.url ?? '');
  if (uri > MAX_URI_AND_HEADERS_BYTES) return { status: 414, html: page(414, 'URI Too Long') };
  let headers = 0;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers += Buffer.byteLength(req.rawHeaders[i]!) + Buffer.byteLength(req.rawHeaders[i + 1]!) + 4;
  if (uri + headers > MAX_URI_AND_HEADERS_BYTES) return { status: 431, html: page(431, 'Request Header Fields Too Large') };
  return null;
}

function page(status: number, text: string): string {
  return `<html><head><title>${status} ${text}</title></head><body><h1>${text}</h1></body></html>`;
}

/**
 * Splitting `Field IN (...)` queries so every GET stays well under Salesforce's request size
 * limit: URI plus headers at most 16,384 bytes, else 414/431 from the front servers (KA
 * 000386264). A count cap alone is not enough: 100 long emails, percent-encoded, pass it.
 */
import { soqlString } from './map.js';

/** Half the documented limit: room for headers and the /services/data/vNN.N/query?q= prefix. */
export const MAX_QUERY_URI_BYTES = 8_000;
/** Path before the encoded statement, generously: /services/data/v62.0/queryAll?q= */
const PATH_ALLOWANCE = 64;
const SEPARATOR = encodeURIComponent(', ').length;

/**
 * One SOQL statement per chunk of `values`, each with at most `maxCount` values and an encoded
 * query URI of at most `maxUriBytes`. `build` gets the comma-joined literals for the IN list.
 */
export function inListQueries(values: string[], build: (inList: string) => string, opts: { maxCount: number; maxUriBytes?: number }): string[] {
  const budget = (opts.maxUriBytes ?? MAX_QUERY_URI_BYTES) - PATH_ALLOWANCE - encodeURIComponent(build('')).length;
  const out: string[] = [];
  let part: string[] = [];
  let used = 0;
  for (const v of values) {
    const literal = soqlString(v);
    const size = encodeURIComponent(literal).length;
    if (part.length > 0 && (part.length >= opts.maxCount || used + SEPARATOR + size > budget)) {
      out.push(build(part.join(', ')));
      part = [];
      used = 0;
    }
    used += (part.length > 0 ? SEPARATOR : 0) + size;
    part.push(literal);
  }
  if (part.length > 0) out.push(build(part.join(', ')));
  return out;
}

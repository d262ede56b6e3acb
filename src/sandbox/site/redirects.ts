/**
 * Redirects of the demo site, the way campaign links reach landing pages in real life (a link
 * shortener, a vanity URL, a CMS rule), including the ones that break attribution. `/go/<kind>/<path>`
 * redirects to `/<path>`:
 *
 * - `keep`: 302 with the query string unchanged (what every redirect should do);
 * - `drop`: 301 to the bare path — the UTMs are lost;
 * - `rewrite`: 302 with utm_source and utm_medium overwritten (a shortener stamping its own
 *   tracking), other parameters kept;
 * - `/go/loop`: redirects to itself forever, for the checker's hop bound.
 *
 * Kinds nest (`/go/keep/go/keep/demo` is two hops). A Location is absolute-path relative, as
 * RFC 9110 §10.2.2 allows and browsers and fetch resolve against the request URL.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REWRITTEN_UTMS = { utm_source: 'go-links', utm_medium: 'referral' };

export function redirectRoute(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const m = /^\/go\/(keep|drop|rewrite|loop)(\/.*)?$/.exec(url.pathname);
  if (!m) return false;
  const [, kind, rest] = m;
  if (kind === 'loop') return send(res, 302, `/go/loop?hop=${Number(url.searchParams.get('hop') ?? 0) + 1}`);
  const target = rest && rest !== '/' ? rest : '/';
  if (kind === 'drop') return send(res, 301, target);
  const query = new URLSearchParams(url.search);
  if (kind === 'rewrite') for (const [k, v] of Object.entries(REWRITTEN_UTMS)) if (query.has(k)) query.set(k, v);
  const qs = query.toString();
  return send(res, 302, qs ? `${target}?${qs}` : target);
}

function send(res: ServerResponse, status: number, location: string): true {
  res.writeHead(status, { Location: location, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`Redirecting to ${location}\n`);
  return true;
}

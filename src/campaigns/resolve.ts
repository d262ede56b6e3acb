/**
 * Follows a campaign URL's redirects one hop at a time (fetch with redirect: 'manual'), so every
 * hop is on the record and a loop ends at the bound instead of hanging the check.
 */

export interface Hop {
  url: string;
  status: number;
}

export interface Resolution {
  hops: Hop[];
  /** Where the chain ended (the last URL requested). */
  finalUrl: string;
  /** The final answer's status; undefined when there was none (network error, too many redirects). */
  status?: number;
  /** Why the URL does not resolve to a page. */
  error?: string;
}

export async function resolveUrl(url: string, opts: { maxRedirects: number; timeoutMs: number }): Promise<Resolution> {
  const hops: Hop[] = [];
  let current = url;
  for (let i = 0; i <= opts.maxRedirects; i++) {
    let res: Response;
    try {
      res = await fetch(current, { redirect: 'manual', headers: { Accept: 'text/html,*/*', 'User-Agent': 'leadproof-campaigns' }, signal: AbortSignal.timeout(opts.timeoutMs) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      return { hops, finalUrl: current, error: `${current} did not answer (${cause === 'TimeoutError' ? `no answer within ${opts.timeoutMs / 1000} s` : cause})` };
    }
    await res.body?.cancel().catch(() => undefined);
    hops.push({ url: current, status: res.status });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400) {
      if (!location) return { hops, finalUrl: current, status: res.status, error: `${current} answered ${res.status} without a Location header` };
      current = new URL(location, current).href;
      continue;
    }
    if (res.status !== 200) return { hops, finalUrl: current, status: res.status, error: `${current} answered ${res.status}` };
    return { hops, finalUrl: current, status: res.status };
  }
  return { hops, finalUrl: current, error: `more than ${opts.maxRedirects} redirects (a loop?); the last went to ${current}` };
}

/** The utm_* parameters of the campaign URL the final URL lost or changed. */
export function utmChanges(original: string, final: string): { dropped: string[]; changed: { param: string; from: string; to: string }[] } {
  const a = new URL(original).searchParams;
  const b = new URL(final).searchParams;
  const dropped: string[] = [];
  const changed: { param: string; from: string; to: string }[] = [];
  for (const [k, v] of a) {
    if (!k.startsWith('utm_')) continue;
    const now = b.get(k);
    if (now === null) dropped.push(k);
    else if (now !== v) changed.push({ param: k, from: v, to: now });
  }
  return { dropped, changed };
}

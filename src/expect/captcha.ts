/**
 * Spotting a CAPTCHA on a form page during preflight. A headless browser does not pass
 * reCAPTCHA, and a Web-to-Lead endpoint that requires it drops the post without telling the
 * browser, so every lead would read "no record" for a reason the CRM cannot show. A warning, not
 * a refusal: the site may whitelist the test traffic or verify only in production.
 */

const MARKERS: [RegExp, string][] = [
  [/class\s*=\s*["'][^"']*\bg-recaptcha\b/i, 'a g-recaptcha widget'],
  [/<script[^>]+src\s*=\s*["'][^"']*recaptcha/i, 'the reCAPTCHA script'],
  [/name\s*=\s*["']captcha_settings["']/i, 'a captcha_settings input'],
];

/** What gives the CAPTCHA away in this HTML, or null. */
export function captchaMarker(html: string): string | null {
  return MARKERS.find(([re]) => re.test(html))?.[1] ?? null;
}

/** The page's own HTML, then its same-origin iframes (forms embedded in a frame page). */
export async function pageCaptcha(pageUrl: string, html: string): Promise<string | null> {
  const own = captchaMarker(html);
  if (own) return own;
  const origin = new URL(pageUrl).origin;
  for (const m of html.matchAll(/<iframe[^>]*\s(?:data-)?src\s*=\s*["']([^"']+)["']/gi)) {
    const frame = new URL(m[1]!, pageUrl);
    if (frame.origin !== origin) continue;
    try {
      const res = await fetch(frame, { signal: AbortSignal.timeout(15_000) });
      const found = res.ok ? captchaMarker(await res.text()) : null;
      if (found) return `${found} in its frame ${frame.pathname}`;
    } catch {
      // an unreachable frame is reported by the browser run, not here
    }
  }
  return null;
}

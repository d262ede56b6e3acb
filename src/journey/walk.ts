/**
 * Performs a lead's journey in the browser before the form is filled: each touch opens its URL
 * with its referrer in the same page (so the same browser context and visitor cookie), lets the
 * page's tracking script report the page view, then waits.
 */
import type { Page } from '@playwright/test';
import type { PlannedTouch } from './types.js';

export async function walkJourney(page: Page, touches: PlannedTouch[] | undefined): Promise<void> {
  for (const t of touches ?? []) {
    if (t.url) {
      await page.goto(t.url, { referer: t.referrer, waitUntil: 'load' });
      // The demo site's tracker exposes its beacon as a promise; a real page's tracker is given a
      // moment by the load event. Leaving before the beacon lands would lose the touch.
      await page.evaluate(() => (window as unknown as { __lpTrack?: Promise<unknown> }).__lpTrack).catch(() => undefined);
    }
    if (t.waitMs > 0) await page.waitForTimeout(t.waitMs);
  }
}

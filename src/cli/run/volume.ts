import type { CrmAdapter } from '../../crm/adapter.js';
import { ConfigError } from '../../errors.js';
import type { PlannedLead } from '../../scenario/plan.js';

/**
 * Web-to-Lead orgs accept a fixed number of web leads a day; beyond it leads queue and the
 * admin is emailed. A plan that would exceed what is left is refused up front, with numbers.
 */
export async function checkWebToLeadVolume(adapter: CrmAdapter, leads: PlannedLead[]): Promise<void> {
  const remainingOf = (adapter as CrmAdapter & { webToLeadRemaining?: () => Promise<{ remaining: number; max: number } | null> }).webToLeadRemaining;
  if (!remainingOf) return;
  const limits = await remainingOf.call(adapter);
  if (!limits) return;
  const planned = leads.reduce((n, l) => n + l.submissions, 0);
  if (planned > limits.remaining) {
    throw new ConfigError([{ file: 'run plan', field: 'volume', message: `plans ${planned} Web-to-Lead submissions but ${adapter.account} has ${limits.remaining} of ${limits.max} left today. Lower volume/--grep, or run after the daily reset.` }], 'The run would exceed the daily Web-to-Lead limit; no lead was created.');
  }
}

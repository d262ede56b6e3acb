/**
 * How long a form may take to appear: tag-manager and CRM embeds (HubSpot's `hbspt.forms.create`,
 * Marketo, Pardot iframes) render the form by script after the page's `load`, sometimes seconds
 * later on a cold cache. Preflight and the run wait this long for the first field, then no
 * longer than a field lookup needs.
 */
import { ConfigError } from '../errors.js';

export const FORM_RENDER_ENV = 'LEADPROOF_FORM_RENDER_MS';
export const DEFAULT_FORM_RENDER_MS = 15_000;

/** A form's render wait: its own (resolved from `renderWait` or the run-wide default), else the default. */
export const renderWait = (form: { renderWaitMs?: number }): number => form.renderWaitMs ?? DEFAULT_FORM_RENDER_MS;

/** The run-wide default (a form profile's `renderWait` overrides it); a malformed value is exit 2. */
export function formRenderMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = env[FORM_RENDER_ENV];
  if (v === undefined || v === '') return DEFAULT_FORM_RENDER_MS;
  if (!/^\d+$/.test(v) || Number(v) < 1) {
    throw new ConfigError([{ file: 'environment', field: FORM_RENDER_ENV, message: `"${v}" must be a whole number of milliseconds, at least 1 (default ${DEFAULT_FORM_RENDER_MS}).` }]);
  }
  return Number(v);
}

/**
 * Preflight's form probe (src/forms/probe.ts) in a child process: the CLI's own process never
 * loads playwright-core (src/forms/child.ts says why). One child per preflight, one browser in it
 * for every form, as before.
 */
import type { ResolvedForm } from '../scenario/plan.js';
import { runInChild } from './child.js';
import type { FormProbe } from './probe.js';

export async function probeForms(forms: ResolvedForm[]): Promise<FormProbe[]> {
  if (forms.length === 0) return [];
  // Each form may take its page load (30 s) and render wait; a helper past that is stuck.
  const renderWaitMs = Number(process.env.LEADPROOF_FORM_RENDER_MS) || 15_000;
  const timeoutMs = 60_000 + forms.reduce((ms, f) => ms + 30_000 + (f.renderWaitMs ?? renderWaitMs), 0);
  return runInChild<FormProbe[]>(new URL('./probe-child.ts', import.meta.url), forms, { timeoutMs });
}

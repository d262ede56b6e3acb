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
  return runInChild<FormProbe[]>(new URL('./probe-child.ts', import.meta.url), forms);
}

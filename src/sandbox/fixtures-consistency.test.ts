import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScenarioInput } from '../scenario/types.js';
import { createCrmEngine, loadStack } from './engine/index.js';
import { expectedFailuresFor, namedScenarios, type ExpectedFailures } from './expected-failures.js';
import { LAYOUTS } from './site/layouts.js';
import { DEFAULT_STACK } from './index.js';

/**
 * Plays every example scenario straight into the engine (no browser, no HTTP) against every
 * stack, with a deliberately simple verdict, and checks that exactly the scenarios listed in
 * fixtures/stacks/expected-failures.yaml fail. Guards the fixtures, not the harness.
 */
const stacksDir = join(DEFAULT_STACK, '..');
const scenariosDir = join(stacksDir, '../../scenarios');
const expected = parse(readFileSync(join(stacksDir, 'expected-failures.yaml'), 'utf8')) as Record<string, ExpectedFailures>;
const STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist'];
const FIELD: Record<string, string> = { source: 'source', source_detail: 'sourceData1', latest_source: 'latestSource', latest_source_detail: 'latestSourceData1' };
const VISIBLE: Record<string, string> = { firstname: 'firstName', lastname: 'lastName', email: 'email', company: 'company', website: 'website', country: 'country', numemployees: 'employees', jobtitle: 'title', phone: 'phone' };

async function loadScenarios(): Promise<ScenarioInput[]> {
  const out: ScenarioInput[] = [];
  for (const f of readdirSync(scenariosDir).sort()) {
    if (f.endsWith('.scenario.yaml')) {
      const doc = parse(readFileSync(join(scenariosDir, f), 'utf8'));
      out.push(...(doc.scenarios ?? [doc]));
    } else if (f.endsWith('.scenario.ts')) out.push((await import(join(scenariosDir, f))).default);
  }
  // This replay is of the HubSpot portal: scenarios pinned to other CRMs do not run there.
  return out.filter((s) => !s.crm || s.crm.includes('hubspot'));
}

function failures(stackFile: string, scenarios: ScenarioInput[]): string[] {
  const { stack } = loadStack(join(stacksDir, stackFile));
  const engine = createCrmEngine(stack, { flavor: 'hubspot' });
  const runs = scenarios.map((s, i) => {
    const form = stack.forms.find((f) => f.id === s.form)!;
    const email = `lead${i}@leadproof.test`;
    const attrs: Record<string, unknown> = { ...s.lead, email };
    const names = LAYOUTS[form.layout].fields.map((f) => f.name);
    const fields: Record<string, string> = {};
    for (const n of names) if (VISIBLE[n] && attrs[VISIBLE[n]] !== undefined) fields[VISIBLE[n]] = String(attrs[VISIBLE[n]]);
    for (const [k, v] of Object.entries(s.utm ?? {})) if (form.mappedHiddenFields.includes(`utm_${k}`)) fields[`utm_${k}`] = v!;
    const query = new URLSearchParams([...Object.entries(s.utm ?? {}).map(([k, v]) => [`utm_${k}`, v!]), ...Object.entries(s.query ?? {})]).toString();
    // HubSpot rejects a submission carrying a field the form does not define (400).
    const rejected = Object.entries(s.utm ?? {}).some(([k, v]) => v && !form.mappedHiddenFields.includes(`utm_${k}`));
    if (rejected) return { s, email: `rejected-${email}`, at: Date.now() };
    for (let n = 0; n < (s.submissions ?? 1); n++) {
      const hutk = form.visitorCookie ? `v${i}-${n}` : undefined;
      // A journey's earlier touches; a snippet that drops the first touch gives each its own visitor.
      for (const [t, step] of (n === 0 ? (s.journey ?? []) : []).entries()) {
        if (!hutk || !step.visit) continue;
        const q = new URLSearchParams([...Object.entries(step.visit.utm ?? {}).map(([k, v]) => [`utm_${k}`, v!]), ...Object.entries(step.visit.query ?? {})]).toString();
        engine.trackPageView(stack.trackingDropsFirstTouch ? `${hutk}-t${t}` : hutk, { url: `http://site${step.visit.url ?? form.page}${q ? `?${q}` : ''}`, referrer: step.visit.referrer ?? '' });
      }
      if (hutk) engine.trackPageView(hutk, { url: `http://site${form.page}${query ? `?${query}` : ''}`, referrer: s.referrer ?? '' });
      engine.submit({ formId: form.id, fields, hutk });
    }
    return { s, email, at: Date.now() };
  });
  vi.advanceTimersByTime(60_000);
  const failed = runs.filter(({ s, email, at }) => !passes(s, engine.byEmail(email), at, stack.owners)).map((r) => r.s.name);
  engine.stop();
  return failed;
}

function passes(s: ScenarioInput, recs: ReturnType<ReturnType<typeof createCrmEngine>['byEmail']>, at: number, owners: { id: string; email: string; teams: string[]; archived: boolean }[]): boolean {
  const rec = recs[0];
  const within = Number((s.expect.within ?? '120s').replace('s', '')) * 1000;
  if (!rec || (s.expect.unique && recs.length !== 1)) return false;
  for (const [name, want] of Object.entries(s.expect.fields ?? {})) {
    const got = rec.fields[FIELD[name] ?? name] ?? null;
    if (typeof want === 'object' && 'absent' in want ? got !== null : got !== String(want)) return false;
  }
  const lc = s.expect.lifecycle;
  const l = Array.isArray(lc) ? { path: lc } : (lc ?? {});
  const path = l.path ?? [];
  const stages = (rec.history.lifecycle ?? []).filter((h) => h.at - at <= within && h.value).map((h) => h.value!);
  if (path.some((p, i) => stages.indexOf(p) < (i === 0 ? 0 : stages.indexOf(path[i - 1])))) return false;
  // never: the stage and every later one the scenario does not name.
  const named = [...path, l.ends, l.atLeast];
  const floor = Math.min(...(l.never ?? []).map((n) => STAGES.indexOf(n)));
  if (stages.some((st) => !named.includes(st) && STAGES.indexOf(st) >= floor)) return false;
  // Where it ended: at `ends`, and not back before the last stage of the path.
  const last = l.ends ?? path[path.length - 1];
  const now = rec.fields.lifecycle ?? '';
  if (last && (l.ends ? now !== last : STAGES.indexOf(now) < STAGES.indexOf(last))) return false;
  const o = s.expect.owner;
  if (o) {
    // The owner as the window closes: a later rule's reassignment counts, as the settle re-read sees it.
    const set = (rec.history.owner ?? []).filter((h) => h.at - at <= within).at(-1);
    const owner = owners.find((x) => x.id === set?.value);
    // Only an active user meets an owner expectation.
    if (!owner || owner.archived) return false;
    if ('email' in o && owner.email !== o.email) return false;
    if ('team' in o && !owner.teams.includes(o.team)) return false;
    if ('oneOf' in o && !o.oneOf.includes(owner.email)) return false;
  }
  return true;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('stack fixtures vs example scenarios', () => {
  it('lists every shipped stack in expected-failures.yaml', () => {
    expect(Object.keys(expected).sort()).toEqual(readdirSync(stacksDir).filter((f) => f.endsWith('.stack.yaml')).sort());
  });

  it.each(Object.keys(expected))('%s fails exactly the listed scenarios', async (file) => {
    const scenarios = await loadScenarios();
    const names = scenarios.map((s) => s.name);
    for (const n of namedScenarios(expected[file])) expect(names).toContain(n);
    const failed = failures(file, scenarios).sort();
    expect(failed).toEqual(expectedFailuresFor(expected[file], failed));
  });
});

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { monitorAlert } from './alert.js';
import { readState, stateFile, writeState, type MonitorState, type PassOutcome } from './state.js';
import { transition } from './transition.js';

const cause = 'EMEA × mid-market routes to team NA Mid-Market; expected team EMEA Mid-Market';
let n = 0;
const failed = (causes = [cause]): PassOutcome => ({
  runId: `run-${++n}`, at: `2026-11-23T0${n % 10}:00:00.000Z`, verdict: 'FAILED', exitCode: 1,
  lines: causes.map((c) => `${c} — 1 lead`), causes, branches: ['EMEA × mid-market'], report: `reports/run-${n}/report.html`,
});
const passed = (): PassOutcome => ({ runId: `run-${++n}`, at: `2026-11-23T0${n % 10}:00:00.000Z`, verdict: 'PASSED', exitCode: 0, lines: [], causes: [], branches: [], report: null });

/** Feeds passes through the transitions, as the monitor does pass after pass; returns the alerts. */
function replay(passes: PassOutcome[], remindEvery?: number): (string | null)[] {
  let s: MonitorState | undefined;
  return passes.map((p) => {
    const t = transition(s, p, remindEvery);
    s = t.state;
    return t.alert;
  });
}

describe('monitor transitions', () => {
  it('a first pass that passes is silent; one that fails alerts', () => {
    expect(replay([passed()])).toEqual([null]);
    expect(replay([failed()])).toEqual(['failing']);
  });

  it('alerts on a change only: failing once, silent while the same failure lasts, recovered once', () => {
    expect(replay([passed(), failed(), failed(), failed(), passed(), passed()])).toEqual([null, 'failing', null, null, 'recovered', null]);
  });

  it('reminds every n-th failing pass in a row when asked', () => {
    expect(replay([failed(), failed(), failed(), failed(), failed(), failed(), failed()], 3)).toEqual(['failing', null, 'still-failing', null, null, 'still-failing', null]);
    expect(replay([failed(), failed(), failed()], 1)).toEqual(['failing', 'still-failing', 'still-failing']);
  });

  it('a new cause while failing is news: failing again', () => {
    expect(replay([failed(), failed([cause, 'NA × enterprise: owner assigned too late; expected within 30 s'])])).toEqual(['failing', 'failing']);
  });

  it('a run that could not be done (exit 3) counts as failing', () => {
    const p = { ...passed(), verdict: null, exitCode: 3, lines: ['CRM_TIMEOUT: …'], causes: ['CRM_TIMEOUT'] };
    expect(replay([passed(), p])).toEqual([null, 'failing']);
  });

  it('keeps since and counts passes in a row', () => {
    const a = failed();
    const t1 = transition(undefined, a);
    const t2 = transition(t1.state, failed());
    expect([t2.state.since, t2.state.consecutive, t2.state.status]).toEqual([a.at, 2, 'failing']);
  });
});

describe('monitor alert words', () => {
  it('the failing alert names the branch, the grouped causes and the report', () => {
    const t = transition(undefined, failed());
    const a = monitorAlert('failing', t, { target: 'sandbox (stack wrong-team)' });
    expect(a.title).toBe('leadproof monitor: FAILED on sandbox (stack wrong-team) — EMEA × mid-market');
    expect(a.lines).toEqual([`${cause} — 1 lead`]);
    expect(a.link).toMatch(/report\.html$/);
    expect(monitorAlert('failing', t, { target: 'x', link: 'https://ci.example/1' }).link).toBe('https://ci.example/1');
  });

  it('recovered says what was fixed and after how many failing runs', () => {
    const t1 = transition(undefined, failed());
    const t2 = transition(transition(t1.state, failed()).state, passed());
    const a = monitorAlert('recovered', t2, { target: 'acme' });
    expect(a.title).toBe('leadproof monitor: recovered on acme — PASSED after 2 failing runs');
    expect(a.lines).toEqual([`fixed: ${cause}`]);
  });

  it('recovered says the fault in words, not the stable key passes are compared by', () => {
    const key = JSON.stringify(['owner', 'owner', 'team EMEA Mid-Market', 'team NA Mid-Market']);
    const f = { ...failed([key]), causeWords: [cause] };
    const t = transition(transition(undefined, f).state, passed());
    expect(monitorAlert('recovered', t, { target: 'acme' }).lines).toEqual([`fixed: ${cause}`]);
  });
});

describe('monitor state file', () => {
  it('round-trips, leaves no temporary file, and a torn write of the temp file never replaces the state', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-state-'));
    const s = transition(undefined, failed()).state;
    writeState(dir, s);
    expect(readState(dir)).toEqual(s);
    expect(readdirSync(dir)).toEqual(['monitor-state.json']);
    // A crash mid-write leaves only a partial temp file beside the state: the state still reads whole.
    writeFileSync(`${stateFile(dir)}.999.tmp`, '{"schema":"leadproof.monitor-st');
    expect(readState(dir)).toEqual(s);
  });

  it('an unreadable state file is reported and the monitor starts over', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-state-'));
    writeFileSync(stateFile(dir), 'not json');
    const warned: string[] = [];
    expect(readState(dir, (l) => warned.push(l))).toBeUndefined();
    expect(warned[0]).toContain('starting over');
    expect(readFileSync(stateFile(dir), 'utf8')).toBe('not json');
  });
});

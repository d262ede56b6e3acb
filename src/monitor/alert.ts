/** The words of a monitor alert, from the transition that caused it. */
import type { Alert, AlertKind } from '../alerts/index.js';
import type { Transition } from './transition.js';

export interface AlertContext {
  /** The CRM account (or sandbox stack) the run was against. */
  target: string;
  /** A URL to link instead of the report's path (e.g. the CI run's page). */
  link?: string;
}

export function monitorAlert(kind: AlertKind, t: Transition, ctx: AlertContext): Alert {
  const pass = t.state.lastPass;
  const verdict = pass.verdict ?? `no verdict (exit ${pass.exitCode})`;
  const title =
    kind === 'recovered'
      ? `leadproof monitor: recovered on ${ctx.target} — ${verdict} after ${t.previous?.consecutive ?? 1} failing run${t.previous?.consecutive === 1 ? '' : 's'}`
      : kind === 'still-failing'
        ? `leadproof monitor: still ${verdict} on ${ctx.target} — ${t.state.consecutive} runs in a row since ${t.state.since}`
        : `leadproof monitor: ${verdict} on ${ctx.target}${pass.branches.length ? ` — ${pass.branches.join(', ')}` : ''}`;
  // The keys in state.causes are for comparing passes; people read the last failing pass's words.
  const fixed = t.previous?.lastPass.causeWords ?? t.previous?.causes ?? [];
  const lines = kind === 'recovered' ? fixed.map((c) => `fixed: ${c}`) : pass.lines;
  const link = ctx.link ?? pass.report ?? undefined;
  return {
    kind,
    title,
    verdict: pass.verdict ?? undefined,
    lines,
    ...(link ? { link } : {}),
    ...(pass.runId ? { runId: pass.runId } : {}),
    details: {
      target: ctx.target,
      exitCode: pass.exitCode,
      branches: pass.branches,
      failingRuns: t.state.status === 'failing' ? t.state.consecutive : 0,
      since: t.state.since,
      report: pass.report,
    },
  };
}

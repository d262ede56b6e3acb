/**
 * `leadproof docs`: picks the run (--run, or the newest under reports/), reads the scenarios it
 * ran (from the folder the report names, unless --scenarios says otherwise) and writes the
 * routing document.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { collectRuns, type LoadedRun } from '../history/index.js';
import { loadProject } from '../scenario/load.js';
import type { ScenarioInput } from '../scenario/types.js';
import { renderRoutingMarkdown } from './markdown.js';
import { buildRoutingDoc, type RoutingDoc } from './model.js';

export interface DocsOptions {
  /** Run folder; default: the newest run under `reports`. */
  run?: string;
  /** Folder of run folders, for the newest run and for when each branch was last proved. */
  reports?: string;
  /** Scenario folder; default: the folder of the run's scenario files. */
  scenarios?: string;
  /** Markdown file; default `<reports>/routing.md`. Never inside the run folder: `run` already wrote
   *  (and signed) its own routing.md there, and rewriting it would break the signature. */
  out?: string;
}

export async function writeRoutingDoc(opts: DocsOptions): Promise<{ file: string; doc: RoutingDoc; markdown: string }> {
  const reportsDir = opts.reports ?? 'reports';
  const all = existsSync(reportsDir) ? collectRuns(reportsDir).runs : [];
  const run = opts.run ? pickRun(opts.run) : newest(all, reportsDir);
  const scenarios = await scenariosOf(run, opts.scenarios);
  const doc = buildRoutingDoc(run.report, scenarios, all.map((r) => r.report));
  const markdown = renderRoutingMarkdown(doc);
  const file = path.resolve(opts.out ?? path.join(reportsDir, 'routing.md'));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, markdown);
  return { file, doc, markdown };
}

function pickRun(dir: string): LoadedRun {
  const file = path.join(dir, 'report.json');
  if (!existsSync(file)) throw new ConfigError([{ file: dir, field: '--run', message: 'holds no report.json; pass the folder of a finished run (reports/<run id>).' }], 'No routing document written.');
  const found = collectRuns(dir);
  const run = found.runs.find((r) => path.resolve(r.dir) === path.resolve(dir));
  if (!run) {
    const why = found.skipped.find((s) => path.resolve(s.file) === path.resolve(file))?.reason ?? 'not a leadproof run report';
    throw new ConfigError([{ file, field: '', message: `cannot be read (${why}); pass the folder of a run made by leadproof.` }], 'No routing document written.');
  }
  return run;
}

function newest(runs: LoadedRun[], reportsDir: string): LoadedRun {
  const sorted = [...runs].sort((a, b) => b.report.startedAt.localeCompare(a.report.startedAt));
  if (!sorted[0]) throw new ConfigError([{ file: reportsDir, field: '', message: 'holds no finished run; run `npx leadproof run` first, or pass --run <run folder>.' }], 'No routing document written.');
  return sorted[0];
}

/** Scenarios by name; a folder that no longer loads leaves conditions to what the report holds. */
async function scenariosOf(run: LoadedRun, dir: string | undefined): Promise<Map<string, ScenarioInput>> {
  if (dir && !existsSync(dir)) throw new ConfigError([{ file: dir, field: '--scenarios', message: 'does not exist; pass the folder of the scenarios the run used, or leave --scenarios out to use the folder the run names.' }], 'No routing document written.');
  const from = dir ?? (run.report.scenarios[0] ? path.dirname(run.report.scenarios[0].file) : undefined);
  if (!from || !existsSync(from)) return new Map();
  try {
    const project = await loadProject({ scenarios: from });
    return new Map(project.scenarios.map((s) => [s.input.name, s.input]));
  } catch (err) {
    // An explicit --scenarios that fails to load is the user's to fix; a default one is best effort.
    if (dir) throw err;
    return new Map();
  }
}

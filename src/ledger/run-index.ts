/**
 * Where `flush --orphans` looks for ledgers. A run can write its ledger anywhere `--out` points,
 * so a run outside the reports folder appends its absolute folder to an index there when it
 * creates its ledger; `--orphans` reads that index AND searches the reports folder recursively
 * (for runs from before the index, or an index someone deleted). The index is only a hint: every
 * ledger it leads to is checked like any other before flush acts on it.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { LEDGER_FILE } from './ledger.js';

export const RUN_INDEX = '.runs.jsonl';
const SKIP = new Set(['node_modules', 'playwright-report', '.git']);
const MAX_DEPTH = 8;

/**
 * Records a run folder in `<reports>/.runs.jsonl` when the recursive search would not reach it
 * (outside the reports folder, or deeper than it looks); a failure only warns (the run still
 * flushes itself). Runs inside reports/ leave no index, so that folder holds only run folders.
 */
export function indexRunFolder(reportsDir: string, runDir: string, runId: string): void {
  const rel = path.relative(path.resolve(reportsDir), path.resolve(runDir));
  if (!rel.startsWith('..') && !path.isAbsolute(rel) && rel.split(path.sep).length <= MAX_DEPTH) return;
  try {
    mkdirSync(reportsDir, { recursive: true });
    appendFileSync(path.join(reportsDir, RUN_INDEX), `${JSON.stringify({ runId, dir: path.resolve(runDir), at: new Date().toISOString() })}\n`);
  } catch (err) {
    console.warn(`leadproof: could not record ${runDir} in ${path.join(reportsDir, RUN_INDEX)} (${(err as Error).message}); \`flush --orphans\` finds it only under the reports folder.`);
  }
}

export interface LedgerSearch {
  /** Run folders holding a ledger, each once, sorted. */
  dirs: string[];
  /** Where it looked, for the user. */
  looked: string;
}

/** `holds`: the file that marks a run folder; `history` looks for report.json, since a merged
 *  report's folder has no ledger of its own. */
export function findRunFolders(reportsDir: string, holds: string = LEDGER_FILE): LedgerSearch {
  const reports = path.resolve(reportsDir);
  const found = new Map<string, string>();
  const add = (dir: string) => {
    if (!existsSync(path.join(dir, holds))) return;
    const real = realpathSync(dir);
    if (!found.has(real)) found.set(real, dir);
  };
  walk(reports, 0, add);
  const indexFile = path.join(reports, RUN_INDEX);
  const indexed = existsSync(indexFile) ? indexedDirs(indexFile) : [];
  for (const dir of indexed) add(dir);
  const looked = `${reports} (and every folder below it)${indexed.length ? `, and the ${indexed.length} run folder(s) listed in ${indexFile}` : `; no run index at ${indexFile}`}`;
  return { dirs: [...found.values()].sort(), looked };
}

function walk(dir: string, depth: number, add: (dir: string) => void): void {
  if (!existsSync(dir)) return;
  add(dir);
  if (depth >= MAX_DEPTH) return;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    // Symbolic links are not followed: a planted link must not send the search across the disk.
    if (d.isDirectory() && !SKIP.has(d.name)) walk(path.join(dir, d.name), depth + 1, add);
  }
}

function indexedDirs(file: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    try {
      const dir = (JSON.parse(line) as { dir?: unknown }).dir;
      if (typeof dir === 'string' && path.isAbsolute(dir)) out.push(dir);
    } catch {
      // a torn or edited line: the recursive search still covers the reports folder
    }
  }
  return [...new Set(out)];
}

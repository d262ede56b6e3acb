import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEDGER_FILE } from './ledger.js';
import { findRunFolders, indexRunFolder, RUN_INDEX } from './run-index.js';

function runFolder(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, LEDGER_FILE), '');
  return dir;
}

describe('findRunFolders', () => {
  it('finds a ledger wherever --out pointed: nested, the reports folder itself, or outside it via the index', () => {
    const reports = mkdtempSync(path.join(tmpdir(), 'lp-reports-'));
    const nested = runFolder(path.join(reports, 'team', 'nightly', 'r1'));
    runFolder(reports);
    const outside = runFolder(mkdtempSync(path.join(tmpdir(), 'lp-out-')));
    indexRunFolder(reports, outside, 'r3');
    indexRunFolder(reports, nested, 'r1'); // inside reports/: the search finds it, no index line
    writeFileSync(path.join(reports, RUN_INDEX), `${readFileSync(path.join(reports, RUN_INDEX), 'utf8')}${JSON.stringify({ dir: nested })}\n`); // listed twice: found once
    expect(readFileSync(path.join(reports, RUN_INDEX), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    const { dirs, looked } = findRunFolders(reports);
    expect(dirs.sort()).toEqual([reports, nested, outside].sort());
    expect(looked).toContain(reports);
    expect(looked).toContain(path.join(reports, RUN_INDEX));
  });

  it('does not follow symbolic links, and survives a damaged index line', () => {
    const reports = mkdtempSync(path.join(tmpdir(), 'lp-reports-'));
    const elsewhere = runFolder(mkdtempSync(path.join(tmpdir(), 'lp-else-')));
    symlinkSync(elsewhere, path.join(reports, 'link'));
    writeFileSync(path.join(reports, RUN_INDEX), '{"dir":"relative/path"}\nnot json\n');
    expect(findRunFolders(reports).dirs).toEqual([]);
  });
});

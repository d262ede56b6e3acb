import { execFileSync } from 'node:child_process';

/** Commit of the scenarios' git repo, when there is one (reports name what was tested). */
export function gitInfo(dir: string): { commit: string; dirty: boolean } | undefined {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
    return { commit, dirty };
  } catch {
    return undefined;
  }
}

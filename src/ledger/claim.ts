/**
 * A run's claim on its output folder. Two runs started together on one `--out` must not both go
 * ahead (the second would overwrite the first one's plan and report, and its browsers would
 * submit the wrong leads), so the folder is claimed with a create-exclusive lock file before the
 * run does anything; the loser is refused with exit 2. The lock names its run and process, is
 * removed whenever the run ends, and a lock whose process is gone (SIGKILL before the ledger was
 * written) is taken over, so a crash never blocks the folder for good. The ledger itself is only
 * created once preflight passed, with its header as its first line.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { LEDGER_FILE } from './ledger.js';

export const CLAIM_FILE = '.leadproof-run.lock';

export interface Holder {
  runId: string;
  pid: number;
  host: string;
  at: string;
}

export interface RunDirClaim {
  /** Gives the folder back (idempotent); removes the folder too when this run created it and left it empty. */
  release(): void;
}

/** Claims `dir` for run `runId`; `shown` is the folder as the user gave it (for messages). */
export function claimRunDir(dir: string, runId: string, shown: string): RunDirClaim {
  const createdDir = !existsSync(dir);
  const lock = path.join(dir, CLAIM_FILE);
  const me: Holder = { runId, pid: process.pid, host: hostname(), at: new Date().toISOString() };
  let created: boolean;
  try {
    mkdirSync(dir, { recursive: true });
    created = tryCreate(lock, me);
  } catch (err) {
    throw unusableOut(err, shown);
  }
  if (!created) {
    const holder = readHolder(lock);
    // A lock left by a process that no longer exists (killed before it wrote a ledger) is stale.
    if (!holder || !(holder.host === me.host && !alive(holder.pid)) || !takeOver(lock, holder, me)) {
      const who = holder ? `run ${holder.runId} (pid ${holder.pid} on ${holder.host}, since ${holder.at})` : 'another run';
      throw new ConfigError([{ file: shown, field: '--out', message: `is being used by ${who}. Pick another folder, or wait for that run to end (remove ${path.join(shown, CLAIM_FILE)} only if no leadproof process is using it).` }]);
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      if (readHolder(lock)?.pid === me.pid) unlinkSync(lock);
      if (createdDir && readdirSync(dir).length === 0) rmdirSync(dir);
    } catch {
      // best effort: a lock left behind is taken over by the next run, as its process is gone
    }
  };
  if (existsSync(path.join(dir, LEDGER_FILE))) {
    release();
    throw new ConfigError([{ file: path.join(shown, LEDGER_FILE), field: '--out', message: 'already holds a run ledger; a second run there would hide the first run\'s records from flush. Pick an empty folder.' }]);
  }
  return { release };
}

/** A folder that cannot hold the run (under a file, read-only, no permission) is the user's to fix: exit 2. */
function unusableOut(err: unknown, shown: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOTDIR: 'lies under a regular file, not a folder',
    EEXIST: 'is a regular file, not a folder',
    EACCES: 'cannot be written (permission denied)',
    EPERM: 'cannot be written (operation not permitted)',
    EROFS: 'is on a read-only file system',
    ENOSPC: 'is on a full disk',
    ENAMETOOLONG: 'is a path that is too long',
  };
  if (!code || !why[code]) return err;
  return new ConfigError([{ file: shown, field: '--out', message: `${why[code]} (${code}); pass --out <a folder you can write>, e.g. reports/my-run.` }]);
}

function tryCreate(lock: string, me: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes over the stale lock of `stale`. The lock is moved aside (atomic) and checked to be the one
 * judged stale before it is dropped: two runs that both saw the dead holder must not both win
 * (the later one would otherwise delete the earlier one's fresh lock).
 */
export function takeOver(lock: string, stale: Holder, me: Holder): boolean {
  const aside = `${lock}.${me.pid}.stale`;
  try {
    renameSync(lock, aside);
  } catch {
    // someone else moved it first; the exclusive create below decides who gets the folder
    return tryCreate(lock, me);
  }
  const moved = readHolder(aside);
  if (!moved || moved.pid !== stale.pid || moved.runId !== stale.runId) {
    // Another run took the folder over in between: that lock is live, give it back.
    try {
      renameSync(aside, lock);
    } catch {
      // nothing more to do: the folder stays refused to this run
    }
    return false;
  }
  unlinkSync(aside);
  return tryCreate(lock, me);
}

function readHolder(lock: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(lock, 'utf8')) as Holder;
  } catch {
    return undefined; // being written this instant, or torn: treat as held
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The browser side of a run ends when the CLI that started it is gone. Killed with SIGKILL, the
 * CLI cannot stop its Playwright runner, and the runner would go on for about a minute, starting
 * workers and Chromium for leads nobody traces and writing into the run folder. So the runner
 * (this runs in its process, from the progress reporter) watches its parent: once the CLI's pid
 * is no longer its parent, it kills every process it started (workers and their Chromium) and
 * itself.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Set by the CLI on the runner it spawns. */
export const PARENT_PID_ENV = 'LEADPROOF_CLI_PID';
const CHECK_MS = 250;

export function watchParent(env: NodeJS.ProcessEnv = process.env): void {
  const cli = Number(env[PARENT_PID_ENV]);
  if (!Number.isInteger(cli) || cli <= 0) return; // not started by `leadproof run`
  const timer = setInterval(() => {
    // process.ppid is read live: when the CLI dies the runner is re-parented (to init or a subreaper).
    if (process.ppid === cli) return;
    clearInterval(timer);
    console.error(`[browser] leadproof (pid ${cli}) is gone: stopping the browser run.`);
    killTree(process.pid);
    process.exit(1);
  }, CHECK_MS);
  timer.unref();
}

/** SIGKILL every descendant of `root` (deepest first is not needed: SIGKILL cannot be caught). */
function killTree(root: number): void {
  for (const pid of descendants(root)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  try {
    // The runner leads its own process group (spawned detached): also catches a worker forked
    // between the scan above and now.
    process.kill(-root, 'SIGKILL');
  } catch {
    // not a group leader (started by hand): the descendants above are all there is
  }
}

/** Descendants from /proc (Linux); elsewhere none, and the process-group kill does the job. */
function descendants(root: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const d of entries) {
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // exited while scanning
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) for (const c of children.get(queue.shift()!) ?? []) out.push(c), queue.push(c);
  return out;
}

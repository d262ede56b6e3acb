/**
 * The machine's CPU time over a window, from /proc/stat sampled through the whole bench. Per-process
 * figures (`cutime`/`cstime`) count only children that have ended and been reaped, which misses
 * most of Chromium's renderers (its zygote starts them); the machine's own counters miss nothing,
 * and on a machine that runs only the bench they are the bench's. `steal` is the time the host gave
 * this machine's cores to someone else: the reason wall-time figures drift from minute to minute.
 */
import { readFileSync } from 'node:fs';

interface Sample { t: number; busy: number; steal: number }

export interface CpuWindow {
  /** CPU seconds every core spent busy (user, nice, system, irq, softirq) in the window. */
  busyS: number;
  /** Share of the window's core time the host took away (steal), 0–1. */
  stealShare: number;
}

/** The CPUs /proc/stat's first line adds up (its `cpuN` lines), not the ones this process may use. */
function statCores(): number {
  try {
    return readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d+ /.test(l)).length || 1;
  } catch {
    return 1;
  }
}

function read(): Sample | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    // cpu  user nice system idle iowait irq softirq steal … in USER_HZ (100 per second).
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return { t: Date.now(), busy: (user + nice + system + irq + softirq) / 100, steal: (steal ?? 0) / 100 };
  } catch {
    return null;
  }
}

export class MachineCpu {
  private readonly samples: Sample[] = [];
  private readonly timer: NodeJS.Timeout;
  readonly available: boolean;

  constructor(everyMs = 250, private readonly cores = statCores()) {
    const first = read();
    this.available = first !== null;
    if (first) this.samples.push(first);
    this.timer = setInterval(() => {
      const s = read();
      if (s) this.samples.push(s);
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Counters at time t, interpolated between the samples around it. */
  private at(t: number): Sample | null {
    const s = this.samples;
    if (s.length === 0 || t < s[0].t) return null;
    let i = s.findIndex((x) => x.t >= t);
    if (i === -1) {
      const now = read();
      if (!now) return null;
      s.push(now);
      i = s.length - 1;
    }
    if (i === 0) return s[0];
    const [a, b] = [s[i - 1], s[i]];
    const f = b.t === a.t ? 1 : (t - a.t) / (b.t - a.t);
    return { t, busy: a.busy + f * (b.busy - a.busy), steal: a.steal + f * (b.steal - a.steal) };
  }

  window(from: number, to: number): CpuWindow | null {
    const [a, b] = [this.at(from), this.at(to)];
    if (!a || !b || to <= from) return null;
    const coreS = ((to - from) / 1000) * this.cores;
    return { busyS: b.busy - a.busy, stealShare: (b.steal - a.steal) / coreS };
  }
}

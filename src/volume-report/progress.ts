/**
 * The progress line of a long run: done / in flight / remaining, the recent rate, and the time
 * left at that rate. The rate is taken over the last completions (a sliding window), so a run
 * that slows down — an intake budget kicking in, a busy machine — shows it within a minute.
 */

const WINDOW = 20;

export interface ProgressState {
  total: number;
  done: number;
  inFlight: number;
  /** Failed so far (counted in done). */
  failed: number;
}

export class ProgressTracker {
  private readonly recent: number[] = [];
  private started: number | null = null;
  private state: ProgressState;

  constructor(total: number, private readonly now: () => number = Date.now) {
    this.state = { total, done: 0, inFlight: 0, failed: 0 };
  }

  begin(): void {
    this.started ??= this.now();
    this.state.inFlight += 1;
  }

  end(ok: boolean): void {
    this.state.inFlight = Math.max(0, this.state.inFlight - 1);
    this.state.done += 1;
    if (!ok) this.state.failed += 1;
    this.recent.push(this.now());
    if (this.recent.length > WINDOW) this.recent.shift();
  }

  /** Completions per second: over the recent window, or since the start while it fills. */
  ratePerS(): number | null {
    const t = this.now();
    if (this.recent.length >= 2) {
      const span = t - this.recent[0]!;
      // The window's first completion opens it; the rest completed inside it.
      if (span > 0) return ((this.recent.length - 1) / span) * 1000;
    }
    if (this.started !== null && this.state.done > 0 && t > this.started) return (this.state.done / (t - this.started)) * 1000;
    return null;
  }

  /** Milliseconds left at the current rate (null until there is a rate; 0 when done). */
  etaMs(): number | null {
    const remaining = this.state.total - this.state.done;
    if (remaining <= 0) return 0;
    const rate = this.ratePerS();
    return rate ? (remaining / rate) * 1000 : null;
  }

  line(what = 'submitted'): string {
    const s = this.state;
    const remaining = s.total - s.done - s.inFlight;
    const rate = this.ratePerS();
    const eta = this.etaMs();
    return [
      `${what} ${s.done}/${s.total}${s.failed ? ` (${s.failed} failed)` : ''}`,
      `${s.inFlight} in flight`,
      `${Math.max(0, remaining)} to go`,
      rate === null ? 'rate —' : `${rate.toFixed(2)}/s`,
      `ETA ${eta === null ? '—' : formatEta(eta)}`,
    ].join(', ');
  }
}

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function formatEta(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

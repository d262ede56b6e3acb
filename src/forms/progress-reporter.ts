/**
 * Console progress for the browser side of a run: one short line per submission and per verdict,
 * instead of Playwright's file:line titles. A volume run prints only the failures one by one and,
 * every 10 s, a progress line per phase: done / in flight / remaining, the recent rate and the
 * time left at it. Playwright's HTML reporter still gets everything.
 */
import { readFileSync } from 'node:fs';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { ProgressTracker } from '../volume-report/index.js';
import { watchParent } from './parent-watch.js';

const PROGRESS_EVERY_MS = 10_000;

export default class ProgressReporter implements Reporter {
  private total = 0;
  private done = 0;
  private readonly volume: boolean;
  private submits: ProgressTracker | null = null;
  private verdicts: ProgressTracker | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    // The reporter lives in the Playwright runner process: the one place that can end the whole
    // browser side when the CLI is killed.
    watchParent();
    const planFile = process.env.LEADPROOF_PLAN;
    this.volume = planFile ? Boolean((JSON.parse(readFileSync(planFile, 'utf8')) as { volume?: boolean }).volume) : false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length / 2;
    console.log(`[browser] ${this.total} lead(s), ${config.workers} worker(s): submitting through the real forms, then collecting verdicts`);
    if (!this.volume) return;
    this.submits = new ProgressTracker(this.total);
    this.verdicts = new ProgressTracker(this.total);
    this.timer = setInterval(() => this.progress(), PROGRESS_EVERY_MS);
    this.timer.unref();
  }

  onTestBegin(test: TestCase): void {
    (test.title.startsWith('submit › ') ? this.submits : this.verdicts)?.begin();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const [phase, ...rest] = test.title.split(' › ');
    const name = rest.join(' › ');
    const secs = `${(result.duration / 1000).toFixed(1)} s`;
    const ok = result.status === 'passed';
    (phase === 'submit' ? this.submits : this.verdicts)?.end(ok);
    if (this.volume && ok) {
      if (phase === 'submit' && ++this.done === this.total) console.log(`[browser] ${this.submits!.line()}`);
      return;
    }
    if (phase === 'submit') {
      this.done += 1;
      const mark = ok ? '→' : '✗';
      const why = ok ? '' : ` — ${firstLine(result.error?.message)}`;
      console.log(`[browser] ${mark} submitted ${this.done}/${this.total}: ${name} (${secs})${why}`);
    } else if (!ok) {
      console.log(`[verdict] ✗ ${name}`);
    } else {
      console.log(`[verdict] ✓ ${name}`);
    }
  }

  onEnd(): void {
    clearInterval(this.timer);
    if (this.verdicts) console.log(`[verdict] ${this.verdicts.line('decided')}`);
  }

  printsToStdio(): boolean {
    return true;
  }

  private progress(): void {
    const s = this.submits!;
    if (this.done < this.total) console.log(`[browser] ${s.line()}`);
    else console.log(`[verdict] ${this.verdicts!.line('decided')}`);
  }
}

function firstLine(s: string | undefined): string {
  // Playwright error messages carry ANSI colour codes and call logs; keep the first sentence.
  return (s ?? 'failed').replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0].slice(0, 200);
}

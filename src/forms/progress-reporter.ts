/**
 * Console progress for the browser side of a run: one short line per submission and per verdict,
 * instead of Playwright's file:line titles. Playwright's HTML reporter still gets everything.
 */
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { watchParent } from './parent-watch.js';

export default class ProgressReporter implements Reporter {
  private total = 0;
  private done = 0;

  constructor() {
    // The reporter lives in the Playwright runner process: the one place that can end the whole
    // browser side when the CLI is killed.
    watchParent();
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length / 2;
    console.log(`[browser] ${this.total} lead(s), ${config.workers} worker(s): submitting through the real forms, then collecting verdicts`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const [phase, ...rest] = test.title.split(' › ');
    const name = rest.join(' › ');
    const secs = `${(result.duration / 1000).toFixed(1)} s`;
    if (phase === 'submit') {
      this.done += 1;
      const mark = result.status === 'passed' ? '→' : '✗';
      const why = result.status === 'passed' ? '' : ` — ${firstLine(result.error?.message)}`;
      console.log(`[browser] ${mark} submitted ${this.done}/${this.total}: ${name} (${secs})${why}`);
    } else if (result.status !== 'passed') {
      console.log(`[verdict] ✗ ${name}`);
    } else {
      console.log(`[verdict] ✓ ${name}`);
    }
  }

  printsToStdio(): boolean {
    return true;
  }
}

function firstLine(s: string | undefined): string {
  // Playwright error messages carry ANSI colour codes and call logs; keep the first sentence.
  return (s ?? 'failed').replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0].slice(0, 200);
}

/**
 * `--every`: passes one after another, each starting a period after the last one started (or
 * right after it, when a pass took longer). SIGINT/SIGTERM stop it cleanly: between passes at
 * once, during a pass after that pass has flushed and written its report. A second signal stops
 * at once.
 */
import { formatDuration } from '../scenario/duration.js';
import { monitorPass, type MonitorOptions } from './pass.js';

/** Resolves with 0 once stopped by a signal between passes (a clean stop, as a container expects);
 *  a pass the signal interrupted gives its own exit code. Without `everyMs`, one pass — still
 *  under the same signal handling, so a stop mid-pass is not alerted as a failing funnel. */
export async function monitorEvery(o: MonitorOptions, everyMs?: number): Promise<number> {
  let stopping = false;
  let wake: (() => void) | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) {
      console.error(`leadproof monitor: ${sig} again: stopping now. Test records of the interrupted run: \`npx leadproof flush --orphans\`.`);
      process.exit(130);
    }
    stopping = true;
    console.error(`leadproof monitor: ${sig}: stopping${wake ? '' : ' after this pass'}.`);
    wake?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    for (let first = true; !stopping; first = false) {
      const started = Date.now();
      const code = await monitorPass(o, first, () => stopping);
      if (stopping || everyMs === undefined) return code;
      const wait = Math.max(0, everyMs - (Date.now() - started));
      console.log(`leadproof monitor: next pass in ${formatDuration(wait)} (at ${new Date(Date.now() + wait).toISOString()}); SIGINT/SIGTERM stops.`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * The harness process's heap policy, applied by bin/leadproof.js before anything else loads (and by
 * `npm run bench`, which stands in for it).
 *
 * Why: a volume run's live heap is small (about 110 MB at 5,000 traced leads, two thirds of it
 * the code of the CLI's modules), but V8 sizes the old generation by allocation rate, up to four
 * times the live heap, and polling and replay allocate fast. Measured with `npm run bench` in
 * replay mode at 5,000 leads on a 2-core machine: peak RSS 657 MB with V8's defaults, 257 MB with
 * `--optimize-for-size` (a smaller heap growing factor and young generation), at 348 instead of
 * 522 replayed leads/s — still over three times issue 11's 100/s target. A hard
 * `--max-old-space-size` would bound it too, but turns a large run into an out-of-memory crash.
 *
 * `v8.setFlagsFromString` after start-up is documented as "may be unpredictable" for flags that
 * change the VM's behaviour; this one is read by the heap controller at each resize, which is
 * why it takes effect here (the figures above are from setting it this way). The flag exists on
 * Node 20, 22 and 24. LEADPROOF_V8_DEFAULT_HEAP=1 keeps V8's defaults (speed over memory).
 */
import { setFlagsFromString } from 'node:v8';

export function applyHarnessHeapPolicy(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.LEADPROOF_V8_DEFAULT_HEAP === '1') return false;
  setFlagsFromString('--optimize-for-size');
  return true;
}

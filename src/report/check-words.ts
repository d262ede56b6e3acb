/** How one check reads on a line of its own, shared by the console and JUnit. */
import type { CheckResult } from './model.js';

/**
 * "owner: went to Tom Reed", but "lifecycle went lead → …" and "utm_source is empty", not
 * "lifecycle: lifecycle went …": a message that already opens with what was checked is not
 * prefixed again.
 */
export function checkLine(c: Pick<CheckResult, 'name' | 'message'>): string {
  const msg = c.message.toLowerCase();
  const names = [c.name, c.name.replace(/^field /, '')].map((n) => n.toLowerCase());
  return names.some((n) => msg === n || msg.startsWith(`${n} `) || msg.startsWith(`${n}:`)) ? c.message : `${c.name}: ${c.message}`;
}

/**
 * Salesforce-shaped record ids: a 3-character key prefix (00Q lead, 005 user, 00G queue, 00E
 * role, 017 history row, 00D org, 01Q assignment rule), then pod and counter, then the 3-character case-safety
 * suffix Salesforce computes from the casing of the first 15 characters. Real-looking ids
 * matter because tools (and the adapter) tell users from queues by prefix.
 */
export type KeyPrefix = '00Q' | '005' | '00G' | '00E' | '017' | '00D' | '00N' | '01Q';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
/** Two characters standing for the pod/instance, as in real ids. */
const POD = '5g';

/** 18-character id for the n-th record of a kind. */
export function sfId(prefix: KeyPrefix, n: number): string {
  let counter = '';
  let rest = Math.floor(n);
  for (let i = 0; i < 10; i++) {
    counter = BASE62[rest % 62] + counter;
    rest = Math.floor(rest / 62);
  }
  return to18(prefix + POD + counter);
}

/** Appends the case-safety checksum to a 15-character id. */
export function to18(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15[chunk * 5 + i]!;
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return id15 + suffix;
}

/** Accepts 15- or 18-character ids (Salesforce does) and returns the 18-character form, or null. */
export function normalizeId(id: string): string | null {
  if (/^[a-zA-Z0-9]{18}$/.test(id)) return to18(id.slice(0, 15)) === id ? id : null;
  if (/^[a-zA-Z0-9]{15}$/.test(id)) return to18(id);
  return null;
}

/** The counter an id was made from (inverse of sfId), or null when it is not one of ours. */
export function idNumber(id: string): number | null {
  const full = normalizeId(id);
  if (!full) return null;
  let n = 0;
  for (const ch of full.slice(5, 15)) n = n * 62 + BASE62.indexOf(ch);
  return n;
}

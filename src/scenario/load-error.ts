/**
 * Turns the error of importing a user's *.scenario.ts / leadproof.config.ts into one line that
 * names the line: tsx (esbuild) reports syntax errors as "Transform failed with 1 error:" with
 * the place on the next line, which the first line alone would hide.
 */
import { fileURLToPath } from 'node:url';

/** `line` goes into the place (file:line); the message says what is wrong there. */
export function tsLoadFailure(err: unknown, file: string): { line?: number; message: string } {
  const text = err instanceof Error ? err.message : String(err);
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // esbuild: "/abs/file.ts:3:23: ERROR: Expected "}" but found "oops""
  const esbuild = new RegExp(`${escaped}:(\\d+):(\\d+): ERROR: (.*)`).exec(text);
  if (esbuild) return { line: Number(esbuild[1]), message: `has a syntax error (column ${esbuild[2]}): ${esbuild[3]}` };
  const first = text.split('\n')[0];
  // Errors thrown while the file runs: take the file's own frame from the stack.
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  for (const m of stack.matchAll(/\(?((?:file:\/\/)?[^\s()]+):(\d+):\d+\)?/g)) {
    const frame = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
    if (frame === file) return { line: Number(m[2]), message: `failed to load: ${first}` };
  }
  return { message: `failed to load: ${first}` };
}

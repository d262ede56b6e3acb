/**
 * Browser work done for the CLI's own process in a short-lived child (`node --import tsx <entry>`),
 * so playwright-core — about 45–90 MB of code once loaded, and never unloaded — stays out of the
 * harness process that holds the tracer, the ledger and every lead of a run (issue 11: at most
 * 300 MB with 10,000 traced leads). The browser phase proper already runs in the Playwright
 * runner's processes; this covers what the CLI did in-process before it (preflight's form probe).
 *
 * Protocol: the parent writes one JSON value on the child's stdin; the child answers with one
 * line on stdout, `{"ok":value}` or `{"error":{code,message,exitCode}}` for a LeadproofError (a
 * missing browser is exit 2 with its fix, as before). Anything else the child prints goes to
 * stderr, so a library's warning can never corrupt the answer.
 */
import { spawn } from 'node:child_process';
import { LeadproofError } from '../errors.js';

const ANSWER = '\u0001leadproof-child\u0001';

/** `stderr: 'inherit'` shows the child's progress and warnings as they come (the bench); by default they are kept for the error. */
export async function runInChild<T>(entry: URL, input: unknown, opts: { stderr?: 'inherit' } = {}): Promise<T> {
  // tsx by absolute URL: a user's project need not have tsx where `--import tsx` would look (cwd).
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), entry.pathname], { stdio: ['pipe', 'pipe', opts.stderr ?? 'pipe'], env: process.env });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  child.stdin!.end(JSON.stringify(input));
  const code = await exited;
  const line = out.split('\n').find((l) => l.startsWith(ANSWER));
  if (!line) throw new Error(`helper process ${entry.pathname} exited ${code} without an answer:\n${err.trim().split('\n').slice(-15).join('\n')}`);
  const answer = JSON.parse(line.slice(ANSWER.length)) as { ok: T } | { error: { code: string; message: string; exitCode: number } };
  if ('error' in answer) throw new LeadproofError(answer.error.code, answer.error.message, { exitCode: answer.error.exitCode });
  return answer.ok;
}

/** The child's side: read the input, run `work`, print the answer; stdout is kept for the answer alone. */
export async function serveChild<I, T>(work: (input: I) => Promise<T>): Promise<void> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  let input = '';
  for await (const c of process.stdin) input += c;
  try {
    write(`${ANSWER}${JSON.stringify({ ok: await work(JSON.parse(input) as I) })}\n`);
  } catch (e) {
    if (!(e instanceof LeadproofError)) throw e;
    write(`${ANSWER}${JSON.stringify({ error: { code: e.code, message: e.message, exitCode: e.exitCode } })}\n`);
  }
}

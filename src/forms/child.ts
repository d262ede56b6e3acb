/**
 * Browser work done for the CLI's own process in a short-lived child (`node --import tsx <entry>`),
 * so playwright-core — about 45–90 MB of code once loaded, and never unloaded — stays out of the
 * harness process that holds the tracer, the ledger and every lead of a run (issue 11: at most
 * 300 MB with 10,000 traced leads). The browser phase proper already runs in the Playwright
 * runner's processes; this covers what the CLI did in-process before it (preflight's form probe).
 *
 * Protocol: the parent writes one JSON value on the child's stdin; the child answers with one
 * line on stdout, `{"ok":value}` or `{"error":{code,message,exitCode}}` for a LeadproofError (a
 * missing browser is exit 2 with its fix, as before), then exits. Anything else the child prints
 * goes to stderr, so a library's warning can never corrupt the answer.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LeadproofError } from '../errors.js';

const ANSWER = '\u0001leadproof-child\u0001';

export interface ChildOptions {
  /** 'inherit' shows the child's progress and warnings as they come (the bench); by default they are kept for the error. */
  stderr?: 'inherit';
  /** The child is killed after this long and the call fails (default: none). */
  timeoutMs?: number;
  /** What the child is, for the message when it fails (default: the browser helper). */
  label?: string;
}

export async function runInChild<T>(entry: URL, input: unknown, opts: ChildOptions = {}): Promise<T> {
  const file = fileURLToPath(entry);
  // tsx by absolute URL: a user's project need not have tsx where `--import tsx` would look (cwd).
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), file], { stdio: ['pipe', 'pipe', opts.stderr ?? 'pipe'], env: process.env });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (err += c));
  // A child that dies before reading all its input must not take the parent with it (EPIPE).
  child.stdin!.on('error', () => {});
  let timedOut = false;
  const timer = opts.timeoutMs ? setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), opts.timeoutMs) : undefined;
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', (e) => ((err += `\n${e.message}`), resolve(null)));
    child.on('close', resolve);
    child.stdin!.end(JSON.stringify(input));
  }).finally(() => clearTimeout(timer));
  const line = out.split('\n').find((l) => l.startsWith(ANSWER));
  if (!line) {
    const why = timedOut ? `did not answer within ${Math.round(opts.timeoutMs! / 1000)} s and was stopped` : `exited ${code} without an answer`;
    const tail = err.trim().split('\n').slice(-12).map((l) => `    ${l}`).join('\n');
    throw new LeadproofError('HELPER_FAILED', [
      `The ${opts.label ?? 'browser helper'} (${path(file)}) ${why}; no lead was created.`,
      ...(tail ? ['  Its last output:', tail] : []),
      '  Check that Chromium starts on this machine (LEADPROOF_CHROMIUM, or apt-get install -y chromium), then run again.',
    ].join('\n'), { exitCode: 2 });
  }
  const answer = JSON.parse(line.slice(ANSWER.length)) as { ok: T } | { error: { code: string; message: string; exitCode: number } };
  if ('error' in answer) throw new LeadproofError(answer.error.code, answer.error.message, { exitCode: answer.error.exitCode });
  return answer.ok;
}

/** The child's side: read the input, run `work`, print the answer and exit; stdout is kept for the answer alone. */
export async function serveChild<I, T>(work: (input: I) => Promise<T>): Promise<void> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  let input = '';
  for await (const c of process.stdin) input += c;
  let answer: string;
  try {
    answer = JSON.stringify({ ok: await work(JSON.parse(input) as I) });
  } catch (e) {
    if (!(e instanceof LeadproofError)) throw e;
    answer = JSON.stringify({ error: { code: e.code, message: e.message, exitCode: e.exitCode } });
  }
  // Exit once the answer is out: a handle left open (a browser's pipe) must not keep the parent waiting.
  write(`${ANSWER}${answer}\n`, () => process.exit(0));
}

function path(file: string): string {
  return file.split(/[\\/]/).slice(-3).join('/');
}

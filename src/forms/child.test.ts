import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LeadproofError } from '../errors.js';
import { runInChild } from './child.js';
import { probeForms } from './probe-process.js';

const CLI_COMMANDS = fileURLToPath(new URL('../cli/commands/index.ts', import.meta.url));

describe('browser work kept out of the CLI process', () => {
  const saved = process.env.LEADPROOF_CHROMIUM;
  afterEach(() => {
    if (saved === undefined) delete process.env.LEADPROOF_CHROMIUM;
    else process.env.LEADPROOF_CHROMIUM = saved;
  });

  it('loading every CLI command (what `leadproof run` loads) brings in no playwright-core', () => {
    // A static import of playwright-core anywhere under the commands adds 45–90 MB to the harness
    // process of every run (issue 11's 300 MB at 10,000 leads); the browser sides load it in
    // their own processes.
    const loaded = execFileSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', [
      `await import(${JSON.stringify(CLI_COMMANDS)});`,
      "const { createRequire } = await import('node:module');",
      'const req = createRequire(import.meta.url);',
      "console.log(JSON.stringify(Object.keys(req.cache).filter((k) => k.includes('/node_modules/'))));",
    ].join('\n')], { encoding: 'utf8' });
    const files = JSON.parse(loaded.trim().split('\n').at(-1)!) as string[];
    expect(files.some((f) => f.includes('/node_modules/@hubspot/api-client/'))).toBe(true); // the check sees CJS packages
    expect(files.filter((f) => f.includes('/node_modules/playwright'))).toEqual([]);
  }, 60_000);

  it("the probe child's LeadproofError reaches the caller with its code, message and exit code", async () => {
    process.env.LEADPROOF_CHROMIUM = '/nonexistent/chrome';
    const form = { id: 'demo', url: 'http://127.0.0.1:9/demo', fields: [{ attribute: 'email' as const, label: 'Email', step: 1 }] };
    const err = await probeForms([form]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeadproofError);
    expect(err).toMatchObject({ code: 'BROWSER_NOT_FOUND', exitCode: 2 });
    expect((err as Error).message).toContain('LEADPROOF_CHROMIUM points at /nonexistent/chrome');
  }, 60_000);

  it('no forms, no child', async () => {
    expect(await probeForms([])).toEqual([]);
  });
});

describe('runInChild', () => {
  // A folder with a space and a non-ASCII letter: the entry's URL is percent-encoded.
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'lp-child-')), 'Projekt Größe');
  mkdirSync(dir, { recursive: true });
  const entry = (name: string, body: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, body);
    return pathToFileURL(file);
  };
  const serve = JSON.stringify(fileURLToPath(new URL('./child.ts', import.meta.url)));

  it('answers from a folder whose path needs encoding, and does not wait for a handle the child left open', async () => {
    const e = entry('ok.mts', `import { serveChild } from ${serve};\nsetInterval(() => {}, 1000);\nconsole.log('noise on stdout');\nawait serveChild(async (x: { n: number }) => x.n + 1);\n`);
    expect(await runInChild<number>(e, { n: 41 }, { timeoutMs: 30_000 })).toBe(42);
  }, 60_000);

  it('a child that dies without an answer is exit 2 with its last output, not a stack trace of the parent', async () => {
    const e = entry('crash.mts', `process.stderr.write('Chromium: cannot open display\\n');\nprocess.exit(7);\n`);
    const err = await runInChild(e, {}).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: 'HELPER_FAILED', exitCode: 2 });
    expect((err as Error).message).toContain('exited 7 without an answer');
    expect((err as Error).message).toContain('Chromium: cannot open display');
  }, 60_000);

  it('a child that hangs is stopped at its deadline', async () => {
    const e = entry('hang.mts', 'setInterval(() => {}, 1000);\n');
    const err = await runInChild(e, {}, { timeoutMs: 3_000 }).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: 'HELPER_FAILED', exitCode: 2 });
    expect((err as Error).message).toContain('did not answer within 3 s');
  }, 60_000);
});

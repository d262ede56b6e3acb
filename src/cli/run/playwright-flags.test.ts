/** `run --headed | --trace | --reporter`: what reaches Playwright, and bad values refused with exit 2 before anything runs. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { cliOutput } from '../../../test/e2e/harness.js';
import { ConfigError } from '../../errors.js';
import { extraReporters } from '../../forms/extra-reporters.js';
import { playwrightArgs, playwrightFlags, withPlaywrightFlags } from './playwright-flags.js';

function parse(...args: string[]): Record<string, unknown> {
  const cmd = withPlaywrightFlags(new Command('run')).exitOverride().configureOutput({ writeErr: () => {} });
  cmd.parse(args, { from: 'user' });
  return cmd.opts();
}

describe('Playwright flags on run', () => {
  it('passes --headed and --trace to the Playwright CLI', () => {
    const o = parse('--headed', '--trace', 'on');
    const flags = playwrightFlags(o, { DISPLAY: ':0' }, 'linux');
    expect(playwrightArgs(flags)).toEqual(['--headed', '--trace', 'on']);
    expect(playwrightArgs(playwrightFlags(parse(), {}, 'linux'))).toEqual([]);
  });

  it('refuses a trace mode that needs retries or does not exist', () => {
    for (const bad of ['sometimes', 'on-first-retry']) {
      expect(() => parse('--trace', bad)).toThrow(CommanderError);
      expect(() => parse('--trace', bad)).toThrow(/Allowed choices are on, off, retain-on-failure/);
    }
  });

  it('takes built-in reporters, comma-separated or repeated, and reporter files; refuses unknown names', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-rep-'));
    writeFileSync(path.join(dir, 'my-reporter.ts'), 'export default class {}');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(parse('--reporter', 'dot,json', '--reporter', './my-reporter.ts').reporter).toEqual(['dot', 'json', path.join(dir, 'my-reporter.ts')]);
      expect(() => parse('--reporter', 'fancy')).toThrow(/"fancy" is not a Playwright reporter: use one of list, line, dot/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses --retries, saying why', () => {
    expect(() => parse('--retries', '2')).toThrow(/never retries a lead: a retried submission is a second synthetic lead/);
  });

  it('refuses --headed where there is no display', () => {
    expect(() => playwrightFlags({ headed: true }, {}, 'linux')).toThrow(ConfigError);
    expect(() => playwrightFlags({ headed: true }, {}, 'linux')).toThrow(/xvfb-run/);
    expect(playwrightFlags({ headed: true }, {}, 'darwin').headed).toBe(true);
  });

  it('adds reporters next to leadproof’s own, writing files into the run folder', () => {
    expect(extraReporters(['html', 'dot', 'json', 'junit', 'dot'], '/r')).toEqual([
      ['dot'],
      ['json', { outputFile: '/r/playwright-report.json' }],
      ['junit', { outputFile: '/r/playwright-junit.xml' }],
    ]);
  });

  it('the CLI exits 2 on a bad --trace value, naming the choices, before any run starts', async () => {
    const r = await cliOutput('run', '--trace', 'sometimes');
    expect(r.code).toBe(2);
    expect(r.out).toContain("option '--trace <mode>' argument 'sometimes' is invalid. Allowed choices are on, off, retain-on-failure.");
    expect(r.out).not.toMatch(/leadproof: \d+ lead\(s\)/);
  });
});

/**
 * `leadproof run --headed | --trace <mode> | --reporter <name>`: Playwright's flags, checked here
 * so a bad value is exit 2 before anything is created. There is no `--retries`: a retried
 * submission is a second synthetic lead, counted twice in the CRM and in the ledger.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../../errors.js';
import { BUILTIN_REPORTERS } from '../../forms/extra-reporters.js';

/** Trace modes that mean something without retries. */
export const TRACE_MODES = ['on', 'off', 'retain-on-failure'] as const;
export type TraceMode = (typeof TRACE_MODES)[number];

/** What reaches Playwright from the command line. */
export interface PlaywrightFlags {
  /** Show the browser windows (needs a display). */
  headed?: boolean;
  /** Record a Playwright trace per test case: always, never, or kept only for failed ones (the default). */
  trace?: TraceMode;
  /** Extra reporters: built-in names or absolute paths of reporter files / resolved package entry points. */
  reporters?: string[];
}

export function withPlaywrightFlags(cmd: Command): Command {
  return cmd
    .option('--headed', 'show the browser windows while forms are filled (needs a display; try --workers 1)')
    .addOption(new Option('--trace <mode>', 'Playwright trace per lead: on, off, or retain-on-failure (default)').choices([...TRACE_MODES]))
    .option('--reporter <name>', `add a Playwright reporter (${BUILTIN_REPORTERS.join(', ')}, or a reporter file/package); repeat or comma-separate`, reporterOption())
    .addOption(new Option('--retries <n>').hideHelp().argParser(() => {
      throw new InvalidArgumentError('leadproof never retries a lead: a retried submission is a second synthetic lead, counted twice in the CRM and in the ledger. A flaky form is a finding; drop --retries.');
    }));
}

/** A commander parser for `--reporter`: each name is a built-in reporter, a file, or a package installed here. */
export function reporterOption(cwd = process.cwd()): (value: string, previous: string[] | undefined) => string[] {
  return (value, previous) => [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter(Boolean).map((name) => resolveReporter(name, cwd))];
}

function resolveReporter(name: string, cwd: string): string {
  if ((BUILTIN_REPORTERS as readonly string[]).includes(name)) return name;
  const file = path.resolve(cwd, name);
  if ((name.startsWith('.') || path.isAbsolute(name) || /\.[cm]?[jt]s$/.test(name)) && existsSync(file)) return file;
  try {
    // A reporter package installed in the user's repository (e.g. allure-playwright).
    return createRequire(path.join(cwd, 'noop.js')).resolve(name);
  } catch {
    throw new InvalidArgumentError(`"${name}" is not a Playwright reporter: use one of ${BUILTIN_REPORTERS.join(', ')}, a path to a reporter file, or an installed reporter package.`);
  }
}

/** The flags a run passes on, checked together; `--headed` without a display is exit 2 now, not a browser crash per lead. */
export function playwrightFlags(o: { headed?: boolean; trace?: string; reporter?: string[] }, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): PlaywrightFlags {
  if (o.headed && platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    throw new ConfigError([{ file: 'command line', field: '--headed', message: 'there is no display here (DISPLAY and WAYLAND_DISPLAY are unset): drop --headed, or run under a virtual display (xvfb-run npx leadproof run --headed).' }]);
  }
  return { headed: o.headed, trace: o.trace as TraceMode | undefined, reporters: o.reporter?.length ? o.reporter : undefined };
}

/** Playwright CLI arguments for the flags (reporters travel in the environment; see forms/extra-reporters.ts). */
export function playwrightArgs(f: PlaywrightFlags | undefined): string[] {
  const args: string[] = [];
  if (f?.headed) args.push('--headed');
  if (f?.trace) args.push('--trace', f.trace);
  return args;
}

/**
 * Loads scenario files (*.scenario.ts / *.scenario.yaml) and the project config, validating
 * everything and collecting every problem before failing once with a ConfigError (exit 2).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { tsLoadFailure } from './load-error.js';
import { parseScenarioCsv, type CsvRow } from './csv.js';
import { configSchema, scenarioSchema, zodIssues } from './schema.js';
import type { ProjectConfig, ScenarioInput } from './types.js';
import { findTaxonomy, loadTaxonomy, type LoadedTaxonomy } from '../taxonomy/load.js';
import { inheritedSource, type InheritedSource } from '../taxonomy/inherit.js';

/** A validated scenario and where it came from. */
export interface LoadedScenario {
  input: ScenarioInput;
  /** Path relative to cwd. */
  file: string;
  /** Position within the file (files may hold a list). */
  index: number;
  /** The source expectation this scenario takes from the taxonomy (it states none), per CRM. */
  inheritedSource?: InheritedSource;
}

export interface LoadedProject {
  config: ProjectConfig;
  configFile: string;
  scenarios: LoadedScenario[];
  /** sha256 of every file read, for the report. */
  digests: { file: string; sha256: string }[];
  /** The UTM taxonomy, when there is one (`--taxonomy`, the config's `taxonomy:`, or taxonomy.yaml in cwd). */
  taxonomy?: LoadedTaxonomy;
}

const SCENARIO_GLOB = '**/*.scenario.{ts,mts,yaml,yml,csv}';
const CONFIG_NAMES = ['leadproof.config.ts', 'leadproof.config.yaml', 'leadproof.config.yml'];

export async function loadProject(opts: { scenarios: string; config?: string; cwd?: string; taxonomy?: string }): Promise<LoadedProject> {
  const cwd = opts.cwd ?? process.cwd();
  const issues: ConfigIssue[] = [];
  const files = await findScenarioFiles(opts.scenarios, cwd);
  if (files.length === 0) {
    throw new ConfigError([{ file: opts.scenarios, field: '', message: `no scenario files found (looked for ${SCENARIO_GLOB}). Pass --scenarios <dir|glob>.` }]);
  }
  const configFile = opts.config ? path.resolve(cwd, opts.config) : findConfig(opts.scenarios, cwd);
  const digests: { file: string; sha256: string }[] = [];
  let config: ProjectConfig = { forms: {} };
  let configOk = false;
  if (!configFile) {
    issues.push({ file: opts.scenarios, field: '', message: `no ${CONFIG_NAMES.join(' / ')} found next to the scenarios. Create one with your form profiles (see README "Scenario format").` });
  } else {
    const raw = await readDocument(configFile, cwd, issues, digests);
    if (raw !== undefined) {
      const parsed = configSchema.safeParse(raw);
      if (parsed.success) (config = parsed.data as ProjectConfig), (configOk = true);
      else for (const i of zodIssues(parsed.error)) issues.push({ file: rel(configFile, cwd), ...i });
    }
  }
  const scenarios: LoadedScenario[] = [];
  for (const file of files) {
    const raw = await readDocument(file, cwd, issues, digests);
    if (raw === undefined) continue;
    const csv = raw instanceof CsvDocument ? raw.rows : null;
    const list = csv ? csv.map((r) => r.data) : Array.isArray(raw) ? raw : isRecord(raw) && Array.isArray(raw.scenarios) ? raw.scenarios : [raw];
    if (list.length === 0) {
      // An empty list would otherwise vanish silently, and a run of the other files look complete.
      const field = !csv && !Array.isArray(raw) ? 'scenarios' : '';
      issues.push({ file: rel(file, cwd), field, message: 'holds no scenario; add at least one (see README "Scenario format") or delete the file.' });
      continue;
    }
    list.forEach((item: unknown, index: number) => {
      // CSV rows are named by line (file:line), list items by index.
      const where = csv ? `${rel(file, cwd)}:${csv[index].line}` : rel(file, cwd);
      const prefix = !csv && list.length > 1 ? `scenarios[${index}]` : '';
      const parsed = scenarioSchema.safeParse(item);
      if (!parsed.success) {
        for (const i of zodIssues(parsed.error, prefix)) issues.push({ file: where, ...i });
        return;
      }
      const input = parsed.data as ScenarioInput;
      if (configOk && !config.forms[input.form]) {
        const known = Object.keys(config.forms).join(', ') || 'none';
        issues.push({ file: where, field: [prefix, 'form'].filter(Boolean).join('.'), message: `"${input.form}" is not a form profile in ${rel(configFile!, cwd)} (known: ${known})` });
      }
      scenarios.push({ input, file: rel(file, cwd), index });
    });
  }
  const names = new Map<string, string>();
  for (const s of scenarios) {
    const prev = names.get(s.input.name);
    if (prev) issues.push({ file: s.file, field: 'name', message: `"${s.input.name}" is also the name of a scenario in ${prev}; names must be unique so reports can tell them apart` });
    names.set(s.input.name, s.file);
  }
  const taxonomy = configOk ? readTaxonomy(opts.taxonomy, config, configFile, cwd, issues, digests) : undefined;
  if (issues.length > 0) throw new ConfigError(issues);
  // A scenario that states no source expectation takes its channel's from the taxonomy.
  if (taxonomy) for (const s of scenarios) s.inheritedSource = inheritedSource(taxonomy.taxonomy, s.input, config.fieldMap);
  return { config, configFile: configFile ? rel(configFile, cwd) : '', scenarios, digests, ...(taxonomy ? { taxonomy } : {}) };
}

/**
 * The project config alone, for commands that need no scenarios (queue-watch): `config`, else
 * leadproof.config.* in `dir` or the cwd. Undefined when there is none; exit 2 when it is malformed.
 */
export async function loadConfig(opts: { config?: string; dir?: string; cwd?: string }): Promise<{ config: ProjectConfig; configFile: string } | undefined> {
  const cwd = opts.cwd ?? process.cwd();
  const configFile = opts.config ? path.resolve(cwd, opts.config) : findConfig(opts.dir ?? '.', cwd);
  if (!configFile) return undefined;
  const issues: ConfigIssue[] = [];
  const raw = await readDocument(configFile, cwd, issues, []);
  if (raw !== undefined) {
    const parsed = configSchema.safeParse(raw);
    if (parsed.success) return { config: parsed.data as ProjectConfig, configFile: rel(configFile, cwd) };
    for (const i of zodIssues(parsed.error)) issues.push({ file: rel(configFile, cwd), ...i });
  }
  throw new ConfigError(issues);
}

function readTaxonomy(explicit: string | undefined, config: ProjectConfig, configFile: string | undefined, cwd: string, issues: ConfigIssue[], digests: { file: string; sha256: string }[]): LoadedTaxonomy | undefined {
  try {
    const file = findTaxonomy({ explicit, configKey: config.taxonomy, configFile: configFile && rel(configFile, cwd), cwd });
    if (!file) return undefined;
    const loaded = loadTaxonomy(file, cwd);
    digests.push({ file: loaded.file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') });
    return loaded;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
    return undefined;
  }
}

async function findScenarioFiles(spec: string, cwd: string): Promise<string[]> {
  const abs = path.resolve(cwd, spec);
  if (existsSync(abs) && statSync(abs).isFile()) return [abs];
  const pattern = existsSync(abs) && statSync(abs).isDirectory() ? SCENARIO_GLOB : spec;
  const base = existsSync(abs) && statSync(abs).isDirectory() ? abs : cwd;
  const found = await glob(pattern, { cwd: base, absolute: true, ignore: ['**/node_modules/**'] });
  return found.filter((f) => /\.scenario\.(ts|mts|ya?ml|csv)$/.test(f)).sort();
}

function findConfig(scenarios: string, cwd: string): string | undefined {
  const abs = path.resolve(cwd, scenarios);
  const dirs = [existsSync(abs) && statSync(abs).isDirectory() ? abs : path.dirname(abs), cwd];
  for (const dir of dirs) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Reads YAML or imports TS (default export); records digest; reports parse errors with line numbers. */
async function readDocument(file: string, cwd: string, issues: ConfigIssue[], digests: { file: string; sha256: string }[]): Promise<unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    issues.push({ file: rel(file, cwd), field: '', message: `cannot be read (${(err as Error).message})` });
    return undefined;
  }
  digests.push({ file: rel(file, cwd), sha256: createHash('sha256').update(text).digest('hex') });
  if (file.endsWith('.csv')) {
    try {
      return new CsvDocument(parseScenarioCsv(text));
    } catch (err) {
      const line = (err as { lines?: number }).lines;
      issues.push({ file: line ? `${rel(file, cwd)}:${line}` : rel(file, cwd), field: '', message: `is not valid CSV: ${(err as Error).message}` });
      return undefined;
    }
  }
  if (/\.ya?ml$/.test(file)) {
    try {
      return parseYaml(text);
    } catch (err) {
      const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
      issues.push({ file: rel(file, cwd), field: '', message: `is not valid YAML${where}: ${(err as Error).message.split('\n')[0]}` });
      return undefined;
    }
  }
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    if (mod.default === undefined) {
      issues.push({ file: rel(file, cwd), field: '', message: 'has no default export; end it with `export default defineScenario({...})`' });
      return undefined;
    }
    return mod.default;
  } catch (err) {
    const failure = tsLoadFailure(err, file);
    issues.push({ file: failure.line ? `${rel(file, cwd)}:${failure.line}` : rel(file, cwd), field: '', message: failure.message });
    return undefined;
  }
}

class CsvDocument {
  constructor(readonly rows: CsvRow[]) {}
}

function rel(file: string, cwd: string): string {
  const r = path.relative(cwd, file);
  return r.startsWith('..') ? file : r;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

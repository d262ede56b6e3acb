/**
 * Finds and reads the taxonomy: `--taxonomy <file>`, else the config's `taxonomy:` key (relative
 * to the config file), else `taxonomy.yaml` in the working folder. A malformed file is exit 2,
 * naming the file and every field at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { zodIssues } from '../scenario/schema.js';
import { taxonomySchema, type Taxonomy } from './schema.js';

export const DEFAULT_TAXONOMY = 'taxonomy.yaml';

export interface LoadedTaxonomy {
  taxonomy: Taxonomy;
  /** Path relative to cwd when below it. */
  file: string;
}

/**
 * Where the taxonomy is, or undefined when there is none. An explicit path (flag or config key)
 * that does not exist is an error: the user asked for it.
 */
export function findTaxonomy(opts: { explicit?: string; configKey?: string; configFile?: string; cwd?: string }): string | undefined {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.explicit) return mustExist(path.resolve(cwd, opts.explicit), 'command line', '--taxonomy', cwd);
  if (opts.configKey) {
    const base = opts.configFile ? path.dirname(path.resolve(cwd, opts.configFile)) : cwd;
    return mustExist(path.resolve(base, opts.configKey), opts.configFile ?? 'config', 'taxonomy', cwd);
  }
  const fallback = path.join(cwd, DEFAULT_TAXONOMY);
  return existsSync(fallback) ? fallback : undefined;
}

/** Reads and validates one taxonomy file. */
export function loadTaxonomy(file: string, cwd = process.cwd()): LoadedTaxonomy {
  const shown = rel(file, cwd);
  const fail = (issues: ConfigIssue[]): never => {
    throw new ConfigError(issues, `The taxonomy ${shown} is malformed; nothing was checked.`);
  };
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
    const what = err instanceof YAMLParseError ? `is not valid YAML${where}` : 'cannot be read';
    return fail([{ file: shown, field: '', message: `${what}: ${(err as Error).message.split('\n')[0]}` }]);
  }
  const parsed = taxonomySchema.safeParse(raw);
  if (!parsed.success) return fail(zodIssues(parsed.error).map((i) => ({ file: shown, ...i, message: i.message.replace('see README "Scenario format"', 'see README "UTM taxonomy"') })));
  return { taxonomy: parsed.data as Taxonomy, file: shown };
}

function mustExist(abs: string, file: string, field: string, cwd: string): string {
  if (existsSync(abs)) return abs;
  throw new ConfigError([{ file, field, message: `${rel(abs, cwd)} does not exist. Point it at your taxonomy.yaml (see README "UTM taxonomy").` }]);
}

function rel(file: string, cwd: string): string {
  const r = path.relative(cwd, file);
  return r.startsWith('..') || path.isAbsolute(r) ? file : r;
}

/**
 * `leadproof init`: the files of a working leadproof folder (or of its CI workflow), written into
 * the user's repository. Nothing that exists is overwritten without --force; .gitignore is the
 * exception that is never overwritten at all: the lines leadproof needs are added to it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';

const TEMPLATES = fileURLToPath(new URL('./templates/', import.meta.url));

/** What leadproof keeps out of git in the user's repository: run output, private keys, local credentials. */
export const GITIGNORE_LINES = ['reports/', 'keys/*.key', '.env'];

/** Which set of files to write. */
export type InitKind = 'project' | 'ci-github';

/** One file to write, by its path in the target folder. */
export interface TemplateFile {
  path: string;
  content: string;
}

export interface InitOptions {
  kind: InitKind;
  /** Overwrite files that exist. */
  force?: boolean;
  /** CI: the number of shards in the workflow's matrix. */
  shards?: number;
}

export interface InitResult {
  written: string[];
  /** Lines added to an existing .gitignore (empty when it had them all). */
  gitignoreAdded: string[];
}

/** The files of one kind, as they would be written. */
export function templateFiles(kind: InitKind, shards = 2): TemplateFile[] {
  const read = (p: string) => readFileSync(path.join(TEMPLATES, p), 'utf8');
  if (kind === 'project') {
    return [
      { path: 'leadproof.config.yaml', content: read('project/leadproof.config.yaml') },
      { path: 'scenarios/emea-enterprise.scenario.ts', content: read('project/scenarios/emea-enterprise.scenario.ts') },
      { path: 'scenarios/na-enterprise.scenario.yaml', content: read('project/scenarios/na-enterprise.scenario.yaml') },
    ];
  }
  const matrix = `[${Array.from({ length: shards }, (_, i) => i + 1).join(', ')}]`;
  return [
    { path: '.github/workflows/leadproof.yml', content: read('github/leadproof.yml').replace('__SHARDS__', matrix) },
    { path: '.leadproof/expected-changes.yaml', content: read('github/expected-changes.yaml') },
  ];
}

/** Writes the files of `kind` into `dir`; exit 2 naming every file that exists, unless `force`. */
export function scaffold(dir: string, opts: InitOptions): InitResult {
  if (opts.shards !== undefined && !(Number.isInteger(opts.shards) && opts.shards >= 1 && opts.shards <= 20)) {
    throw new ConfigError([{ file: 'command line', field: '--shards', message: `"${opts.shards}" must be a whole number from 1 to 20 (machines in the CI matrix).` }], 'Nothing was written.');
  }
  const files = templateFiles(opts.kind, opts.shards);
  const existing = files.filter((f) => existsSync(path.join(dir, f.path)));
  if (existing.length && !opts.force) {
    throw new ConfigError(
      existing.map((f) => ({ file: path.join(dir, f.path), field: '', message: 'already exists; leadproof init does not overwrite it. Move it away, or pass --force to replace it.' })),
      'Nothing was written: these files exist.',
    );
  }
  for (const f of files) {
    const target = path.join(dir, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
  return { written: files.map((f) => f.path), gitignoreAdded: opts.kind === 'project' ? ensureGitignore(dir) : [] };
}

/** Adds the lines leadproof needs to `dir/.gitignore` (creating it); returns the lines added. */
export function ensureGitignore(dir: string): string[] {
  const file = path.join(dir, '.gitignore');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = GITIGNORE_LINES.filter((l) => !have.has(l) && !have.has(`/${l}`));
  if (missing.length) {
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    writeFileSync(file, `${text}${sep}${text ? '\n' : ''}# leadproof: run output, private signing keys, local credentials\n${missing.join('\n')}\n`);
  }
  return missing;
}

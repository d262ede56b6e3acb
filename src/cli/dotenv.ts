/**
 * `.env` in the working directory, as users keep their CRM tokens and webhook URLs next to their
 * scenarios. The real environment wins over the file (CI secrets override a developer's file), and
 * no value is ever printed: a line the parser cannot read is skipped, and only the file's name
 * appears in a warning. Node's own parser (util.parseEnv, Node ≥ 20.12) reads the dotenv format,
 * so no dependency is needed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** Sets each variable of `<dir>/.env` that `env` does not already hold; returns their names. */
export function loadDotEnv(dir = process.cwd(), env: NodeJS.ProcessEnv = process.env): string[] {
  const file = join(dir, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR') console.error(`leadproof: could not read ${file} (${code}); continuing without it.`);
    return [];
  }
  const loaded: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    loaded.push(name);
  }
  return loaded;
}

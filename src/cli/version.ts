import { readFileSync } from 'node:fs';

/** leadproof's own version, from package.json (reports carry it). */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

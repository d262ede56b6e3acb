/**
 * For tests: the default stack with a `salesforce:` block, written to a temp file so a sandbox
 * (and the CLI, through --stack) can start from it like from any stack file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { DEFAULT_STACK } from '../index.js';

export function salesforceStackFile(settings: Record<string, unknown>, base: string = DEFAULT_STACK): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lp-sf-stack-')), 'org.stack.yaml');
  writeFileSync(file, `${readFileSync(base, 'utf8')}\n${stringify({ salesforce: settings })}`);
  return file;
}

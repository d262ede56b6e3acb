import { Command, CommanderError } from 'commander';
import { LeadproofError } from '../errors.js';
import { toolVersion } from './version.js';
import { commands } from './commands/index.js';
import { loadDotEnv } from './dotenv.js';

// Before any option default or credential is read; the real environment wins over the file.
loadDotEnv();

const program = new Command('leadproof')
  .description('Synthetic-lead end-to-end tests for go-to-market funnels: real forms, real CRM APIs, signed reports.')
  .version(toolVersion())
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = exitCodeFor(err);
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof LeadproofError) {
    console.error(`\nleadproof: ${err.message}`);
    return err.exitCode;
  }
  console.error('\nleadproof: unexpected failure —', err instanceof Error ? (err.stack ?? err.message) : err);
  console.error('Test records created so far are in the run ledger; run `npx leadproof flush --orphans` to remove them.');
  return 3;
}

import path from 'node:path';
import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { scaffold } from '../../init/index.js';
import { wholeNumber } from '../run/input.js';

/** `leadproof init [dir]`: example scenarios and config that pass on the sandbox; `--ci github`: the CI workflow. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Scaffold a leadproof folder in your repository: leadproof.config.yaml, two example scenarios and .gitignore entries (they pass on the embedded sandbox); with --ci github, a GitHub Actions workflow instead.')
    .argument('[dir]', 'folder to write into', '.')
    .addOption(new Option('--ci <provider>', 'write the CI workflow (.github/workflows/leadproof.yml and .leadproof/expected-changes.yaml) instead of the example folder').choices(['github']))
    .option('--shards <n>', 'with --ci: machines in the workflow matrix (default 2)', wholeNumber(1, 'shards in the CI matrix'))
    .option('--force', 'overwrite files that exist')
    .addHelpText('after', `
Exit codes: 0 written · 2 a file exists (nothing written; named) or a bad flag.

Examples:
  npm i -D leadproof && npx leadproof init && npx leadproof run
  npx leadproof init --ci github --shards 3`)
    .action((dir: string, o: { ci?: string; shards?: number; force?: boolean }) => {
      const res = scaffold(dir, { kind: o.ci ? 'ci-github' : 'project', force: o.force, shards: o.shards });
      const at = (p: string) => path.join(dir, p);
      console.log(`leadproof init: wrote\n${res.written.map((p) => `  ${at(p)}`).join('\n')}`);
      if (res.gitignoreAdded.length) console.log(`  ${at('.gitignore')} (added ${res.gitignoreAdded.join(', ')})`);
      if (!o.ci) {
        console.log(`Next: ${dir === '.' ? '' : `cd ${dir} && `}npx leadproof run   (the two example scenarios against the embedded sandbox; no credentials needed)`);
      } else {
        const noProject = !['leadproof.config.yaml', 'leadproof.config.ts', 'leadproof.config.yml'].some((f) => existsSync(at(f)));
        console.log('Next: commit them. Without secrets the workflow runs on the sandbox; for your CRM add the secrets named at the top of the workflow.');
        if (noProject) console.log('No leadproof.config.* here yet: `npx leadproof init` writes one with two example scenarios.');
      }
    });
}

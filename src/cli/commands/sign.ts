import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { payloadBytes, type DsseEnvelope } from '../../attest/dsse.js';
import { ArtifactError } from '../../attest/errors.js';
import { RUN_FILES } from '../../attest/predicates.js';
import { LeadproofError } from '../../errors.js';
import { writeRunArtifacts } from '../../report/index.js';
import { diffArtifactsIn } from '../../diff/index.js';
import type { RunReport } from '../../report/model.js';

/**
 * `leadproof sign <run dir> --key builder.key`: sign a run that was written unsigned. Only when
 * every file still matches the digests the unsigned statement recorded at run time, so signing
 * later attests exactly what the run produced; the artifacts are re-rendered so report.html shows
 * the signature.
 */
export function registerSign(program: Command): void {
  program
    .command('sign')
    .description('Sign a run that was written unsigned (its files must be unchanged since the run); re-renders the report with its signature status.')
    .argument('<runDir>', 'the run output folder (reports/<run id>)')
    .option('--key <file>', "the builder's private key (or LEADPROOF_SIGNING_KEY)")
    .action(async (runDir: string, opts: { key?: string }) => {
      const envFile = path.join(runDir, RUN_FILES.attestation);
      const reportFile = path.join(runDir, RUN_FILES.report);
      if (!existsSync(envFile) || !existsSync(reportFile)) {
        throw new ArtifactError(`${runDir} has no ${RUN_FILES.report} / ${RUN_FILES.attestation}; point at a run output folder (reports/<run id>).`);
      }
      const envelope = JSON.parse(readFileSync(envFile, 'utf8')) as DsseEnvelope;
      if (envelope.signatures.length > 0) {
        throw new LeadproofError('ALREADY_SIGNED', `${envFile} is already signed; a run is signed once, by its builder. Use \`leadproof sign-off\` to approve it.`, { exitCode: 1 });
      }
      const statement = JSON.parse(payloadBytes(envelope).toString('utf8')) as { subject: { name: string; digest: { sha256: string } }[] };
      const changed = statement.subject.filter((s) => {
        const file = path.join(runDir, s.name);
        return !existsSync(file) || createHash('sha256').update(readFileSync(file)).digest('hex') !== s.digest.sha256;
      });
      if (changed.length > 0) {
        throw new LeadproofError('CHANGED_SINCE_RUN', `Refusing to sign: ${changed.map((s) => s.name).join(', ')} changed since the run wrote them. Re-run the scenarios and sign that run.`, { exitCode: 1 });
      }
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as RunReport;
      // A diff against a baseline stays on the page and among the signed files.
      const result = await writeRunArtifacts(report, runDir, { signingKeyPath: opts.key, ...diffArtifactsIn(runDir) });
      if (!result.signed) throw new LeadproofError('NO_KEY', 'No signing key: pass --key <builder.key> or set LEADPROOF_SIGNING_KEY.', { exitCode: 2 });
      console.log(result.message);
    });
}

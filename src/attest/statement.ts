/**
 * in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md)
 * and reading/writing it inside a DSSE envelope on disk.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { createEnvelope, payloadBytes, type DsseEnvelope } from './dsse.js';
import { ArtifactError } from './errors.js';
import type { SigningKey } from './keys.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface Subject {
  /** Path relative to the run folder, with forward slashes. */
  name: string;
  digest: { sha256: string };
}

export interface Statement<P = unknown> {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: string;
  predicate: P;
}

const envelopeSchema = z.object({
  payloadType: z.string(),
  payload: z.string(),
  signatures: z.array(z.object({ keyid: z.string().optional(), sig: z.string() })),
});

const statementSchema = z.object({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(z.object({ name: z.string(), digest: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }) })).min(1),
  predicateType: z.string(),
  predicate: z.record(z.string(), z.unknown()),
});

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function sha256File(file: string): Promise<string> {
  return sha256(await readFile(file));
}

/** Serialises the statement, signs it (when keys are given) and writes the envelope. */
export async function writeStatementEnvelope(file: string, statement: Statement, keys: SigningKey[]): Promise<DsseEnvelope> {
  const envelope = createEnvelope(INTOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement), 'utf8'), keys);
  await writeFile(file, JSON.stringify(envelope, null, 2) + '\n');
  return envelope;
}

export async function readEnvelope(file: string): Promise<{ envelope: DsseEnvelope; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new ArtifactError(`${basename(file)} is missing from the run folder; was it written by \`npx leadproof run\`?`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new ArtifactError(`${basename(file)} is not valid JSON (was it edited?).`, { cause: err });
  }
  const result = envelopeSchema.safeParse(parsed);
  if (!result.success) throw new ArtifactError(`${basename(file)} is not a DSSE envelope: ${z.prettifyError(result.error)}`);
  return { envelope: result.data, bytes };
}

/** Decodes and checks the in-toto statement inside an envelope. */
export function statementOf<P>(envelope: DsseEnvelope, fileName: string): Statement<P> {
  if (envelope.payloadType !== INTOTO_PAYLOAD_TYPE) {
    throw new ArtifactError(`${fileName}: payloadType is "${envelope.payloadType}", expected "${INTOTO_PAYLOAD_TYPE}".`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(payloadBytes(envelope).toString('utf8'));
  } catch (err) {
    throw new ArtifactError(`${fileName}: the payload is not JSON (the envelope was changed).`, { cause: err });
  }
  const result = statementSchema.safeParse(parsed);
  if (!result.success) throw new ArtifactError(`${fileName}: the payload is not an in-toto Statement v1: ${z.prettifyError(result.error)}`);
  return result.data as unknown as Statement<P>;
}

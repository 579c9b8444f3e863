// A checkpoint: the server's Ed25519 signature over the head of the audit chain (seq, hash).
// Pure (node:crypto only, no database): the offline verifier (verify-export.ts) uses it as is.
import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../shared/audit/hash';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex');

export const Checkpoint = z.object({
  /** 1, 2, 3...: a removed checkpoint leaves a gap. */
  n: z.number().int().min(1),
  /** The audit entry signed: every entry up to it is fixed by `hash`. */
  seq: z.number().int().min(1),
  hash: Hex64,
  at: z.string(),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** Ed25519 over checkpointMessage(), base64. */
  signature: z.string().min(1).max(200),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** The exact bytes signed: a domain tag (a signature of anything else can never pass) + canonical JSON. */
export function checkpointMessage(c: Omit<Checkpoint, 'signature'>): Buffer {
  const body = canonicalJson({ n: c.n, seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId });
  return Buffer.from(`posko-audit-checkpoint/v1\n${body}`, 'utf8');
}

export function signCheckpoint(c: Omit<Checkpoint, 'signature'>, privateKey: KeyObject): Checkpoint {
  return { ...c, signature: sign(null, checkpointMessage(c), privateKey).toString('base64') };
}

/** True when `c` was signed by `publicKey` (and names that key). */
export function checkpointSigned(c: Checkpoint, publicKey: KeyObject, keyId: string): boolean {
  if (c.keyId !== keyId) return false;
  try {
    return verify(null, checkpointMessage(c), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

// Local password verifier for offline unlock: PBKDF2-HMAC-SHA256 through
// WebCrypto (present in Chromium, Electron and Node 20), a random 16-byte salt
// per user and 600,000 iterations (OWASP's Password Storage Cheat Sheet figure
// for PBKDF2-HMAC-SHA256 since 2023). Only the derived key is stored, never the
// password. WebCrypto has no scrypt, so unlike the server (scrypt) the console
// uses PBKDF2 (docs/decisions.md).
//
// The cost has a floor: a verifier below MIN_ITERATIONS is refused when it is
// created and when it is read back. A cheaper one would make the stored hash
// (which checks the operator's server password too) quick to crack from a
// stolen disk, and a downgraded entry must not unlock anything.
import { z } from 'zod';
import { fromBase64, toBase64 } from '../lib/base64';

export const MIN_ITERATIONS = 600_000;
export const DEFAULT_ITERATIONS = MIN_ITERATIONS;

export const PasswordVerifier = z.object({
  algorithm: z.literal('PBKDF2-SHA256'),
  /** The upper bound keeps a planted entry from hanging the unlock screen for minutes. */
  iterations: z.number().int().min(MIN_ITERATIONS).max(10_000_000),
  salt: z.string().min(16),
  hash: z.string().min(32),
});
export type PasswordVerifier = z.infer<typeof PasswordVerifier>;

export class VerifierCostError extends Error {
  constructor(iterations: number) {
    super(`PBKDF2 with ${iterations} iterations is below the floor of ${MIN_ITERATIONS}`);
    this.name = 'VerifierCostError';
  }
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

export async function createVerifier(
  password: string,
  iterations = DEFAULT_ITERATIONS,
): Promise<PasswordVerifier> {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS) throw new VerifierCostError(iterations);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return { algorithm: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), hash: toBase64(hash) };
}

/**
 * Constant-time comparison of the derived keys, so timing tells nothing about how close a guess was.
 * Anything that does not parse as a verifier at or above the floor never matches.
 */
export async function checkVerifier(password: string, verifier: unknown): Promise<boolean> {
  const parsed = PasswordVerifier.safeParse(verifier);
  if (!parsed.success) return false;
  const expected = fromBase64(parsed.data.hash);
  const actual = await derive(password, fromBase64(parsed.data.salt), parsed.data.iterations);
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= (actual[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}

// Local password verifier for offline unlock: PBKDF2-HMAC-SHA256 through
// WebCrypto (present in Chromium, Electron and Node 20), a random 16-byte salt
// per user and 310,000 iterations (above OWASP's 210k floor for SHA-256 at the
// time of writing). Only the derived key is stored, never the password.
import { z } from 'zod';
import { fromBase64, toBase64 } from '../lib/base64';

export const MIN_ITERATIONS = 210_000;
export const DEFAULT_ITERATIONS = 310_000;

export const PasswordVerifier = z.object({
  algorithm: z.literal('PBKDF2-SHA256'),
  iterations: z.number().int().min(1),
  salt: z.string().min(16),
  hash: z.string().min(32),
});
export type PasswordVerifier = z.infer<typeof PasswordVerifier>;

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
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return { algorithm: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), hash: toBase64(hash) };
}

/** Constant-time comparison of the derived keys, so timing tells nothing about how close a guess was. */
export async function checkVerifier(password: string, verifier: PasswordVerifier): Promise<boolean> {
  const expected = fromBase64(verifier.hash);
  const actual = await derive(password, fromBase64(verifier.salt), verifier.iterations);
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= (actual[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}

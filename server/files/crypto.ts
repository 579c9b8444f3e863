// Encryption at rest: a blob is a run of segments of SEGMENT_BYTES plaintext,
// each sealed on its own with AES-256-GCM (random 96-bit IV, 128-bit tag), so
// a download with Range decrypts only the segments it needs and a blob is
// written and read as a stream, never whole in memory. The additional data
// binds each segment to its blob and place (sha256, index, last or not): a
// segment moved, swapped between blobs, or a blob cut short fails to decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const SEGMENT_BYTES = 256 * 1024;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes a sealed segment adds to its plaintext. */
export const SEAL_OVERHEAD = IV_BYTES + TAG_BYTES;

const aad = (sha256: string, index: number, last: boolean) =>
  Buffer.from(`${sha256}:${index}:${last ? 1 : 0}`);

export function segmentCount(size: number): number {
  return Math.max(1, Math.ceil(size / SEGMENT_BYTES));
}

export function sealSegment(
  key: Buffer,
  sha256: string,
  index: number,
  last: boolean,
  plain: Buffer,
): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(sha256, index, last));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function openSegment(
  key: Buffer,
  sha256: string,
  index: number,
  last: boolean,
  sealed: Buffer,
): Buffer {
  if (sealed.length < SEAL_OVERHEAD) throw new Error(`blob ${sha256}: segment ${index} is cut short`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(aad(sha256, index, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

/**
 * Cuts a byte stream into pieces of `size` bytes (the last one shorter), without copying more than
 * needed. With `atLeastOne`, an empty stream still gives one empty piece.
 */
export async function* pieces(
  source: AsyncIterable<Buffer>,
  size: number,
  atLeastOne = false,
): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let have = 0;
  let yielded = false;
  for await (const chunk of source) {
    let rest = chunk;
    while (have + rest.length >= size) {
      const take = size - have;
      parts.push(rest.subarray(0, take));
      yield Buffer.concat(parts);
      yielded = true;
      parts = [];
      have = 0;
      rest = rest.subarray(take);
    }
    if (rest.length) {
      parts.push(rest);
      have += rest.length;
    }
  }
  if (have || (atLeastOne && !yielded)) yield Buffer.concat(parts);
}

/**
 * SEGMENT_BYTES pieces of a file. An empty file is one empty segment; a file of whole segments has
 * no empty one after them.
 */
export function segments(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  return pieces(source, SEGMENT_BYTES, true);
}

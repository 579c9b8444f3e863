// Reading a stored file back: the Range header, and the plaintext of a byte
// range decrypted segment by segment (only the segments the range touches).
import { Readable } from 'node:stream';
import type { BlobStore } from './blob-store';
import { SEGMENT_BYTES, openSegment, segmentCount } from './crypto';

export type ByteRange = { start: number; end: number };

/**
 * The one range of a `Range: bytes=...` header within `size` bytes: undefined for no (or an
 * unusable, e.g. several ranges) header, which is answered whole; 'unsatisfiable' for a 416.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (!m[1] && !m[2])) return undefined;
  if (!m[1]) {
    const suffix = Number(m[2]);
    if (!suffix || !size) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start >= size || (m[2] && Number(m[2]) < start)) return 'unsatisfiable';
  return { start, end };
}

/** Plaintext bytes start..end (inclusive) of blob `sha256` of `size` bytes, as a stream. */
export function plainRange(
  blobs: BlobStore,
  key: Buffer,
  sha256: string,
  size: number,
  range: ByteRange,
): Readable {
  const count = segmentCount(size);
  const from = Math.floor(range.start / SEGMENT_BYTES);
  const to = Math.floor(range.end / SEGMENT_BYTES) + 1;
  async function* plain() {
    let index = from;
    for await (const sealed of blobs.read(sha256, from, to)) {
      const segment = openSegment(key, sha256, index, index === count - 1, sealed);
      const base = index * SEGMENT_BYTES;
      const lo = Math.max(0, range.start - base);
      const hi = Math.min(segment.length, range.end - base + 1);
      yield segment.subarray(lo, hi);
      index += 1;
    }
    if (index !== to) throw new Error(`blob ${sha256}: segments missing`);
  }
  return Readable.from(plain(), { objectMode: false });
}

/** `attachment` with an ASCII fallback name and the RFC 5987 UTF-8 one. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

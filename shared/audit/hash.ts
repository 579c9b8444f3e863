// Tamper evidence: hash = sha256(prevHash + canonical(entry)). Canonical JSON
// sorts object keys so the same entry hashes the same on every platform.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error('non-finite number in audit entry');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** The hash of an audit entry: everything but `hash` itself, chained to the previous hash. */
export function auditHash(prevHash: string, entry: Record<string, unknown>): string {
  const { hash: _hash, ...body } = entry;
  return sha256Hex(prevHash + canonicalJson({ ...body, prevHash }));
}

export interface ChainCheck {
  ok: boolean;
  entries: number;
  firstBrokenSeq?: number;
}

/** Walks entries in seq order; an edited, removed or reordered entry breaks the chain there. */
export function verifyChain(
  entries: Iterable<Record<string, unknown> & { seq: number; prevHash: string; hash: string }>,
  startHash = GENESIS_HASH,
): ChainCheck {
  let prev = startHash;
  let count = 0;
  for (const entry of entries) {
    count += 1;
    if (entry.prevHash !== prev || auditHash(prev, entry) !== entry.hash) {
      return { ok: false, entries: count, firstBrokenSeq: entry.seq };
    }
    prev = entry.hash;
  }
  return { ok: true, entries: count };
}

// The renderer's one base64 codec: it must agree with Node's Buffer (the
// Electron side decodes what the renderer encodes), survive multi-megabyte
// files without a stack overflow, and refuse text that is not base64.
import { describe, expect, it } from 'vitest';
import { Base64Error, fromBase64, toBase64 } from '../../../renderer/lib/base64';

/** Deterministic bytes covering every value 0..255 (a PRNG would add nothing here). */
function pattern(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}

describe('base64', () => {
  it('round-trips and matches Buffer for every length around the 3-byte groups', () => {
    for (let length = 0; length <= 9; length += 1) {
      const bytes = pattern(length);
      const text = toBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(text)).toEqual(bytes);
    }
  });

  it('encodes and decodes the empty input', () => {
    expect(toBase64(new Uint8Array(0))).toBe('');
    expect(fromBase64('')).toEqual(new Uint8Array(0));
  });

  it('handles 3 MB (more than one chunk, more than any argument limit) without overflowing the stack', () => {
    const bytes = pattern(3 * 1024 * 1024 + 1);
    const text = toBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    const back = fromBase64(text);
    expect(back.length).toBe(bytes.length);
    expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
  });

  it('decodes into an own ArrayBuffer (WebCrypto and Blob want one)', () => {
    const out = fromBase64(toBase64(pattern(16)));
    expect(out.buffer).toBeInstanceOf(ArrayBuffer);
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(16);
  });

  it('throws a Base64Error on text that is not base64', () => {
    for (const bad of ['@@@@', 'abcde', 'ä===', 'QQ==QQ==']) {
      expect(() => fromBase64(bad), bad).toThrow(Base64Error);
    }
    expect(() => fromBase64('%')).toThrow('invalid base64');
  });
});

// Standard base64 (RFC 4648, with padding) over byte arrays, for the renderer:
// the platform bridge carries files as base64 and secrets are stored as base64.

/**
 * Bytes per String.fromCharCode call: spreading a whole file as arguments
 * overflows the call stack (engines cap arguments near 65k), 32 KiB does not.
 */
const CHUNK = 0x8000;

/** Thrown by {@link fromBase64} on text that is not base64. */
export class Base64Error extends Error {
  constructor(message = 'invalid base64') {
    super(message);
    this.name = 'Base64Error';
  }
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Decodes base64 (as atob accepts it); an ArrayBuffer-backed view, as WebCrypto and Blob want. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new Base64Error();
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

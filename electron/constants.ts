// The renderer is served from a privileged custom scheme so it gets a real,
// stable origin (needed for IndexedDB, fetch and the IPC sender check) without
// ever using file://, which would grant access to the whole disk.
export const APP_SCHEME = 'app';
export const APP_HOST = 'posko';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Files the renderer may read from disk through the open dialog. */
export const MAX_OPEN_FILE_BYTES = 25 * 1024 * 1024;

/**
 * Serializes the origin of a URL the way Chromium does for our standard
 * scheme. Node's WHATWG URL reports "null" for non-special schemes such as
 * app:, so we build scheme://host[:port] ourselves. Returns null on garbage.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host !== '') return `${parsed.protocol}//${parsed.host}`;
  return null;
}

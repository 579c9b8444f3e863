// The one door from the console to the outside world. Only https: URLs are
// handed to the OS; http:, file:, javascript:, custom schemes and anything
// unparsable are refused, because shell.openExternal on those can run local
// programs or leak data over cleartext.
import type { Shell } from 'electron';

export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 2048) return false;
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.hostname !== '' &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

export type OpenExternal = (url: string) => Promise<boolean>;

/** Returns true when the URL was handed to the OS, false when refused. */
export function createOpenExternal(shell: Pick<Shell, 'openExternal'>): OpenExternal {
  return async (url) => {
    if (!isSafeExternalUrl(url)) return false;
    await shell.openExternal(new URL(url).toString());
    return true;
  };
}

// The sync-server address rule, defined once for every process: the browser
// host and the settings screen (renderer), the policy/user config and IPC
// schemas (electron), and the Content-Security-Policy that must let the
// console reach exactly the addresses this rule accepts (csp.ts).
import { z } from 'zod';

/**
 * Hosts where plain http is allowed: this machine (the embedded server, development).
 * Not `[::1]`: a CSP cannot name an IPv6 literal (Chromium 156 drops `http://[::1]:*` as an
 * invalid source, measured), so an http://[::1] server would be accepted here and then blocked
 * by the console's own policy. Use 127.0.0.1 or localhost.
 */
export const LOOPBACK_HTTP_HOSTS = ['127.0.0.1', 'localhost'] as const;

export const SYNC_SERVER_URL_MESSAGE =
  'the sync server must use https:// (plain http:// only on 127.0.0.1 or localhost)';

/** Scheme and host of an absolute http(s) URL, by pattern (shared/ has no URL class); userinfo skipped. */
function schemeAndHost(value: string): { scheme: string; host: string } | null {
  const m = /^(https?):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(value);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { scheme: m[1].toLowerCase(), host: m[2].toLowerCase() };
}

/** The rule itself, for callers that hold a string already checked as a URL. */
export function isAllowedSyncServerUrl(value: string): boolean {
  const parts = schemeAndHost(value);
  if (!parts) return false;
  return parts.scheme === 'https' || (LOOPBACK_HTTP_HOSTS as readonly string[]).includes(parts.host);
}

/**
 * The sync server's address: https, or plain http on this machine only. Tokens and personal
 * data never cross a network in clear.
 */
export const SyncServerUrl = z
  .url({ protocol: /^https?$/ })
  .refine(isAllowedSyncServerUrl, { message: SYNC_SERVER_URL_MESSAGE });

/**
 * CSP connect-src sources that admit every address the rule accepts and nothing else over
 * plain http: for a policy that cannot know the configured server (the static index.html).
 */
export const SYNC_SERVER_CONNECT_SOURCES: readonly string[] = [
  'https:',
  ...LOOPBACK_HTTP_HOSTS.map((host) => `http://${host}:*`),
];

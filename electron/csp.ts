// The Content-Security-Policy of every document the shell shows: the shared
// console policy (shared/platform/csp.ts) with connect-src narrowed to the one
// configured sync server.
import { buildConsoleCsp } from '../shared/platform/csp';
import { originOf } from './constants';

export interface CspOptions {
  /** Origin of the sync server (from the effective config); fetch and SSE go there. */
  serverOrigin: string | null;
  /** Only in development with an explicitly configured dev server (Vite). */
  devServerOrigin?: string | null;
}

export function buildCsp({ serverOrigin, devServerOrigin = null }: CspOptions): string {
  return buildConsoleCsp({ connectSources: serverOrigin ? [serverOrigin] : [], devServerOrigin });
}

/** The origin of a configured server URL, or null when it is not http(s). */
export function serverOriginOf(serverUrl: string): string | null {
  const origin = originOf(serverUrl);
  return origin && /^https?:/.test(origin) ? origin : null;
}

// The Content-Security-Policy of every document the shell shows. The renderer
// is a bundled SPA: scripts, styles and fonts come from our own origin only,
// network calls go to the configured sync server only, and nothing may frame,
// embed or submit anywhere.
import { originOf } from './constants';

export interface CspOptions {
  /** Origin of the sync server (from the effective config); fetch and SSE go there. */
  serverOrigin: string | null;
  /**
   * Only in development with an explicitly configured dev server (Vite): its
   * origin and HMR websocket, plus the inline preamble of React Fast Refresh.
   */
  devServerOrigin?: string | null;
}

export function buildCsp({ serverOrigin, devServerOrigin = null }: CspOptions): string {
  const connect = ["'self'"];
  if (serverOrigin) connect.push(serverOrigin);
  const script = ["'self'"];
  // Inline styles stay allowed: the virtualized case list positions rows with
  // style attributes (renderer/index.html declares the same). Inline *script*
  // is never allowed outside the dev server.
  const style = ["'self'", "'unsafe-inline'"];
  if (devServerOrigin) {
    const ws = devServerOrigin.replace(/^http/, 'ws');
    connect.push(devServerOrigin, ws);
    script.push(devServerOrigin, "'unsafe-inline'");
    style.push(devServerOrigin);
  }
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', script],
    ['style-src', style],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', connect],
    ['worker-src', ["'self'"]],
    ['manifest-src', ["'self'"]],
    ['media-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['child-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
    ['base-uri', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** The origin of a configured server URL, or null when it is not http(s). */
export function serverOriginOf(serverUrl: string): string | null {
  const origin = originOf(serverUrl);
  return origin && /^https?:/.test(origin) ? origin : null;
}

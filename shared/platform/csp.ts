// The console's Content-Security-Policy, defined once. Three hosts deliver it:
// the desktop shell on every app:// response (electron/csp.ts, which knows the
// configured server), the sync server on the console it serves (server/app.ts),
// and renderer/index.html as a <meta> tag generated at build time
// (renderer/vite.config.ts) for any other static host. Only connect-src differs
// between them: what each host can know about where the sync server is.
//
// The policy: scripts, styles, fonts and images from our own origin only (no
// inline or remote script), nothing may frame, embed or submit anywhere.
import { SYNC_SERVER_CONNECT_SOURCES } from './server-url';

export interface ConsoleCspOptions {
  /** connect-src: where fetch and the event stream may go ('self' is always included). */
  connectSources?: readonly string[];
  /**
   * Only in development inside Electron with an explicitly configured dev server (Vite):
   * its origin and HMR websocket, plus the inline preamble of React Fast Refresh.
   */
  devServerOrigin?: string | null;
  /**
   * 'meta' leaves out what a <meta> policy cannot carry (frame-ancestors is ignored there,
   * with a console warning); the HTTP header and the shell's header carry it.
   */
  delivery?: 'header' | 'meta';
}

export function buildConsoleCsp(options: ConsoleCspOptions = {}): string {
  const { connectSources = [], devServerOrigin = null, delivery = 'header' } = options;
  const connect = unique(["'self'", ...connectSources]);
  const script = ["'self'"];
  // Inline styles stay allowed: the virtualized case list positions rows with style
  // attributes. Inline *script* is never allowed outside the dev server.
  const style = ["'self'", "'unsafe-inline'"];
  if (devServerOrigin) {
    connect.push(devServerOrigin, devServerOrigin.replace(/^http/, 'ws'));
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
  return directives
    .filter(([name]) => delivery === 'header' || name !== 'frame-ancestors')
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The <meta> policy of renderer/index.html: any address the sync-server rule accepts. */
export function staticConsoleCsp(): string {
  return buildConsoleCsp({ connectSources: SYNC_SERVER_CONNECT_SOURCES, delivery: 'meta' });
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

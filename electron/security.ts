// Hardening applied to every webContents and to the session that serves the
// console. Each listener is registered here and nowhere else, so one test file
// can prove the whole policy.
import type { Session, WebContents } from 'electron';
import { originOf } from './constants';
import type { OpenExternal } from './external-links';

type HeaderMap = Record<string, string | string[]>;

export interface HardenOptions {
  openExternal: OpenExternal;
  /**
   * Origins of the console itself (app://posko, plus a configured dev server).
   * A page showing the console may reload or move within that same origin;
   * everything else is blocked. Empty = block every navigation.
   */
  appOrigins?: readonly string[];
  log?: (message: string) => void;
}

/**
 * No navigation away from the loaded console, no new windows, no <webview>.
 * A link the user opens in a new window (target=_blank, window.open) is routed
 * to the external-link helper, which only lets https: through.
 */
export function hardenWebContents(
  contents: WebContents,
  { openExternal, appOrigins = [], log = () => {} }: HardenOptions,
): void {
  contents.on('will-navigate', (event, url) => {
    // location.reload() (e.g. after a server change) stays inside the console.
    const target = originOf(url);
    if (target !== null && target === originOf(contents.getURL()) && appOrigins.includes(target)) return;
    event.preventDefault();
    log(`blocked navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log(`blocked redirect to ${url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked <webview> attach');
  });
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url).then(
      (opened) => {
        if (!opened) log(`refused to open ${url}`);
      },
      (error: unknown) => log(`openExternal failed: ${String(error)}`),
    );
    return { action: 'deny' };
  });
}

/** Set (replacing any casing of an existing header) the CSP and a few safe defaults. */
export function withSecurityHeaders(headers: HeaderMap | undefined, csp: string): HeaderMap {
  const out: HeaderMap = {};
  const replaced = new Set(['content-security-policy', 'x-content-type-options']);
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!replaced.has(name.toLowerCase())) out[name] = value;
  }
  out['Content-Security-Policy'] = [csp];
  out['X-Content-Type-Options'] = ['nosniff'];
  return out;
}

export interface SessionHardenOptions {
  /** Called per response so a config change (server URL) applies on the next load. */
  csp: () => string;
}

/**
 * The console needs no camera, microphone, geolocation, notifications-by-web
 * API (notifications go through the bridge), HID, serial or USB: every
 * permission request and check is denied, and the CSP is injected into every
 * response the session receives, including app:// documents.
 */
export function hardenSession(session: Session, { csp }: SessionHardenOptions): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders, csp()) });
  });
}

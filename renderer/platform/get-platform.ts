// The single way the console reaches its host. Inside Electron the preload put
// the bridge on `window.posko`; in a plain browser tab the browser host stands
// in. Inside the desktop app a missing or incomplete bridge is fatal, never a
// fallback: the browser host keeps the token and the file key in localStorage,
// which the desktop app promises never to do (main.tsx shows a fatal screen).
import type { PlatformBridge } from '../../shared/platform/bridge';
import { createBrowserHost } from './browser-host';

// The Electron preload exposes the bridge as `window.posko` through
// contextBridge; in a plain browser tab it is absent and the browser host
// stands in. Declared here (not in a .d.ts) so other projects see it too.
declare global {
  interface Window {
    posko?: PlatformBridge;
  }
}

const FUNCTIONS = [
  'getAppInfo',
  'getConfig',
  'setConfig',
  'notify',
  'clearNotifications',
  'saveFile',
  'openFile',
  'openExternal',
  'isOnline',
  'onOnlineChange',
] as const;
const SECRET_FUNCTIONS = ['get', 'set', 'delete'] as const;

/** True when `value` has every function of the bridge (a partial or foreign object is not trusted). */
export function isPlatformBridge(value: unknown): value is PlatformBridge {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const secrets = record.secrets as Record<string, unknown> | undefined;
  return (
    FUNCTIONS.every((name) => typeof record[name] === 'function') &&
    typeof secrets === 'object' &&
    secrets !== null &&
    SECRET_FUNCTIONS.every((name) => typeof secrets[name] === 'function')
  );
}

/** Thrown by getPlatform() in the desktop app when the preload's bridge is not there. */
export class DesktopBridgeMissingError extends Error {
  constructor(detail: string) {
    super(`The desktop shell's bridge is ${detail}; Posko will not run without it.`);
    this.name = 'DesktopBridgeMissingError';
  }
}

export interface PageIdentity {
  protocol: string;
  userAgent: string;
}

/**
 * Whether this page runs inside the Posko desktop app. Two independent signs, either one is
 * enough: the packaged console is served from app://posko (electron/app-protocol.ts; no
 * browser tab can have that origin), and Electron's user agent carries "Electron/<version>"
 * (the shell does not override it), which also covers the Vite dev server inside Electron.
 */
export function isDesktopPage(page: PageIdentity): boolean {
  return page.protocol === 'app:' || /\bElectron\/\d/.test(page.userAgent);
}

function currentPage(): PageIdentity | null {
  if (typeof window === 'undefined') return null;
  return { protocol: window.location.protocol, userAgent: window.navigator.userAgent };
}

let cached: PlatformBridge | null = null;

export function getPlatform(page: PageIdentity | null = currentPage()): PlatformBridge {
  if (cached) return cached;
  const injected: unknown = typeof window === 'undefined' ? undefined : window.posko;
  if (isPlatformBridge(injected)) return (cached = injected);
  if (page && isDesktopPage(page)) {
    throw new DesktopBridgeMissingError(injected === undefined ? 'missing' : 'incomplete');
  }
  if (injected !== undefined) {
    console.error('window.posko is present but incomplete; using the browser host instead.');
  }
  return (cached = createBrowserHost());
}

/** Tests only: forget the cached bridge. */
export function resetPlatformForTests(): void {
  cached = null;
}

// The single way the console reaches its host. Inside Electron the preload put
// the bridge on `window.posko`; anywhere else the browser host stands in.
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

let cached: PlatformBridge | null = null;

export function getPlatform(): PlatformBridge {
  if (cached) return cached;
  const injected: unknown = typeof window === 'undefined' ? undefined : window.posko;
  if (injected !== undefined && !isPlatformBridge(injected)) {
    console.error('window.posko is present but incomplete; using the browser host instead.');
  }
  cached = isPlatformBridge(injected) ? injected : createBrowserHost();
  return cached;
}

/** Tests only: forget the cached bridge. */
export function resetPlatformForTests(): void {
  cached = null;
}

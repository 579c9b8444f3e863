// Wires the engine for the console: the Dexie store over PoskoDb (renderer/db/sync-store.ts), HTTP transport
// with the session's token, the host's online events, an event stream read over fetch for
// pokes (token in the Authorization header); a 401 moves the session to "expired" (outbox kept).
import type { PlatformBridge } from '../../shared/platform/bridge';
import type { PoskoDb } from '../db/database';
import { DexieSyncStore } from '../db/sync-store';
import type { SessionManager } from '../session/session-manager';
import { getActor } from '../session/actor';
import { wipeDevice } from '../db/wipe';
import { SyncEngine } from './engine';
import { fetchEventSource } from './fetch-event-source';
import type { EventSourceFactory } from './live';
import { SyncTransport, type FetchLike } from './transport';

export interface SyncClientOptions {
  db: PoskoDb;
  platform: Pick<PlatformBridge, 'isOnline' | 'onOnlineChange'> & Partial<Pick<PlatformBridge, 'secrets'>>;
  session: Pick<SessionManager, 'getToken' | 'expire'>;
  serverUrl: () => string;
  fetch?: FetchLike;
  events?: EventSourceFactory;
  /** After a revoked device erased itself (default: reload, so nothing of it stays in memory). */
  afterErase?: () => void;
}

/** Not the browser's EventSource: it cannot send the Authorization header, and the server takes no token from a URL. */
export function browserEventSource(): EventSourceFactory | undefined {
  if (typeof fetch === 'undefined' || typeof TextDecoderStream === 'undefined') return undefined;
  return fetchEventSource;
}

export function createSyncClient(options: SyncClientOptions): {
  engine: SyncEngine;
  transport: SyncTransport;
} {
  const transport = new SyncTransport({
    baseUrl: options.serverUrl,
    getToken: () => options.session.getToken(),
    fetch: options.fetch,
    // A push of more than a few mutations goes gzipped (field staff sync over mobile networks).
    gzipRequestsOver: 16 * 1024,
    // The console's build version (renderer/vite.config.ts); unset outside a Vite build.
    appVersion: typeof __POSKO_VERSION__ === 'string' ? __POSKO_VERSION__ : undefined,
  });
  const engine = new SyncEngine({
    store: new DexieSyncStore(options.db),
    transport,
    deviceId: getActor().deviceId,
    online: options.platform,
    events: options.events ?? browserEventSource(),
    onRevoked: (error) => eraseRevokedDevice(options, error.message),
  });
  engine.status.subscribe((status) => {
    if (status.phase === 'session_expired') options.session.expire();
  });
  return { engine, transport };
}

/**
 * The server said this device is revoked: erase everything (renderer/db/wipe.ts), tell the server
 * it is done (audited there as device.erased; best effort: the server also audited the order to
 * erase), then reload so that no token, key or record stays in memory. The sign-in screen then
 * says why (the notice wipeDevice leaves).
 */
export async function eraseRevokedDevice(options: SyncClientOptions, message: string): Promise<void> {
  const deviceId = getActor().deviceId;
  const noSecrets = { delete: async () => undefined };
  await wipeDevice(
    {
      db: options.db,
      secrets: options.platform.secrets ?? noSecrets,
      storage: typeof localStorage === 'undefined' ? null : localStorage,
    },
    { at: new Date().toISOString(), message },
  );
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  await fetchImpl(`${options.serverUrl().replace(/\/+$/, '')}/v1/devices/erased`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId }),
  }).catch(() => undefined);
  (options.afterErase ?? (() => globalThis.location?.reload()))();
}

// One call for the app shell: session + engine over the console's database
// and platform bridge. renderer/main.tsx (the composition root) builds it with
// the repository's database and hands both to SyncShell, which provides
// { engine, db, repository, session, transport, openRecord } and the sign-in gate.
import type { PlatformBridge } from '../../shared/platform/bridge';
import type { OutboxRow, PoskoDb } from '../db/database';
import { sharedFileCipher } from '../db/file-crypto';
import { DocumentFileSync } from '../files/file-sync';
import { getActor, LOCAL_ACTOR_ID, restoreDeviceId } from '../session/actor';
import { SessionManager } from '../session/session-manager';
import { OfflineAccount } from '../session/session-store';
import { createSyncClient, eraseRevokedDevice } from './client';
import { watchDirectory } from './directory-refresh';
import type { SyncEngine } from './engine';
import type { FetchLike, SyncTransport } from './transport';

export interface SyncRuntime {
  session: SessionManager;
  engine: SyncEngine;
  /** The same HTTP transport (and token) the engine uses: for reads such as the case audit. */
  transport: SyncTransport;
  /** Document files: uploads (tus) beside the engine, downloads on demand, the local cache (issue 16). */
  files: DocumentFileSync;
  /** Sign-in starts syncing; sign-out stops it (the outbox stays). */
  dispose(): void;
}

export async function createSyncRuntime(options: {
  db: PoskoDb;
  platform: PlatformBridge;
  fetch?: FetchLike;
}): Promise<SyncRuntime> {
  const { db, platform } = options;
  await restoreDeviceId(db.session);
  let serverUrl = (await platform.getConfig()).serverUrl;
  const serverUrlNow = () => serverUrl;
  // The session needs the transport's login and the transport needs the session's token.
  let sessionRef: SessionManager | null = null;
  const sessionStub = {
    getToken: () => sessionRef?.getToken() ?? null,
    expire: () => sessionRef?.expire(),
  };
  const { engine, transport } = createSyncClient({
    db,
    platform,
    session: sessionStub,
    serverUrl: serverUrlNow,
    fetch: options.fetch,
  });
  const session = new SessionManager({
    table: db.session,
    secrets: platform.secrets,
    login: (username, password, deviceId) => transport.login(username, password, deviceId),
    logout: () => transport.logout(),
    deviceId: () => getActor().deviceId,
    serverUrl: serverUrlNow,
    pendingOfOthers: (userId) => pendingOfOthers(db, userId),
    // A revoked device that signs in is erased too (a signed-out console holds data as well).
    onRevoked: (message) =>
      eraseRevokedDevice(
        { db, platform, session: sessionStub, serverUrl: serverUrlNow, fetch: options.fetch },
        message,
      ),
  });
  sessionRef = session;
  const files = new DocumentFileSync({
    db,
    cipher: () => sharedFileCipher(platform.secrets),
    baseUrl: serverUrlNow,
    getToken: () => session.getToken(),
    fetch: options.fetch,
    online: platform,
    // A stored file is recorded on its document: pull it now rather than at the next poll.
    onStored: () => void engine.syncNow(),
    onUnauthorized: () => session.expire(),
  });
  // A sync cycle that pushed a document (rev > 0 now) lets its file go up.
  let lastSuccess: string | null = null;
  const unwatchCycles = engine.status.subscribe((status) => {
    if (status.lastSuccessAt === lastSuccess) return;
    lastSuccess = status.lastSuccessAt;
    files.uploader.kick();
  });
  // Names for the ids in records: fetched on sign-in/unlock and after each sync cycle.
  const directory = watchDirectory(db, engine, transport);
  const unsubscribe = session.subscribe((state) => {
    if (state.status === 'active') {
      void directory.refresh();
      engine.start();
      void engine.resume();
      files.start();
    } else if (state.status === 'signed_out' || (state.status === 'locked' && state.reason === 'restart')) {
      // An idle lock keeps syncing with the token in memory (see SessionManager.lock).
      engine.stop();
      files.stop();
    }
  });
  await session.init();
  return {
    session,
    engine,
    transport,
    files,
    dispose: () => {
      unsubscribe();
      unwatchCycles();
      directory.dispose();
      engine.stop();
      files.stop();
      serverUrl = '';
    },
  };
}

/** Unsent work of other people on this device, with their names where this device knows them. */
export async function pendingOfOthers(
  db: PoskoDb,
  userId: string,
): Promise<{ count: number; names: string[] }> {
  const rows = (await db.outbox.toArray()) as OutboxRow[];
  // 'local' rows predate sign-in on this device (no one to wait for): whoever signs in first sends them.
  const others = rows.filter((row) => row.actorId !== userId && row.actorId !== LOCAL_ACTOR_ID);
  if (others.length === 0) return { count: 0, names: [] };
  const known = new Map<string, string>();
  for (const row of await db.session.where('key').startsWith('account:').toArray()) {
    const account = OfflineAccount.safeParse(row.value);
    if (account.success) known.set(account.data.user.id, account.data.user.displayName);
  }
  const names = [...new Set(others.map((row) => known.get(row.actorId) ?? row.actorId))];
  return { count: others.length, names };
}

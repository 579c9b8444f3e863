// Keeps the cached office directory fresh (issue 17): fetched when a session
// becomes active (sign-in, unlock) and after every successful sync cycle, and
// stored through renderer/db/directory.ts. A failed fetch keeps the last copy
// (names stay readable offline); it never fails the sync itself.
import type { PoskoDb } from '../db/database';
import { saveDirectory } from '../db/directory';
import type { SyncEngine } from './engine';
import type { SyncTransport } from './transport';

export interface DirectoryRefresher {
  /** Fetches now unless a fetch is running; resolves when done, never rejects. */
  refresh(): Promise<void>;
  dispose(): void;
}

export function watchDirectory(
  db: PoskoDb,
  engine: Pick<SyncEngine, 'status'>,
  transport: Pick<SyncTransport, 'directory'>,
): DirectoryRefresher {
  let running: Promise<void> | null = null;
  let lastSuccess = engine.status.get().lastSuccessAt;
  const refresh = (): Promise<void> => {
    running ??= transport
      .directory()
      .then((directory) => saveDirectory(db, directory))
      .catch(() => undefined)
      .finally(() => {
        running = null;
      });
    return running;
  };
  const unsubscribe = engine.status.subscribe((status) => {
    if (status.lastSuccessAt && status.lastSuccessAt !== lastSuccess) {
      lastSuccess = status.lastSuccessAt;
      void refresh();
    }
  });
  return { refresh, dispose: unsubscribe };
}

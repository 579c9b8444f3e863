// Keeps the cached office directory fresh (issue 17): fetched when a session
// becomes active (sign-in, unlock) and after every successful sync cycle, and
// stored through renderer/db/directory.ts. The same moments drop the cases
// handed over out of this office (GET /v1/cases/moved, renderer/db/case-moves.ts). A failed fetch keeps the last copy
// (names stay readable offline); it never fails the sync itself.
import { applyCaseMoves, movedCursor } from '../db/case-moves';
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
  transport: Pick<SyncTransport, 'directory'> & Partial<Pick<SyncTransport, 'movedCases'>>,
): DirectoryRefresher {
  let running: Promise<void> | null = null;
  let lastSuccess = engine.status.get().lastSuccessAt;
  const refresh = (): Promise<void> => {
    running ??= Promise.all([
      transport
        .directory()
        .then((directory) => saveDirectory(db, directory))
        .catch(() => undefined),
      dropMovedCases(db, transport).catch(() => undefined),
    ])
      .then(() => undefined)
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

/** Drops the cases handed over out of this office since the last look (renderer/db/case-moves.ts). */
async function dropMovedCases(
  db: PoskoDb,
  transport: Partial<Pick<SyncTransport, 'movedCases'>>,
): Promise<void> {
  if (!transport.movedCases) return;
  for (let page = 0; page < 20; page++) {
    const result = await transport.movedCases(await movedCursor(db));
    await applyCaseMoves(db, result.moves, result.cursor);
    if (!result.hasMore) break;
  }
}

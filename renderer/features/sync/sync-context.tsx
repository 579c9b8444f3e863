// What the screens need, provided once by the app shell:
// <SyncProvider value={{ engine, repository, session, transport, openRecord }}>.
// Components reach the data only through this context (useRepository()),
// never through module singletons nor Dexie tables: the composition root
// (renderer/main.tsx) builds the one database and repository, and a test
// mounts a screen on its own database by providing another value.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { SyncedTable } from '../../../shared/domain/record';
import type { Repository } from '../../db/repository';
import type { DocumentFileSync } from '../../files/file-sync';
import type { SyncEngine } from '../../sync/engine';
import type { SyncTransport } from '../../sync/transport';
import type { SyncStatus } from '../../sync/status';
import type { SessionManager, SessionState } from '../../session/session-manager';

export interface SyncContextValue {
  engine: SyncEngine;
  /** The only way screens read and write local data; built by the composition root. */
  repository: Repository;
  session: SessionManager;
  /** For reads outside the sync loop (case audit); without it those views show only what is cached. */
  transport?: SyncTransport;
  /** Document files to and from the server (downloads, progress); without it files stay local. */
  files?: DocumentFileSync;
  /** Opens a record in the app (case screen); the shell decides how. */
  openRecord?: (table: SyncedTable, recordId: string) => void;
}

const SyncContext = createContext<SyncContextValue | null>(null);
export const SyncProvider = SyncContext.Provider;

export function useSync(): SyncContextValue {
  const value = useContext(SyncContext);
  if (!value) throw new Error('SyncProvider is missing above this component');
  return value;
}

/** The console's repository, from the provider the app shell mounts. */
export function useRepository(): Repository {
  return useSync().repository;
}

export function useSyncStatus(): SyncStatus {
  const { engine } = useSync();
  return useSyncExternalStore(engine.status.subscribe, engine.status.get);
}

export function useSessionState(session: SessionManager): SessionState {
  return useSyncExternalStore(session.subscribe, session.get);
}

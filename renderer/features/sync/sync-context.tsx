// What the screens need, provided once by the app shell:
// <SyncProvider value={{ engine, db, repository, session, transport, openRecord }}>.
// Components reach the data only through this context (useRepository(),
// useSync().db), never through module singletons: the composition root
// (renderer/main.tsx) builds the one database and repository, and a test
// mounts a screen on its own database by providing another value.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { PoskoDb } from '../../db/database';
import type { Repository } from '../../db/repository';
import type { SyncEngine } from '../../sync/engine';
import type { SyncTransport } from '../../sync/transport';
import type { SyncStatus } from '../../sync/status';
import type { SessionManager, SessionState } from '../../session/session-manager';

export interface SyncContextValue {
  engine: SyncEngine;
  db: PoskoDb;
  /** The only way screens read and write records; built on `db` by the composition root. */
  repository: Repository;
  session: SessionManager;
  /** For reads outside the sync loop (case audit); without it those views show only what is cached. */
  transport?: SyncTransport;
  /** Opens a record in the app (case screen); the shell decides how. */
  openRecord?: (table: string, recordId: string) => void;
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

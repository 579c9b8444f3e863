// The console inside its session and sync context: sign-in / unlock gate,
// SyncProvider for the sync screens, auto-lock after inactivity, and how a
// sync screen opens a record (the case it belongs to).
import { useEffect, useMemo, type ReactNode } from 'react';
import type { Repository } from '../../db/repository';
import { startAutoLock } from '../../session/auto-lock';
import type { SyncRuntime } from '../../sync/runtime';
import { useUiStore } from '../../stores/ui-store';
import { LoginGate } from '../login/login-gate';
import { DataErrorBoundary } from './data-error-boundary';
import { SyncProvider, type SyncContextValue } from './sync-context';
import { useCaseAudit } from './use-case-audit';

/**
 * While a case is open, keeps its server audit in Dexie's auditCache (the case
 * timeline reads it from there, online or not).
 */
function CaseAuditPrefetch() {
  const route = useUiStore((state) => state.route);
  return route.name === 'case' ? <CaseAuditFetch key={route.id} caseId={route.id} /> : null;
}

function CaseAuditFetch({ caseId }: { caseId: string }) {
  useCaseAudit(caseId);
  return null;
}

export interface SyncShellProps {
  runtime: SyncRuntime;
  /** The console's repository: every screen's reads and writes go through it. */
  repository: Repository;
  /** config.autoLockMinutes; 0 or less turns auto-lock off (tests). */
  autoLockMinutes: number;
  children: ReactNode;
}

export function SyncShell({ runtime, repository, autoLockMinutes, children }: SyncShellProps) {
  const navigate = useUiStore((state) => state.navigate);
  const { engine, session, transport, files } = runtime;
  const value = useMemo<SyncContextValue>(
    () => ({
      engine,
      repository,
      session,
      transport,
      files,
      openRecord: (table, recordId) => {
        if (table === 'cases') return navigate({ name: 'case', id: recordId });
        // Other records belong to a case: open that case's file.
        void repository.caseIdOf(table, recordId).then((caseId) => {
          if (caseId) navigate({ name: 'case', id: caseId });
        });
      },
    }),
    [engine, repository, session, transport, files, navigate],
  );
  useEffect(() => {
    if (autoLockMinutes <= 0) return;
    return startAutoLock({
      minutes: autoLockMinutes,
      lock: () => session.lock(),
      isActive: () => session.get().status === 'active',
    });
  }, [autoLockMinutes, session]);
  return (
    // The provider sits outside the gate: the sign-in screen reads nothing from it, and the app
    // below keeps one context across expiry and idle locks.
    <SyncProvider value={value}>
      <LoginGate session={session} onSignedIn={() => void engine.resume()}>
        <DataErrorBoundary>
          {children}
          <CaseAuditPrefetch />
        </DataErrorBoundary>
      </LoginGate>
    </SyncProvider>
  );
}

// What the app shell mounts. SyncShell provides the context:
// { engine, db, repository, session, transport, openRecord }.
export { SyncStatusBar } from './sync-status-bar';
export { NeedsAttention } from './needs-attention';
export { ConflictInbox, ConflictView } from './conflict-inbox';
export { SyncProvider, useRepository, useSync, useSyncStatus, type SyncContextValue } from './sync-context';
export { syncResources } from './i18n-sync';
export { LoginGate, LoginForm } from '../login/login-gate';
export { useCaseAudit, fetchCaseAudit, type CaseAudit } from './use-case-audit';

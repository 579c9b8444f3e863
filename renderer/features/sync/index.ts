// What the app shell mounts. See the report of issue 4 for the wiring:
// SyncProvider value = { engine, db, session, openRecord }.
export { SyncStatusBar } from './sync-status-bar';
export { NeedsAttention } from './needs-attention';
export { ConflictInbox, ConflictView } from './conflict-inbox';
export { SyncProvider, useSync, useSyncStatus, type SyncContextValue } from './sync-context';
export { syncResources } from './i18n-sync';
export { LoginGate, LoginForm } from '../login/login-gate';
export { useCaseAudit, fetchCaseAudit, readCaseAudit, type CaseAudit } from './use-case-audit';

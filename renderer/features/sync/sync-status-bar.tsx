// Always-visible sync status: online/offline, pending count, last success,
// current error, and a progress bar with counts during a long pull.
// The needs-attention list opens from here, so a refused change is one click
// away from wherever the operator is.
import { useState, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatBytes, useFileStrings } from '../case-file/i18n-files';
import { NeedsAttention } from './needs-attention';
import { useSessionState, useSync, useSyncStatus } from './sync-context';

function formatTime(iso: string | null, locale: string): string | null {
  if (!iso) return null;
  return new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
}

/** `trailing` is what the shell adds at the end of the one bar (shortcuts hint, device id). */
export function SyncStatusBar({ trailing }: { trailing?: ReactNode } = {}) {
  useFileStrings();
  const { t, i18n } = useTranslation();
  const { engine, session, repository } = useSync();
  // The outbox as stored, live: it moves the moment a change is saved, before the engine's next pass.
  const stored = useLiveQuery(() => repository.pendingCount(), [repository]);
  // Document files go up beside the records (issue 16): how many wait, how much is left.
  const files = useLiveQuery(() => repository.uploadTotals(), [repository]);
  const status = useSyncStatus();
  const pending = stored ?? status.pending;
  const sessionState = useSessionState(session);
  const [attentionOpen, setAttentionOpen] = useState(false);
  const user = 'user' in sessionState ? sessionState.user : null;
  const busy = status.phase === 'pushing' || status.phase === 'pulling';
  const last = formatTime(status.lastSuccessAt, i18n.language);
  let message: string | null = null;
  if (status.phase === 'session_expired') message = t('sync.status.sessionExpired');
  else if (status.phase === 'update_required') message = t('sync.status.updateRequired');
  else if (status.error && !busy) message = t('sync.status.error', { message: status.error.message });
  const pull = status.pull;
  return (
    <div className="sync-status-bar" role="status" aria-live="polite" data-phase={status.phase}>
      {/* One online indicator: both test ids stay, the outer one carries the dot. */}
      <span
        className={`status-bar__online status-bar__online--${status.online ? 'on' : 'off'}`}
        data-testid="online-status"
      >
        <span className="status-bar__dot" aria-hidden="true" />
        <span className={status.online ? 'sync-online' : 'sync-offline'} data-testid="sync-online">
          {status.online ? t('sync.status.online') : t('sync.status.offline')}
        </span>
      </span>
      <span data-testid="outbox-count" data-count={pending}>
        {pending > 0 ? t('sync.status.pending', { count: pending }) : t('sync.status.allSynced')}
      </span>
      {files && files.waiting > 0 ? (
        <span data-testid="sync-files">
          {t('files.statusWaiting', {
            count: files.waiting,
            size: formatBytes(files.bytesLeft, i18n.language),
          })}
        </span>
      ) : null}
      {files && files.refused > 0 ? (
        <span className="sync-error" data-testid="sync-files-refused">
          {t('files.statusRefused', { count: files.refused })}
        </span>
      ) : null}
      <span data-testid="sync-last">
        {last ? t('sync.status.lastSync', { time: last }) : t('sync.status.never')}
      </span>
      {status.attention > 0 && (
        <button
          type="button"
          className="sync-attention"
          data-testid="sync-attention"
          aria-expanded={attentionOpen}
          onClick={() => setAttentionOpen((open) => !open)}
        >
          {t('sync.status.attention', { count: status.attention })}
        </button>
      )}
      {busy && !pull && <span>{t('sync.status.syncing')}</span>}
      {pull && (
        <span className="sync-progress">
          <progress value={pull.received} max={pull.estimate ?? undefined} />
          {pull.estimate !== undefined
            ? t('sync.status.pulling', { received: pull.received, estimate: pull.estimate })
            : t('sync.status.pullingNoEstimate', { received: pull.received })}
        </span>
      )}
      {message && (
        <span className="sync-error" role="alert" data-testid="sync-error" title={message}>
          {message}
        </span>
      )}
      {status.nextRetryAt && !busy && status.error && (
        <span>{t('sync.status.retryAt', { time: formatTime(status.nextRetryAt, i18n.language) })}</span>
      )}
      <button type="button" onClick={() => void engine.syncNow()} disabled={busy}>
        {t('sync.status.syncNow')}
      </button>
      {user && (
        <span className="sync-user" data-testid="sync-user">
          {t('sync.status.signedInAs', { name: user.displayName })}
          <button type="button" onClick={() => session.lock()}>
            {t('sync.status.lock')}
          </button>
          <button type="button" onClick={() => void session.logout()}>
            {t('sync.status.signOut')}
          </button>
        </span>
      )}
      {trailing}
      {attentionOpen && (
        <div className="sync-attention-panel" role="dialog" aria-label={t('sync.attention.title')}>
          <NeedsAttention />
          <button type="button" onClick={() => setAttentionOpen(false)}>
            {t('sync.conflicts.close')}
          </button>
        </div>
      )}
    </div>
  );
}

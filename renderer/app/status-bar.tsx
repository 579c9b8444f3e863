import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { useRepository } from '../features/sync/sync-context';
import { useOnline } from '../hooks/use-online';
import { formatNumber } from '../i18n/format';
import { getActor } from '../session/actor';
import { useUiStore } from '../stores/ui-store';

/** Always visible: whether we are online and how much work is still only on this device. */
export function StatusBar() {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const online = useOnline();
  const repository = useRepository();
  const pending = useLiveQuery(() => repository.pendingCount(), [repository]) ?? 0;

  return (
    <footer className="status-bar" aria-label={t('status.statusBar')}>
      <span
        className={`status-bar__online status-bar__online--${online ? 'on' : 'off'}`}
        data-testid="online-status"
      >
        <span className="status-bar__dot" aria-hidden="true" />
        {online ? t('status.online') : t('status.offline')}
      </span>
      <span className="status-bar__pending" data-testid="outbox-count" data-count={pending}>
        {pending > 0
          ? t('status.pending', { count: pending, formattedCount: formatNumber(pending, language) })
          : t('status.allSent')}
      </span>
      <span className="status-bar__spacer" />
      <span className="status-bar__shortcuts">{t('common.shortcuts')}</span>
      <span className="status-bar__device">
        {t('status.device', { id: getActor().deviceId.slice(0, 8) })}
      </span>
    </footer>
  );
}

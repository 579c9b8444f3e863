import { useTranslation } from 'react-i18next';
import { SyncStatusBar } from '../features/sync';
import { getActor } from '../session/actor';

/**
 * The one status bar (issue 17): the sync bar carries online state, pending work, files,
 * last sync, errors and the session buttons; the shell adds the shortcuts hint and the device id.
 * It used to be two stacked bars that both said "Daring".
 */
export function StatusBar() {
  const { t } = useTranslation();
  return (
    <footer className="app__footer status-bar" aria-label={t('status.statusBar')}>
      <SyncStatusBar
        trailing={
          <>
            <span className="status-bar__shortcuts" title={t('common.shortcuts')}>
              {t('common.shortcuts')}
            </span>
            <span className="status-bar__device">
              {t('status.device', { id: getActor().deviceId.slice(0, 8) })}
            </span>
          </>
        }
      />
    </footer>
  );
}

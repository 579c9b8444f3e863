import { useTranslation } from 'react-i18next';
import { getDb } from '../../db/instance';
import { useLiveQuery } from '../../hooks/use-live-query';
import { formatDateTime } from '../../i18n/format';
import { useUiStore } from '../../stores/ui-store';

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Read-only list of the open conflicts the sync engine pulled. Resolving them
 * is the conflict UI's job (renderer/features/sync); this screen only makes
 * sure an operator can see that something waits for a decision.
 */
export function OpenConflictsScreen() {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const db = getDb();
  const conflicts = useLiveQuery(() => db.conflicts.where('status').equals('open').toArray(), [db]).value;

  return (
    <section className="screen" aria-labelledby="conflicts-title">
      <header className="screen__header">
        <h1 id="conflicts-title">{t('conflicts.title')}</h1>
        <p className="screen__intro">{t('conflicts.intro')}</p>
      </header>
      {conflicts?.length === 0 ? <p className="empty">{t('conflicts.empty')}</p> : null}
      {conflicts && conflicts.length > 0 ? (
        <table className="simple-table" aria-label={t('conflicts.tableLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('conflicts.field')}</th>
              <th scope="col">{t('conflicts.server')}</th>
              <th scope="col">{t('conflicts.client')}</th>
            </tr>
          </thead>
          <tbody>
            {conflicts.map((conflict) => (
              <tr key={conflict.id}>
                <td>{conflict.path}</td>
                <td>
                  {show(conflict.server)} <small>{formatDateTime(conflict.serverAt, language)}</small>
                </td>
                <td>
                  {show(conflict.client)} <small>{formatDateTime(conflict.clientAt, language)}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

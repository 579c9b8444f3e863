import { useTranslation } from 'react-i18next';
import { getDb } from '../../db/instance';
import { useLiveQuery } from '../../hooks/use-live-query';
import { formatDateTime } from '../../i18n/format';
import { useUiStore } from '../../stores/ui-store';
import { Screen } from '../../ui/screen';
import { TableHead } from '../../ui/table-head';

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
    <Screen titleId="conflicts-title" title={t('conflicts.title')} intro={t('conflicts.intro')}>
      {conflicts?.length === 0 ? <p className="empty">{t('conflicts.empty')}</p> : null}
      {conflicts && conflicts.length > 0 ? (
        <table className="simple-table" aria-label={t('conflicts.tableLabel')}>
          <TableHead columns={[t('conflicts.field'), t('conflicts.server'), t('conflicts.client')]} />
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
    </Screen>
  );
}

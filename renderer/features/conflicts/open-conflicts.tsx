import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatDateTime } from '../../i18n/format';
import { useUiStore } from '../../stores/ui-store';
import { Screen } from '../../ui/screen';
import { TableHead } from '../../ui/table-head';
import { useRepository } from '../sync/sync-context';

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Read-only list of the open conflicts the sync engine pulled. Resolving them
 * is the conflict UI's job (renderer/features/sync); this screen only makes
 * sure an operator can see that something waits for a decision.
 */
export function OpenConflictsScreen() {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const repository = useRepository();
  const conflicts = useLiveQuery(() => repository.openConflicts(), [repository]);

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

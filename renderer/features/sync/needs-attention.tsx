// Mutations the server refused. Each can be opened (to fix by a new edit) or
// discarded; a discard is recorded on the row (who, when), not erased.
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { AttentionRow } from '../../db/database';
import { MUTATION_TOO_LARGE } from '../../sync/push';
import { useRepository, useSync } from './sync-context';

export function NeedsAttention() {
  const { t } = useTranslation();
  const { openRecord } = useSync();
  const repository = useRepository();
  const rows = useLiveQuery(() => repository.openAttention(), [repository], [] as AttentionRow[]);
  const discard = async (row: AttentionRow) => {
    if (!window.confirm(t('sync.attention.confirmDiscard'))) return;
    // Through the repository: the reverted record is stored like every other write (search keys too).
    await repository.discardAttention(row.mutationId);
  };
  return (
    <section className="needs-attention" aria-labelledby="needs-attention-title">
      <h2 id="needs-attention-title">{t('sync.attention.title')}</h2>
      {rows.length === 0 && <p>{t('sync.attention.empty')}</p>}
      <ul>
        {rows.map((row) => (
          <li key={row.mutationId} data-testid="attention-item">
            <div>
              {row.table} · {row.op ?? row.outcome} · {new Date(row.at).toLocaleString()}
            </div>
            <div>
              {row.error?.code === MUTATION_TOO_LARGE
                ? t('sync.attention.tooLarge')
                : t('sync.attention.reason', {
                    message: row.error?.message ?? row.outcome,
                    code: row.error?.code ?? row.outcome,
                  })}
            </div>
            {row.mutation && (
              <div>
                {t('sync.attention.fields')}: {Object.keys(row.mutation.patch).join(', ')}
              </div>
            )}
            {openRecord && (
              <button type="button" onClick={() => openRecord(row.table, row.recordId)}>
                {t('sync.attention.open')}
              </button>
            )}
            <button type="button" onClick={() => void discard(row)}>
              {t('sync.attention.discard')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

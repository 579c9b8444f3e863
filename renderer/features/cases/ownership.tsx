// Who owns a case, and changing it (issue 17): an operator takes an unowned
// case ("Ambil kasus"); a supervisor assigns one case here or many from the
// case list (BulkAssignBar). The change is an ordinary `ownerId` edit through
// the repository, so it syncs like any other; the server judges it on push
// (server/sync/ownership.ts: only a supervisor assigns to someone else, and
// only to an active operator or supervisor of the case's office).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseRecord } from '../../../shared/domain/case';
import type { Repository } from '../../db/repository';
import { useSaver } from '../case-file/use-saver';
import { usePeople, type People } from '../people/use-people';
import { useRepository } from '../sync/sync-context';

/** Sets the owner of every case in `ids` (one mutation each); returns how many changed. */
export async function assignCases(
  repository: Pick<Repository, 'updateRecord'>,
  ids: readonly string[],
  ownerId: string | null,
): Promise<number> {
  let changed = 0;
  for (const id of ids) {
    await repository.updateRecord('cases', id, { ownerId });
    changed += 1;
  }
  return changed;
}

function AssigneeSelect({
  people,
  value,
  onChange,
  label,
}: {
  people: People;
  value: string;
  onChange: (id: string) => void;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <label>
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('ownership.nobody')}</option>
        {people.assignable.map((p) => (
          <option key={p.id} value={p.id}>
            {p.displayName}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The owner by name, with "take" for an unowned case and "reassign" for a supervisor. */
export function CaseOwner({ record }: { record: Pick<CaseRecord, 'id' | 'ownerId' | 'status'> }) {
  const { t } = useTranslation();
  const repository = useRepository();
  const people = usePeople();
  const { run, notice } = useSaver();
  const [target, setTarget] = useState(record.ownerId ?? '');
  const supervisor = people.me?.role === 'supervisor';
  const me = people.me?.id;
  return (
    <span className="case-owner" data-testid="case-owner">
      <span data-testid="case-owner-name">
        {record.ownerId ? people.name(record.ownerId) : t('ownership.unowned')}
      </span>
      {!record.ownerId && me ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => void run(() => assignCases(repository, [record.id], me), t('ownership.taken'))}
        >
          {t('ownership.take')}
        </button>
      ) : null}
      {supervisor ? (
        <span className="case-owner__assign">
          <AssigneeSelect
            people={people}
            value={target}
            onChange={setTarget}
            label={t('ownership.assignTo')}
          />
          <button
            type="button"
            className="button button--small"
            disabled={target === (record.ownerId ?? '')}
            onClick={() =>
              void run(() => assignCases(repository, [record.id], target || null), t('ownership.assigned'))
            }
          >
            {t('ownership.assign')}
          </button>
        </span>
      ) : null}
      {notice}
    </span>
  );
}

/** The case list's bar for a supervisor's selection: assign all selected cases to one person. */
export function BulkAssignBar({ selected, onDone }: { selected: readonly string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const repository = useRepository();
  const people = usePeople();
  const { run, notice } = useSaver();
  const [target, setTarget] = useState('');
  if (people.me?.role !== 'supervisor') return null;
  return (
    <div className="bulk-bar" role="region" aria-label={t('ownership.bulk')} data-testid="bulk-assign">
      <span>{t('ownership.selected', { count: selected.length })}</span>
      <AssigneeSelect people={people} value={target} onChange={setTarget} label={t('ownership.assignTo')} />
      <button
        type="button"
        className="button button--small"
        disabled={selected.length === 0}
        onClick={() =>
          void run(
            async () => {
              const count = await assignCases(repository, selected, target || null);
              onDone();
              return count;
            },
            t('ownership.assignedMany', { count: selected.length }),
          )
        }
      >
        {t('ownership.assign')}
      </button>
      {notice}
    </div>
  );
}

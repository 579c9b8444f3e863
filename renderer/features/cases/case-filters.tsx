import { useLiveQuery } from 'dexie-react-hooks';
import type { ChangeEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnumName } from '../../../shared/domain/enums';
import type { CaseSortKey } from '../../db/repository';
import { CountryOptions } from '../../ui/country-options';
import { EnumSelect } from '../../ui/enum-select';
import { usePeople } from '../people/use-people';
import { useRepository } from '../sync/sync-context';
import { useListViewStore } from './list-filter-store';

const SORTS: CaseSortKey[] = ['receivedAt', 'draftNumber', 'status', 'urgency'];

/** A labelled filter select whose first option, `''`, is "any": over a domain enum, or over `children`. */
function FilterSelect({
  label,
  enumName,
  value,
  onChange,
  children,
}: {
  label: string;
  enumName?: EnumName;
  value: string;
  onChange: (value: string) => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const change = (e: ChangeEvent<HTMLSelectElement>) => onChange(e.target.value);
  return (
    <label>
      <span>{label}</span>
      {enumName ? (
        <EnumSelect enumName={enumName} placeholder={t('caseList.any')} value={value} onChange={change} />
      ) : (
        <select value={value} onChange={change}>
          <option value="">{t('caseList.any')}</option>
          {children}
        </select>
      )}
    </label>
  );
}

/** Filters (status, urgency, country, problem type, owner, overdue) and sort of the case list. */
export function CaseFilters() {
  const { t } = useTranslation();
  const { filter, sortBy, descending, setFilter, setSort, clear } = useListViewStore();
  const repository = useRepository();
  const owners = useLiveQuery(() => repository.caseOwners(), [repository]) ?? [];
  const people = usePeople();
  const me = people.me?.id;
  // Owners by name (the directory's spelling order); one the directory does not know reads "another user".
  const ownerOptions = owners
    .map((id) => ({ id, label: people.name(id) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (
    <div className="filter-bar" role="search" aria-label={t('caseList.filters')}>
      <button
        type="button"
        className="button button--small"
        aria-pressed={Boolean(me) && filter.ownerId === me}
        disabled={!me}
        title={me ? undefined : t('ownership.unknownMine')}
        onClick={() => setFilter({ ownerId: me && filter.ownerId !== me ? me : '' })}
      >
        {t('ownership.mine')}
      </button>
      <FilterSelect
        label={t('caseList.col.status')}
        enumName="caseStatus"
        value={filter.status}
        onChange={(status) => setFilter({ status: status as typeof filter.status })}
      />
      <FilterSelect
        label={t('caseList.col.urgency')}
        enumName="urgency"
        value={filter.urgency}
        onChange={(urgency) => setFilter({ urgency: urgency as typeof filter.urgency })}
      />
      <FilterSelect
        label={t('caseList.col.country')}
        value={filter.country}
        onChange={(country) => setFilter({ country })}
      >
        <CountryOptions />
      </FilterSelect>
      <FilterSelect
        label={t('caseList.problem')}
        enumName="problemType"
        value={filter.problemType}
        onChange={(problemType) => setFilter({ problemType })}
      />
      <FilterSelect
        label={t('caseView.owner')}
        value={filter.ownerId}
        onChange={(ownerId) => setFilter({ ownerId })}
      >
        {ownerOptions.map((o) => (
          <option key={o.id} value={o.id}>
            {o.id === me ? `${o.label} (${t('people.you')})` : o.label}
          </option>
        ))}
      </FilterSelect>
      <label className="filter-bar__check">
        <input
          type="checkbox"
          checked={filter.overdue}
          onChange={(e) => setFilter({ overdue: e.target.checked })}
        />
        <span>{t('caseList.overdue')}</span>
      </label>
      <label>
        <span>{t('caseList.sortBy')}</span>
        <select value={sortBy} onChange={(e) => setSort(e.target.value as CaseSortKey, descending)}>
          {SORTS.map((key) => (
            <option key={key} value={key}>
              {t(`caseList.sort.${key}`)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button button--small"
        onClick={() => setSort(sortBy, !descending)}
        aria-label={descending ? t('caseList.descending') : t('caseList.ascending')}
        title={descending ? t('caseList.descending') : t('caseList.ascending')}
      >
        {descending ? '↓' : '↑'}
      </button>
      <button type="button" className="link-button" onClick={clear}>
        {t('caseList.clear')}
      </button>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { CaseSortKey } from '../../db/repository';
import { getRepository } from '../../db/instance';
import { useLiveQuery } from '../../hooks/use-live-query';
import { DESTINATION_COUNTRIES } from '../../reference/missions';
import { useUiStore } from '../../stores/ui-store';
import { EnumSelect } from '../../ui/enum-select';
import { useListViewStore } from './list-filter-store';

const SORTS: CaseSortKey[] = ['receivedAt', 'draftNumber', 'status', 'urgency'];

/** Filters (status, urgency, country, problem type, owner, overdue) and sort of the case list. */
export function CaseFilters() {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const { filter, sortBy, descending, setFilter, setSort, clear } = useListViewStore();
  const repository = getRepository();
  const owners = useLiveQuery(() => repository.caseOwners(), [repository]).value ?? [];
  return (
    <div className="filter-bar" role="search" aria-label={t('caseList.filters')}>
      <label>
        <span>{t('caseList.col.status')}</span>
        <EnumSelect
          enumName="caseStatus"
          placeholder={t('caseList.any')}
          value={filter.status}
          onChange={(e) => setFilter({ status: e.target.value as typeof filter.status })}
        />
      </label>
      <label>
        <span>{t('caseList.col.urgency')}</span>
        <EnumSelect
          enumName="urgency"
          placeholder={t('caseList.any')}
          value={filter.urgency}
          onChange={(e) => setFilter({ urgency: e.target.value as typeof filter.urgency })}
        />
      </label>
      <label>
        <span>{t('caseList.col.country')}</span>
        <select value={filter.country} onChange={(e) => setFilter({ country: e.target.value })}>
          <option value="">{t('caseList.any')}</option>
          {DESTINATION_COUNTRIES.map((c) => (
            <option key={c.code} value={c.code}>
              {language === 'id' ? c.nameId : c.nameEn}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('caseList.problem')}</span>
        <EnumSelect
          enumName="problemType"
          placeholder={t('caseList.any')}
          value={filter.problemType}
          onChange={(e) => setFilter({ problemType: e.target.value })}
        />
      </label>
      <label>
        <span>{t('caseView.owner')}</span>
        <select value={filter.ownerId} onChange={(e) => setFilter({ ownerId: e.target.value })}>
          <option value="">{t('caseList.any')}</option>
          {owners.map((owner) => (
            <option key={owner} value={owner}>
              {owner}
            </option>
          ))}
        </select>
      </label>
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

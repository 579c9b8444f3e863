import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalCase } from '../../db/database';
import { formatDate, formatNumber } from '../../i18n/format';
import { countryName } from '../../reference/missions';
import { useUiStore } from '../../stores/ui-store';
import { StatusBadge, UrgencyBadge } from '../../ui/badge';
import { useRepository } from '../sync/sync-context';
import { usePeople } from '../people/use-people';
import { CaseFilters } from './case-filters';
import { isFiltered, useListViewStore } from './list-filter-store';
import { useListTopOnChange } from './use-list-top';
import { BulkAssignBar } from './ownership';

const ROW_HEIGHT = 36;

/**
 * The case list. Virtualized, and only the visible window (plus overscan) is
 * read from IndexedDB with offset/limit on the receivedAt index, so 100,000
 * cases cost what 40 do.
 */
export function CaseListScreen() {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const navigate = useUiStore((state) => state.navigate);
  const repository = useRepository();
  const scrollRef = useRef<HTMLDivElement>(null);
  // A supervisor selects cases to assign them at once (BulkAssignBar); operators see no checkboxes.
  const supervisor = usePeople().me?.role === 'supervisor';
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const view = useListViewStore();
  const filtered = isFiltered(view);
  const viewKey = JSON.stringify([view.filter, view.sortBy, view.descending]);
  // Filtered: the matching ids in order, computed once per filter; unfiltered: the index pages itself.
  const ids = useLiveQuery(
    async () =>
      filtered
        ? repository.filterCaseIds(view.filter, view.sortBy, view.descending, new Date(Date.now()))
        : null,
    [repository, filtered, viewKey],
  );
  const allCount = useLiveQuery(() => repository.countCases(), [repository]);
  const all = allCount ?? 0;
  const total = filtered ? (ids?.length ?? 0) : all;
  // Until the count (or the filtered ids) arrive, say "loading", never "no cases".
  const loading = allCount === undefined || (filtered && ids === undefined);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  // The virtualizer keeps its own offset: tell it too, so the first rows render at once.
  useListTopOnChange(scrollRef, viewKey, () => virtualizer.scrollToOffset(0));
  const items = virtualizer.getVirtualItems();
  const start = items[0]?.index ?? 0;
  const end = items.at(-1)?.index ?? 40;
  const page = useLiveQuery(
    async () => ({
      offset: start,
      rows: filtered
        ? ids
          ? await repository.casesByIds(ids.slice(start, end + 1))
          : []
        : await repository.listCases({
            offset: start,
            limit: end - start + 1,
            sortBy: view.sortBy,
            descending: view.descending,
          }),
    }),
    [repository, start, end, ids, filtered, view.sortBy, view.descending],
  );

  const rowAt = (index: number): LocalCase | undefined =>
    page && index >= page.offset ? page.rows[index - page.offset] : undefined;
  const open = (row: LocalCase) => navigate({ name: 'case', id: row.id });
  const onRowKey = (event: KeyboardEvent, row: LocalCase | undefined) => {
    if (row && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      open(row);
    }
  };

  return (
    <section className="screen screen--fill" aria-labelledby="case-list-title">
      <header className="screen__header screen__header--row">
        <h1 id="case-list-title">{t('caseList.title')}</h1>
        <span className="screen__count" data-testid="case-count">
          {filtered
            ? t('caseList.countFiltered', {
                count: total,
                formattedCount: formatNumber(total, language),
                formattedAll: formatNumber(all, language),
              })
            : t('caseList.count', { count: total, formattedCount: formatNumber(total, language) })}
        </span>
      </header>
      <CaseFilters />
      {supervisor && selected.size > 0 ? (
        <BulkAssignBar selected={[...selected]} onDone={() => setSelected(new Set())} />
      ) : null}
      {loading ? (
        <p className="empty">{t('app.loading')}</p>
      ) : total === 0 ? (
        <p className="empty" data-testid="case-list-empty">
          {filtered && all > 0 ? t('caseList.noMatch') : t('caseList.empty')}
        </p>
      ) : (
        <div
          className={supervisor ? 'table table--selectable' : 'table'}
          role="table"
          aria-label={t('caseList.tableLabel')}
          aria-rowcount={total + 1}
        >
          <div className="table__head" role="rowgroup">
            <div className="table__row table__row--head" role="row" aria-rowindex={1}>
              {supervisor ? (
                <span role="columnheader" className="table__cell table__cell--select">
                  {selected.size > 0 ? String(selected.size) : ''}
                </span>
              ) : null}
              {(['number', 'worker', 'country', 'status', 'urgency', 'receivedAt'] as const).map((col) => (
                <span key={col} role="columnheader" className={`table__cell table__cell--${col}`}>
                  {t(`caseList.col.${col}`)}
                </span>
              ))}
            </div>
          </div>
          <div className="table__body" ref={scrollRef} role="rowgroup">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = rowAt(item.index);
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    tabIndex={row ? 0 : -1}
                    className="table__row table__row--body"
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      height: ROW_HEIGHT,
                      transform: `translateY(${item.start}px)`,
                    }}
                    onClick={row ? () => open(row) : undefined}
                    onKeyDown={(event) => onRowKey(event, row)}
                  >
                    {row ? (
                      <>
                        {supervisor ? (
                          <span role="cell" className="table__cell table__cell--select">
                            <input
                              type="checkbox"
                              aria-label={t('ownership.select', {
                                number: row.caseNumber ?? row.draftNumber,
                              })}
                              checked={selected.has(row.id)}
                              onClick={(event) => event.stopPropagation()}
                              onKeyDown={(event) => event.stopPropagation()}
                              onChange={() => toggle(row.id)}
                            />
                          </span>
                        ) : null}
                        <span role="cell" className="table__cell table__cell--number">
                          {row.caseNumber ?? row.draftNumber}
                        </span>
                        <span role="cell" className="table__cell table__cell--worker">
                          {row.worker.fullName}
                        </span>
                        <span role="cell" className="table__cell table__cell--country">
                          {countryName(row.destinationCountry, language)}
                        </span>
                        <span role="cell" className="table__cell table__cell--status">
                          <StatusBadge status={row.status} />
                        </span>
                        <span role="cell" className="table__cell table__cell--urgency">
                          <UrgencyBadge urgency={row.urgency} />
                        </span>
                        <span role="cell" className="table__cell table__cell--receivedAt">
                          {formatDate(row.receivedAt, language)}
                        </span>
                      </>
                    ) : (
                      <span role="cell" className="table__cell table__cell--loading">
                        {t('caseList.loadingRow')}
                      </span>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

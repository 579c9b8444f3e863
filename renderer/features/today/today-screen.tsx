import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TodayItem } from '../../../shared/domain/follow-up';
import type { LocalCase } from '../../db/database';
import { useLiveQuery } from 'dexie-react-hooks';
import { enumKey } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { countryName } from '../../reference/missions';
import { useUiStore } from '../../stores/ui-store';
import { UrgencyBadge } from '../../ui/badge';
import { Screen } from '../../ui/screen';
import { usePeople } from '../people/use-people';
import { useRepository } from '../sync/sync-context';
import { computeFollowUp } from './follow-up';

const SHOW = 300;

function CaseButton({ row, detail, owner }: { row: LocalCase; detail: string; owner?: string }) {
  const navigate = useUiStore((state) => state.navigate);
  const language = useUiStore((state) => state.language);
  return (
    <button type="button" className="worklist__item" onClick={() => navigate({ name: 'case', id: row.id })}>
      <span className="worklist__number">{row.caseNumber ?? row.draftNumber}</span>
      <span className="worklist__name">{row.worker.fullName}</span>
      <span className="worklist__country">{countryName(row.destinationCountry, language)}</span>
      <UrgencyBadge urgency={row.urgency} />
      <span className="worklist__due">{detail}</span>
      {owner !== undefined ? (
        <span className="worklist__owner" data-testid="queue-owner">
          {owner}
        </span>
      ) : null}
    </button>
  );
}

/**
 * "Hari ini": families whose promised update is due today or overdue, and
 * referrals past their reply date (todayList); a second tab holds the
 * supervisor's queues. "Now" is Date.now(), re-read every minute.
 */
export function TodayScreen() {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const repository = useRepository();
  // The supervisor's queues name each case's owner (issue 17), from the office directory.
  const people = usePeople();
  const [tab, setTab] = useState<'today' | 'supervisor'>('today');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const snapshot = useLiveQuery(() => repository.followUpSnapshot(), [repository]);
  const follow = useMemo(() => (snapshot ? computeFollowUp(snapshot, now) : undefined), [snapshot, now]);

  const label = (item: TodayItem) =>
    t(`today.kind.${item.kind}`, { when: formatDateTime(item.dueAt, language) });

  return (
    <Screen titleId="today-title" title={t('today.title')} intro={t('today.intro')}>
      <div className="tabs" role="tablist" aria-label={t('today.tabs')}>
        {(['today', 'supervisor'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            className="tabs__tab"
            onClick={() => setTab(name)}
          >
            {t(`today.tab.${name}`)}
            {follow && name === 'today' ? (
              <span className="tabs__count">{formatNumber(follow.today.length, language)}</span>
            ) : null}
          </button>
        ))}
      </div>
      {follow === undefined ? <p className="empty">{t('app.loading')}</p> : null}
      {follow && tab === 'today' ? (
        <div role="tabpanel" id="panel-today" aria-labelledby="tab-today">
          {follow.today.length === 0 ? <p className="empty">{t('today.empty')}</p> : null}
          <ul className="worklist" aria-label={t('today.tableLabel')}>
            {follow.today.slice(0, SHOW).map((item) => {
              const row = follow.byId.get(item.caseId);
              return row ? (
                <li
                  key={`${item.caseId}-${item.kind}-${item.dueAt}`}
                  className={`worklist__row worklist__row--${item.kind}`}
                >
                  <CaseButton row={row} detail={label(item)} />
                </li>
              ) : null;
            })}
          </ul>
          {follow.today.length > SHOW ? (
            <p className="muted">{t('today.more', { count: follow.today.length - SHOW })}</p>
          ) : null}
        </div>
      ) : null}
      {follow && tab === 'supervisor' ? (
        <div role="tabpanel" id="panel-supervisor" aria-labelledby="tab-supervisor" className="queues">
          {(
            [
              [
                'overduePromises',
                follow.queues.overduePromises.map((id) => ({ id, detail: t('today.queue.overdueDetail') })),
              ],
              [
                'staleReferrals',
                [...new Set(follow.queues.staleReferrals)].map((id) => ({
                  id,
                  detail: t('today.queue.staleDetail'),
                })),
              ],
              [
                'urgentIdle',
                follow.queues.urgentIdle.map((id) => ({ id, detail: t('today.queue.idleDetail') })),
              ],
              [
                'nearClosure',
                follow.queues.nearClosure.map((n) => ({
                  id: n.caseId,
                  detail: t('today.queue.closureDetail', {
                    reason: t(enumKey('closureReason', n.reason)),
                    count: Math.max(0, n.daysLeft),
                  }),
                })),
              ],
            ] as const
          ).map(([name, rows]) => (
            <section key={name} className="panel" aria-labelledby={`queue-${name}`}>
              <h2 id={`queue-${name}`}>
                {t(`today.queue.${name}`)}{' '}
                <span className="tabs__count">{formatNumber(rows.length, language)}</span>
              </h2>
              {rows.length === 0 ? <p className="empty">{t('today.queue.empty')}</p> : null}
              <ul className="worklist">
                {rows.slice(0, 50).map(({ id, detail }) => {
                  const row = follow.byId.get(id);
                  return row ? (
                    <li key={`${name}-${id}`}>
                      <CaseButton
                        row={row}
                        detail={detail}
                        owner={row.ownerId ? people.name(row.ownerId) : t('ownership.unowned')}
                      />
                    </li>
                  ) : null;
                })}
              </ul>
            </section>
          ))}
        </div>
      ) : null}
    </Screen>
  );
}

// Shared by the Today screen, the supervisor queues and the notifier: the
// snapshot of open cases, run through the pure promise engine in shared/.
import { supervisorQueues, todayList } from '../../../shared/domain/follow-up';
import type { SupervisorQueues, TodayItem } from '../../../shared/domain/follow-up';
import type { LocalCase } from '../../db/database';
import type { FollowUpSnapshot } from '../../db/repository';
import { endOfLocalDay } from '../case-file/datetime';

export interface FollowUp {
  today: TodayItem[];
  queues: SupervisorQueues;
  byId: Map<string, LocalCase>;
}

export function computeFollowUp(snapshot: FollowUpSnapshot, now: number): FollowUp {
  const iso = new Date(now).toISOString();
  return {
    today: todayList(snapshot.cases, snapshot.contacts, snapshot.referrals, iso, endOfLocalDay(now)),
    queues: supervisorQueues(snapshot.cases, snapshot.contacts, snapshot.referrals, iso),
    byId: new Map(snapshot.cases.map((c) => [c.id, c])),
  };
}

/** Promises that have fallen due by `now` and were not notified yet (one per case per due time). */
export function newlyDue(
  items: readonly TodayItem[],
  now: number,
  notified: ReadonlySet<string>,
): TodayItem[] {
  return items.filter(
    (item) =>
      item.kind !== 'referral_stale' && Date.parse(item.dueAt) <= now && !notified.has(notifyKey(item)),
  );
}

export function notifyKey(item: Pick<TodayItem, 'caseId' | 'dueAt'>): string {
  return `${item.caseId}@${item.dueAt}`;
}

import { useEffect, useRef } from 'react';
import i18next from 'i18next';
import type { TodayItem } from '../../../shared/domain/follow-up';
import type { NotificationRequest, PlatformBridge } from '../../../shared/platform/bridge';
import type { LocalCase } from '../../db/database';
import { useRepository } from '../sync/sync-context';
import { computeFollowUp, newlyDue, notifyKey } from './follow-up';

const STORAGE_KEY = 'posko.notifiedPromises';
const LAST_CHECK_KEY = 'posko.notifiedUntil';
/** At start-up, promises that fell due in the last day still get a notification; older ones are on the list. */
const LOOKBACK_MS = 86_400_000;
const KEEP = 2000;
const CHECK_EVERY_MS = 60_000;
const FIRST_CHECK_MS = 5_000;

function loadNotified(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** What one check shows: a name and case number only while unlocked; while locked, a count at most. */
export function dueNotification(
  due: readonly TodayItem[],
  cases: ReadonlyMap<string, Pick<LocalCase, 'caseNumber' | 'draftNumber' | 'worker'>>,
  locked: boolean,
): NotificationRequest {
  const title = i18next.t('notify.dueTitle');
  const first = due[0] && cases.get(due[0].caseId);
  if (!locked && due.length === 1 && first && due[0]) {
    return {
      title,
      body: i18next.t('notify.dueOne', {
        number: first.caseNumber ?? first.draftNumber,
        name: first.worker.fullName,
      }),
      tag: notifyKey(due[0]),
    };
  }
  return { title, body: i18next.t('notify.dueMany', { count: due.length }) };
}

/**
 * A desktop notification (through the platform bridge) when a promised update
 * falls due: once per case per due time, remembered across restarts. Many at
 * once (after a weekend) become one summary notification. While the console is
 * locked (`isLocked`) it keeps watching but says only how many are due: a
 * locked desk shows no worker's name or case number.
 */
export function useDueNotifications(isLocked: boolean, platform: Pick<PlatformBridge, 'notify'>): void {
  const repository = useRepository();
  const locked = useRef(isLocked);
  useEffect(() => {
    locked.current = isLocked;
  }, [isLocked]);
  useEffect(() => {
    let stopped = false;
    const check = async () => {
      const now = Date.now();
      const stored = Number(localStorage.getItem(LAST_CHECK_KEY));
      const since =
        Number.isFinite(stored) && stored > now - LOOKBACK_MS && stored <= now ? stored : now - LOOKBACK_MS;
      const snapshot = await repository.followUpCandidates(
        new Date(since).toISOString(),
        new Date(now).toISOString(),
      );
      if (stopped) return;
      localStorage.setItem(LAST_CHECK_KEY, String(now));
      const notified = loadNotified();
      const due = newlyDue(computeFollowUp(snapshot, now).today, now, new Set(notified)).filter(
        (item) => Date.parse(item.dueAt) > since,
      );
      if (due.length === 0) return;
      const byId = new Map(snapshot.cases.map((c) => [c.id, c]));
      const request = dueNotification(due, byId, locked.current);
      await platform.notify(request);
      const next = [...notified, ...due.map(notifyKey)].slice(-KEEP);
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      } catch {
        // Storage disabled: we may notify again after a restart, which is the safe side.
      }
    };
    const run = () => void check().catch((error: unknown) => console.warn('due check failed', error));
    // The first check waits for the console to settle: reading every open case
    // must not compete with the list's first page at start-up.
    const first = setTimeout(run, FIRST_CHECK_MS);
    const timer = setInterval(run, CHECK_EVERY_MS);
    return () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [repository, platform]);
}

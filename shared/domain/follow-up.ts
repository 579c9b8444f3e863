// The promised-update engine and the supervisor's queues, as pure functions
// of records and "now", so the console, the server and tests agree and the
// clock can be injected. Times are ISO strings; arithmetic in UTC ms.
import type { CaseStatus, Urgency } from './enums';
import { CLOSED_STATUSES } from './workflow';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How often the family must hear from us (DOMAIN.md workflow step 5). */
export const PROMISE_CADENCE_DAYS: Record<Urgency, number> = { normal: 7, urgent: 2, critical: 1 };
/** Reply due for a referral or letter (workflow step 4): 7 days, 48 hours when urgent. */
export const REFERRAL_REPLY_DAYS: Record<Urgency, number> = { normal: 7, urgent: 2, critical: 2 };
/** Document chase reminders, warning and closure candidate, in days since registration (step 3). */
export const DOCUMENT_REMINDER_DAYS = [3, 7, 14, 21] as const;
export const DOCUMENT_WARNING_DAY = 25;
export const DOCUMENT_CLOSURE_DAY = 30;
export const UNREACHABLE_CLOSURE_DAYS = 60;
export const URGENT_IDLE_HOURS = 24;

export interface CaseLike {
  id: string;
  status: CaseStatus;
  urgency: Urgency;
  receivedAt: string;
  ownerId: string | null;
  updatedAt: string | null;
  deleted: boolean;
}
export interface ContactLike {
  caseId: string;
  at: string;
  result: 'connected' | 'no_answer' | 'wrong_number' | 'sent';
  nextPromiseAt: string | null;
  deleted: boolean;
}
export interface ReferralLike {
  caseId: string;
  status: 'draft' | 'sent' | 'replied' | 'overdue' | 'closed';
  replyDueAt: string | null;
  sentAt: string | null;
  deleted: boolean;
}

const ms = (iso: string) => Date.parse(iso);
const isOpen = (c: CaseLike) => !c.deleted && !CLOSED_STATUSES.includes(c.status);

/** The default next promise after a contact made at `at`. */
export function defaultNextPromise(at: string, urgency: Urgency): string {
  return new Date(ms(at) + PROMISE_CADENCE_DAYS[urgency] * DAY).toISOString();
}

export function defaultReplyDue(sentAt: string, urgency: Urgency): string {
  return new Date(ms(sentAt) + REFERRAL_REPLY_DAYS[urgency] * DAY).toISOString();
}

export interface PromiseState {
  /** The promise in force: from the newest contact that made one; or, with none, receipt + cadence. */
  dueAt: string;
  lastContactAt: string | null;
  lastReachedAt: string | null;
  overdue: boolean;
  dueToday: boolean;
}

/** The promise in force for one case, given its contacts. `dayEnd` bounds "today" in the operator's zone. */
export function promiseState(
  c: CaseLike,
  contacts: readonly ContactLike[],
  now: string,
  dayEnd: string,
): PromiseState {
  const own = contacts.filter((x) => x.caseId === c.id && !x.deleted).sort((a, b) => ms(a.at) - ms(b.at));
  const last = own.at(-1) ?? null;
  const lastPromise = [...own].reverse().find((x) => x.nextPromiseAt !== null) ?? null;
  const lastReached = [...own].reverse().find((x) => x.result === 'connected' || x.result === 'sent') ?? null;
  // A family reached later without a new promise is owed the default cadence
  // from that contact; a call nobody answered does not reset anything.
  const reachedSince =
    lastReached && (!lastPromise || ms(lastReached.at) > ms(lastPromise.at)) ? lastReached : null;
  const dueAt = reachedSince
    ? defaultNextPromise(reachedSince.at, c.urgency)
    : (lastPromise?.nextPromiseAt ?? defaultNextPromise(c.receivedAt, c.urgency));
  return {
    dueAt,
    lastContactAt: last?.at ?? null,
    lastReachedAt: lastReached?.at ?? null,
    overdue: ms(dueAt) < ms(now),
    dueToday: ms(dueAt) >= ms(now) && ms(dueAt) <= ms(dayEnd),
  };
}

export interface TodayItem {
  caseId: string;
  kind: 'promise_overdue' | 'promise_due' | 'referral_stale';
  dueAt: string;
}

/** The "today" call list: due and overdue families, and referrals past their reply date. */
export function todayList(
  cases: readonly CaseLike[],
  contacts: readonly ContactLike[],
  referrals: readonly ReferralLike[],
  now: string,
  dayEnd: string,
): TodayItem[] {
  const items: TodayItem[] = [];
  const byCase = groupBy(contacts, (x) => x.caseId);
  const open = new Set<string>();
  for (const c of cases) {
    if (!isOpen(c)) continue;
    open.add(c.id);
    const p = promiseState(c, byCase.get(c.id) ?? [], now, dayEnd);
    if (p.overdue) items.push({ caseId: c.id, kind: 'promise_overdue', dueAt: p.dueAt });
    else if (p.dueToday) items.push({ caseId: c.id, kind: 'promise_due', dueAt: p.dueAt });
  }
  for (const r of referrals) {
    if (r.deleted || !open.has(r.caseId) || r.status !== 'sent' || !r.replyDueAt) continue;
    if (ms(r.replyDueAt) <= ms(dayEnd))
      items.push({ caseId: r.caseId, kind: 'referral_stale', dueAt: r.replyDueAt });
  }
  return items.sort((a, b) => ms(a.dueAt) - ms(b.dueAt));
}

export interface SupervisorQueues {
  overduePromises: string[];
  staleReferrals: string[];
  urgentIdle: string[];
  nearClosure: {
    caseId: string;
    reason: 'documents_incomplete_30d' | 'reporter_unreachable_60d';
    daysLeft: number;
  }[];
}

/** The supervisor's daily queues (workflow step 7). */
export function supervisorQueues(
  cases: readonly CaseLike[],
  contacts: readonly ContactLike[],
  referrals: readonly ReferralLike[],
  now: string,
): SupervisorQueues {
  const q: SupervisorQueues = { overduePromises: [], staleReferrals: [], urgentIdle: [], nearClosure: [] };
  const byCase = groupBy(contacts, (x) => x.caseId);
  const t = ms(now);
  for (const c of cases) {
    if (!isOpen(c)) continue;
    const own = byCase.get(c.id) ?? [];
    const p = promiseState(c, own, now, now);
    if (p.overdue) q.overduePromises.push(c.id);
    const lastActivity = Math.max(ms(c.updatedAt ?? c.receivedAt), p.lastContactAt ? ms(p.lastContactAt) : 0);
    if (c.urgency !== 'normal' && t - lastActivity > URGENT_IDLE_HOURS * HOUR) q.urgentIdle.push(c.id);
    if (c.status === 'awaiting_documents') {
      const days = Math.floor((t - ms(c.receivedAt)) / DAY);
      if (days >= DOCUMENT_WARNING_DAY)
        q.nearClosure.push({
          caseId: c.id,
          reason: 'documents_incomplete_30d',
          daysLeft: DOCUMENT_CLOSURE_DAY - days,
        });
    }
    const reachedAt = p.lastReachedAt ?? c.receivedAt;
    const unreachableDays = Math.floor((t - ms(reachedAt)) / DAY);
    if (unreachableDays >= UNREACHABLE_CLOSURE_DAYS - 7)
      q.nearClosure.push({
        caseId: c.id,
        reason: 'reporter_unreachable_60d',
        daysLeft: UNREACHABLE_CLOSURE_DAYS - unreachableDays,
      });
  }
  const open = new Set(cases.filter(isOpen).map((c) => c.id));
  for (const r of referrals) {
    if (!r.deleted && open.has(r.caseId) && r.status === 'sent' && r.replyDueAt && ms(r.replyDueAt) < t)
      q.staleReferrals.push(r.caseId);
  }
  return q;
}

/** The next document reminder day after registration, or the warning/closure stage reached. */
export function documentChaseStage(
  receivedAt: string,
  now: string,
): {
  daysSince: number;
  stage: 'reminder' | 'warning' | 'closure_candidate';
  nextReminderDay: number | null;
} {
  const daysSince = Math.floor((ms(now) - ms(receivedAt)) / DAY);
  const next = DOCUMENT_REMINDER_DAYS.find((d) => d > daysSince) ?? null;
  const stage =
    daysSince >= DOCUMENT_CLOSURE_DAY
      ? 'closure_candidate'
      : daysSince >= DOCUMENT_WARNING_DAY
        ? 'warning'
        : 'reminder';
  return { daysSince, stage, nextReminderDay: next };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

import { describe, expect, it } from 'vitest';
import {
  documentChaseStage,
  promiseState,
  supervisorQueues,
  todayList,
  type CaseLike,
  type ContactLike,
  type ReferralLike,
} from '../../../shared/domain/follow-up';
import { legalRegime, urgencyForDanger } from '../../../shared/domain/legal';

const kase = (over: Partial<CaseLike> = {}): CaseLike => ({
  id: 'c1',
  status: 'received',
  urgency: 'normal',
  receivedAt: '2026-11-01T02:00:00.000Z',
  ownerId: 'u1',
  updatedAt: '2026-11-01T02:00:00.000Z',
  deleted: false,
  ...over,
});
const contact = (over: Partial<ContactLike>): ContactLike => ({
  caseId: 'c1',
  at: '2026-11-01T03:00:00.000Z',
  result: 'connected',
  nextPromiseAt: null,
  deleted: false,
  ...over,
});

describe('promised-update engine', () => {
  it('uses the promise of the newest contact that made one', () => {
    const p = promiseState(
      kase(),
      [contact({ nextPromiseAt: '2026-11-08T03:00:00.000Z' })],
      '2026-11-08T00:00:00.000Z',
      '2026-11-08T16:59:59.999Z',
    );
    expect(p).toMatchObject({ dueAt: '2026-11-08T03:00:00.000Z', overdue: false, dueToday: true });
  });

  it('falls back to the cadence by urgency from receipt: weekly, every 2 days when urgent', () => {
    expect(promiseState(kase(), [], '2026-11-02T00:00:00Z', '2026-11-02T23:00:00Z').dueAt).toBe(
      '2026-11-08T02:00:00.000Z',
    );
    expect(
      promiseState(kase({ urgency: 'urgent' }), [], '2026-11-02T00:00:00Z', '2026-11-02T23:00:00Z').dueAt,
    ).toBe('2026-11-03T02:00:00.000Z');
  });

  it('a later reached contact without a promise restarts the cadence; an unanswered call does not', () => {
    const promised = contact({ at: '2026-11-01T03:00:00.000Z', nextPromiseAt: '2026-11-04T03:00:00.000Z' });
    const noAnswer = contact({ at: '2026-11-03T03:00:00.000Z', result: 'no_answer' });
    expect(
      promiseState(kase(), [promised, noAnswer], '2026-11-05T00:00:00Z', '2026-11-05T23:00:00Z'),
    ).toMatchObject({
      dueAt: '2026-11-04T03:00:00.000Z',
      overdue: true,
    });
    const reached = contact({ at: '2026-11-03T03:00:00.000Z', result: 'connected' });
    expect(
      promiseState(kase(), [promised, reached], '2026-11-05T00:00:00Z', '2026-11-05T23:00:00Z'),
    ).toMatchObject({
      dueAt: '2026-11-10T03:00:00.000Z',
      overdue: false,
    });
  });

  it('lists due and overdue families and stale referrals for today, skipping closed cases', () => {
    const cases = [kase({ id: 'a' }), kase({ id: 'b', status: 'resolved' }), kase({ id: 'c' })];
    const contacts = [
      contact({ caseId: 'a', nextPromiseAt: '2026-11-08T05:00:00.000Z' }),
      contact({ caseId: 'b', nextPromiseAt: '2026-11-08T05:00:00.000Z' }),
      contact({ caseId: 'c', nextPromiseAt: '2026-11-20T05:00:00.000Z' }),
    ];
    const referrals: ReferralLike[] = [
      {
        caseId: 'c',
        status: 'sent',
        replyDueAt: '2026-11-07T00:00:00.000Z',
        sentAt: '2026-10-31T00:00:00Z',
        deleted: false,
      },
    ];
    const list = todayList(
      cases,
      contacts,
      referrals,
      '2026-11-08T01:00:00.000Z',
      '2026-11-08T16:59:59.999Z',
    );
    expect(list).toEqual([
      { caseId: 'c', kind: 'referral_stale', dueAt: '2026-11-07T00:00:00.000Z' },
      { caseId: 'a', kind: 'promise_due', dueAt: '2026-11-08T05:00:00.000Z' },
    ]);
  });

  it('builds supervisor queues: overdue promises, stale referrals, urgent idle 24 h, near closure', () => {
    const cases = [
      kase({ id: 'u', urgency: 'urgent', updatedAt: '2026-11-01T02:00:00.000Z' }),
      kase({
        id: 'd',
        status: 'awaiting_documents',
        receivedAt: '2026-10-05T00:00:00.000Z',
        updatedAt: '2026-11-01T00:00:00Z',
      }),
    ];
    const q = supervisorQueues(cases, [], [], '2026-11-03T03:00:00.000Z');
    expect(q.urgentIdle).toEqual(['u']);
    expect(q.overduePromises).toEqual(['u', 'd']);
    expect(q.nearClosure).toContainEqual({ caseId: 'd', reason: 'documents_incomplete_30d', daysLeft: 1 });
  });

  it('chases documents on days 3, 7, 14, 21, warns on 25 and proposes closure on 30', () => {
    expect(documentChaseStage('2026-11-01T00:00:00Z', '2026-11-05T00:00:00Z')).toEqual({
      daysSince: 4,
      stage: 'reminder',
      nextReminderDay: 7,
    });
    expect(documentChaseStage('2026-11-01T00:00:00Z', '2026-11-27T00:00:00Z').stage).toBe('warning');
    expect(documentChaseStage('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z').stage).toBe(
      'closure_candidate',
    );
  });
});

describe('legal regime', () => {
  it('follows the departure date', () => {
    expect(legalRegime('2013-05-01')).toEqual({
      law: 'uu_39_2004',
      workerCard: 'ktkln',
      insurance: 'private_consortium',
      terms: 'tki',
    });
    expect(legalRegime('2016-01-01')).toMatchObject({ law: 'uu_39_2004', workerCard: 'id_pmi' });
    expect(legalRegime('2019-03-01')).toEqual({
      law: 'uu_18_2017',
      workerCard: 'id_pmi',
      insurance: 'bpjs_ketenagakerjaan',
      terms: 'pmi',
    });
    expect(legalRegime(null)).toBeNull();
  });

  it('danger signs raise urgency, never lower it', () => {
    expect(urgencyForDanger([], 'normal')).toBe('normal');
    expect(urgencyForDanger(['violence'], 'normal')).toBe('urgent');
    expect(urgencyForDanger(['death'], 'urgent')).toBe('critical');
    expect(urgencyForDanger([], 'critical')).toBe('critical');
  });
});

// Read paths behind the follow-up promises: what is due, the snapshot the
// promise engine works on, and the narrow candidate set the notifier polls.
// Plain functions of the database; the Repository delegates here.
import type { ContactRecord } from '../../shared/domain/events';
import { PROMISE_CADENCE_DAYS } from '../../shared/domain/follow-up';
import { CLOSED_STATUSES } from '../../shared/domain/workflow';
import type { LocalCase, PoskoDb } from './database';
import type { FollowUpSnapshot } from './repository-types';

/** Cases whose latest contact promised the family an update at or before `until`. */
export async function duePromises(
  db: PoskoDb,
  until: Date,
): Promise<{ case: LocalCase; contact: ContactRecord }[]> {
  const candidates = await db.contacts.where('nextPromiseAt').belowOrEqual(until.toISOString()).toArray();
  const caseIds = [...new Set(candidates.map((contact) => contact.caseId))];
  const due: { case: LocalCase; contact: ContactRecord }[] = [];
  for (const caseId of caseIds) {
    const contacts = (await db.contacts.where('caseId').equals(caseId).sortBy('at')).filter(
      (c) => !c.deleted,
    );
    const latest = contacts.at(-1);
    const owner = await db.cases.get(caseId);
    // A later contact replaces the earlier promise: only the latest one counts.
    if (owner && latest?.nextPromiseAt && latest.nextPromiseAt <= until.toISOString()) {
      due.push({ case: owner, contact: latest });
    }
  }
  return due.sort((a, b) => (a.contact.nextPromiseAt ?? '').localeCompare(b.contact.nextPromiseAt ?? ''));
}

/** Open cases, their contacts and referrals (what the promise engine needs). */
export async function followUpSnapshot(db: PoskoDb): Promise<FollowUpSnapshot> {
  return db.transaction('r', [db.cases, db.contacts, db.referrals], async () => {
    const cases = await db.cases
      .where('status')
      .noneOf([...CLOSED_STATUSES])
      .filter((c) => !c.deleted)
      .toArray();
    const [contacts, referrals] = await Promise.all([
      db.contacts.filter((c) => !c.deleted).toArray(),
      db.referrals.filter((r) => !r.deleted).toArray(),
    ]);
    return { cases, contacts, referrals };
  });
}

/**
 * The follow-up snapshot restricted to cases whose promise may fall due in
 * (from, to]: contacts promising then, contacts a cadence (1-7 days)
 * earlier, and cases received exactly one cadence before the window (a case
 * nobody has called yet is due `cadence` days after receipt: one narrow
 * range per cadence, not a whole week of receipts). Index ranges only, so
 * the notifier can run every minute over 100,000 cases without reading
 * them all.
 */
export async function followUpCandidates(db: PoskoDb, from: string, to: string): Promise<FollowUpSnapshot> {
  const day = 86_400_000;
  const daysBefore = (iso: string, days: number) => new Date(Date.parse(iso) - days * day).toISOString();
  const cadences = [...new Set(Object.values(PROMISE_CADENCE_DAYS))];
  const longest = Math.max(...cadences);
  return db.transaction('r', [db.cases, db.contacts, db.referrals], async () => {
    const [promising, recentContacts, ...received] = await Promise.all([
      db.contacts.where('nextPromiseAt').between(from, to, false, true).toArray(),
      db.contacts.where('at').between(daysBefore(from, longest), to, false, true).toArray(),
      ...cadences.map((days) =>
        db.cases
          .where('receivedAt')
          .between(daysBefore(from, days), daysBefore(to, days), false, true)
          .primaryKeys(),
      ),
    ]);
    const ids = [
      ...new Set([
        ...promising.map((c) => c.caseId),
        ...recentContacts.map((c) => c.caseId),
        ...received.flat(),
      ]),
    ];
    const cases = (await db.cases.bulkGet(ids)).filter(
      (c): c is LocalCase => c !== undefined && !c.deleted && !CLOSED_STATUSES.includes(c.status),
    );
    const open = cases.map((c) => c.id);
    const [contacts, referrals] = await Promise.all([
      db.contacts
        .where('caseId')
        .anyOf(open)
        .filter((c) => !c.deleted)
        .toArray(),
      db.referrals
        .where('caseId')
        .anyOf(open)
        .filter((r) => !r.deleted)
        .toArray(),
    ]);
    return { cases, contacts, referrals };
  });
}

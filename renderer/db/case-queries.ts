// Read paths over the cases table: paging, the case file, search, duplicate
// detection and the filtered list. Plain functions of the database so the
// Repository stays the one write path and only delegates here.
import type { CaseRecord } from '../../shared/domain/case';
import type { ProblemType as ProblemTypeCode } from '../../shared/domain/enums';
import type { ContactRecord } from '../../shared/domain/events';
import { promiseState } from '../../shared/domain/follow-up';
import { CLOSED_STATUSES } from '../../shared/domain/workflow';
import type { LocalCase, PoskoDb } from './database';
import type {
  CaseFile,
  CaseFilter,
  CaseSortKey,
  DuplicateMatch,
  DuplicateProbe,
  DuplicateReason,
  ListCasesOptions,
} from './repository-types';
import { compactCode, digitsOnly, nameTokens, phoneKeys, searchPrefixes } from './search-keys';

/** One page of cases in index order; offset/limit run on the index cursor, not in memory. */
export async function listCases(db: PoskoDb, options: ListCasesOptions): Promise<LocalCase[]> {
  const { offset = 0, limit = 100, sortBy = 'receivedAt', descending = true } = options;
  let collection = db.cases.orderBy(sortBy);
  if (descending) collection = collection.reverse();
  return collection.offset(offset).limit(limit).toArray();
}

export async function getCaseFile(db: PoskoDb, id: string): Promise<CaseFile | undefined> {
  return db.transaction(
    'r',
    [db.cases, db.contacts, db.notes, db.documents, db.referrals, db.tasks],
    async () => {
      const found = await db.cases.get(id);
      if (!found) return undefined;
      const live = <R extends { deleted: boolean }>(rows: R[]) => rows.filter((row) => !row.deleted);
      const [contacts, notes, documents, referrals, tasks] = await Promise.all([
        db.contacts.where('caseId').equals(id).sortBy('at'),
        db.notes.where('caseId').equals(id).sortBy('at'),
        db.documents.where('caseId').equals(id).toArray(),
        db.referrals.where('caseId').equals(id).toArray(),
        db.tasks.where('caseId').equals(id).toArray(),
      ]);
      return {
        case: found,
        contacts: live(contacts),
        notes: live(notes),
        documents: live(documents),
        referrals: live(referrals),
        tasks: live(tasks),
      };
    },
  );
}

/**
 * Finds cases by number, draft number, worker or reporter name, passport,
 * NIK or any phone. The longest prefix drives the multi-entry index (a range
 * scan); the other words filter the few rows it returns.
 */
export async function searchCases(db: PoskoDb, query: string, limit: number): Promise<LocalCase[]> {
  let groups = searchPrefixes(query).sort(
    (a, b) => Math.max(...b.map((p) => p.length)) - Math.max(...a.map((p) => p.length)),
  );
  if (groups.length > 1) {
    // The longest word is not always the rarest ("aminah" vs "w123"): count index
    // keys per word (a key-only scan) and let the most selective one drive.
    // One plain key range per prefix, so IndexedDB counts on the index without reading rows.
    const countPrefix = (prefix: string) =>
      db.cases.where('searchKeys').between(prefix, `${prefix}\uffff`, true, true).count();
    const counts = await Promise.all(
      groups.map(async (group) => (await Promise.all(group.map(countPrefix))).reduce((a, b) => a + b, 0)),
    );
    groups = groups
      .map((group, i) => ({ group, count: counts[i] ?? 0 }))
      .sort((a, b) => a.count - b.count)
      .map((entry) => entry.group);
  }
  const [first, ...rest] = groups;
  if (!first) return [];
  const matches = (row: LocalCase) =>
    rest.every((group) => group.some((prefix) => row.searchKeys.some((key) => key.startsWith(prefix))));
  // One plain key range per alternative ("0812…" and "812…"), merged here: IndexedDB
  // serves each range directly, where a multi-range cursor would hop between them.
  const perPrefix = await Promise.all(
    first.map((prefix) =>
      db.cases
        .where('searchKeys')
        .between(prefix, `${prefix}\uffff`, true, true)
        .filter(matches)
        .limit(limit)
        .toArray(),
    ),
  );
  const merged = new Map<string, LocalCase>();
  for (const rows of perPrefix) for (const row of rows) merged.set(row.id, row);
  return [...merged.values()].slice(0, limit);
}

/**
 * Existing cases that may be the same worker: exact passport / NIK / phone
 * keys, or every word of the worker name (folded spellings included).
 * Short partial input is ignored so typing does not flood the operator.
 */
export async function findDuplicates(
  db: PoskoDb,
  probe: DuplicateProbe,
  limit: number,
): Promise<DuplicateMatch[]> {
  const found = new Map<string, DuplicateMatch>();
  const note = (rows: LocalCase[], reason: DuplicateReason) => {
    for (const row of rows) {
      const match = found.get(row.id) ?? { case: row, reasons: [] };
      if (!match.reasons.includes(reason)) match.reasons.push(reason);
      found.set(row.id, match);
    }
  };
  const byKey = (key: string) => db.cases.where('searchKeys').equals(key).limit(limit).toArray();
  const passport = compactCode(probe.passportNumber ?? '');
  if (passport.length >= 5) note(await byKey(passport), 'passport');
  const nik = digitsOnly(probe.nik ?? '');
  if (nik.length === 16) note(await byKey(nik), 'nik');
  for (const e164 of probe.phones ?? []) {
    const [digits] = phoneKeys(e164);
    if (digits && digits.length >= 8) note(await byKey(digits), 'phone');
  }
  const tokens = nameTokens(probe.name ?? '');
  if (tokens.length >= 2 || (tokens[0]?.length ?? 0) >= 4)
    note(await searchCases(db, tokens.join(' '), limit), 'name');
  // Identity numbers first, then phones, then names.
  const weight = (m: DuplicateMatch) =>
    m.reasons.reduce((sum, r) => sum + { passport: 8, nik: 8, phone: 4, name: 1 }[r], 0);
  return [...found.values()].sort((a, b) => weight(b) - weight(a)).slice(0, limit);
}

const URGENCY_RANK: Record<CaseRecord['urgency'], number> = { normal: 0, urgent: 1, critical: 2 };

/**
 * Ids of the cases matching `filter`, in `sort` order. The most selective
 * indexed criterion (status, urgency, country, owner) narrows the read; the
 * rest filter in memory. Without any filter the list pages on the index
 * instead (listCases), so this only runs when the operator filters.
 */
export async function filterCaseIds(
  db: PoskoDb,
  filter: CaseFilter,
  sortBy: CaseSortKey,
  descending: boolean,
  now: Date,
): Promise<string[]> {
  const indexed: [string, string | undefined][] = [
    ['status', filter.status || undefined],
    ['urgency', filter.urgency || undefined],
    ['destinationCountry', filter.country || undefined],
    ['ownerId', filter.ownerId || undefined],
  ];
  const first = indexed.find(([, value]) => value !== undefined);
  let rows = first ? await db.cases.where(first[0]).equals(first[1]!).toArray() : await db.cases.toArray();
  rows = rows.filter(
    (row) =>
      (!filter.status || row.status === filter.status) &&
      (!filter.urgency || row.urgency === filter.urgency) &&
      (!filter.country || row.destinationCountry === filter.country) &&
      (!filter.ownerId || row.ownerId === filter.ownerId) &&
      (!filter.problemType ||
        row.mainProblem === filter.problemType ||
        row.problemTypes.includes(filter.problemType as ProblemTypeCode)),
  );
  if (filter.overdue) {
    const ids = rows.map((row) => row.id);
    const contacts = await db.contacts.where('caseId').anyOf(ids).toArray();
    const byCase = new Map<string, ContactRecord[]>();
    for (const c of contacts) byCase.set(c.caseId, [...(byCase.get(c.caseId) ?? []), c]);
    const iso = now.toISOString();
    rows = rows.filter(
      (row) =>
        !CLOSED_STATUSES.includes(row.status) &&
        promiseState(row, byCase.get(row.id) ?? [], iso, iso).overdue,
    );
  }
  const rank = (row: LocalCase): string | number =>
    sortBy === 'urgency' ? URGENCY_RANK[row.urgency] : (row[sortBy] ?? '');
  rows.sort((a, b) => {
    const x = rank(a);
    const y = rank(b);
    const order = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
    return descending ? -order : order;
  });
  return rows.map((row) => row.id);
}

/** Rows for ids, in the given order (a page of a filtered list). */
export async function casesByIds(db: PoskoDb, ids: readonly string[]): Promise<LocalCase[]> {
  const rows = await db.cases.bulkGet([...ids]);
  return rows.filter((row): row is LocalCase => row !== undefined);
}

/** Owners seen on this device, for the owner filter. */
export async function caseOwners(db: PoskoDb): Promise<string[]> {
  const keys = await db.cases.orderBy('ownerId').uniqueKeys();
  return keys.filter((key): key is string => typeof key === 'string');
}

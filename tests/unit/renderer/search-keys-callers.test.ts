// Issue 17, "search that finds what a caller says": Ctrl+K finds a case by the employer's name
// and phone (in any form a caller reads it out), by the placement agency's name, and by a
// passport typed in groups. The keys are the real ones, searched through the repository over
// fake-indexeddb; a database from before this change is re-keyed when it opens.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agency, Employer, Worker } from '../../../shared/domain/case';
import { PoskoDb } from '../../../renderer/db/database';
import type { PoskoDb as PoskoDbType } from '../../../renderer/db/database';
import type { NewRecord, Repository } from '../../../renderer/db/repository';
import { caseSearchKeys, searchPrefixes } from '../../../renderer/db/search-keys';
import { caseInput, dropTestDb, openTestRepository } from './fixtures';

const RECEIVED = new Date('2025-05-03T07:05:00.000Z');

function employer(name: string, phone: string | null) {
  return Employer.parse({ order: 0, name, phone });
}

describe('caseSearchKeys: employer and agency', () => {
  const base = {
    caseNumber: null,
    draftNumber: 'DRAFT-A1B2C3',
    worker: Worker.parse({ fullName: 'Siti Aminah', passportNumber: 'C1234567' }),
    reporters: {},
  };

  it('indexes employer names and phones (read like a reporter phone) and the agency', () => {
    const keys = caseSearchKeys({
      ...base,
      employers: {
        e1: employer('Abdullah Al-Harbi', '00966 50 123 4567'),
        e2: employer('Keluarga Tan', '+60 12-345 6789'),
        e3: employer('Tanpa telepon', 'lewat agen'),
      },
      agency: Agency.parse({ name: 'PT Sinar Jaya Abadi', phone: '021 555 1234' }),
    });
    expect(keys).toEqual(
      expect.arrayContaining([
        'abdullah',
        'al',
        'harbi',
        '966501234567',
        '501234567',
        'keluarga',
        'tan',
        '60123456789',
        '123456789',
        'pt',
        'sinar',
        'jaya',
        'abadi',
        '62215551234',
        '215551234',
      ]),
    );
    // Free text that is no number adds no key; the wrong reading of "00966" (Thailand) neither.
    expect(keys).not.toContain('lewat');
    expect(keys.some((key) => key.startsWith('66501'))).toBe(false);
    expect(keys.some((key) => key.startsWith('620096'))).toBe(false);
  });
});

describe('searchPrefixes: what a caller reads out', () => {
  it.each([
    ['C 123 4567', [['c1234567']]],
    ['c-123-4567', [['c1234567']]],
    ['AB 12345', [['ab12345']]],
    ['00966 50 123', [['0096650123', '96650123']]],
    ['0050 123 4567', [['00501234567', '501234567']]],
    ['0812-3456', [['08123456', '8123456']]],
    // Names and short groups stay words
    ['Siti 12', [['siti'], ['12']]],
    ['C 12', [['c'], ['12']]],
  ])('%j', (query, expected) => {
    expect(searchPrefixes(query)).toEqual(expected);
  });
});

describe('searchCases finds a case by what the caller knows', () => {
  let db: PoskoDbType;
  let repo: Repository;
  let target: string;

  beforeEach(async () => {
    ({ db, repo } = openTestRepository('search-callers'));
    const made = await repo.createCase(
      caseInput(RECEIVED, {
        worker: { fullName: 'Siti Aminah binti Slamet', passportNumber: 'C1234567' },
        employers: { e1: { order: 0, name: 'Abdullah Al-Harbi', phone: '+966501234567' } },
        agency: { name: 'PT Sinar Jaya Abadi' },
      } as Partial<NewRecord<'cases'>>),
    );
    target = made.case.id;
    await repo.createCase(
      caseInput(RECEIVED, {
        worker: { fullName: 'Nur Halimah', passportNumber: 'C7654321' },
        employers: { e1: { order: 0, name: 'Keluarga Tan', phone: '+60123456789' } },
        agency: { name: 'PT Maju Bersama' },
      } as Partial<NewRecord<'cases'>>),
    );
  });
  afterEach(() => dropTestDb(db));

  it.each([
    ['the employer phone, international', '+966 50 123 4567'],
    ['the employer phone, with 00', '00966 50 123 4567'],
    ['the employer phone, as dialled in Saudi Arabia', '050 123 4567'],
    ['the employer phone, partly', '96650123'],
    ['the employer name', 'al-harbi'],
    ['the employer name, two words', 'abdullah harbi'],
    ['the agency name', 'sinar jaya'],
    ['the passport typed in groups', 'C 123 4567'],
    ['the passport, lower case', 'c1234567'],
  ])('%s (%j)', async (_label, query) => {
    const found = await repo.searchCases(query);
    expect(found.map((row) => row.id)).toEqual([target]);
  });
});

describe('database upgrade', () => {
  it('re-keys cases stored before employer and agency keys existed', async () => {
    const name = `search-upgrade-${crypto.randomUUID()}`;
    const current = new PoskoDb(name);
    const previous = current.verno - 1;
    current.close();
    // The database as the previous release left it: a case whose keys know no employer.
    const old = new Dexie(name);
    old.version(previous).stores({
      cases:
        'id, caseNumber, draftNumber, status, urgency, officeId, ownerId, receivedAt, destinationCountry, *searchKeys',
    });
    await old.open();
    const { db, repo } = openTestRepository('search-upgrade-source');
    const made = await repo.createCase(
      caseInput(RECEIVED, {
        employers: { e1: { order: 0, name: 'Abdullah Al-Harbi', phone: '+966501234567' } },
      } as Partial<NewRecord<'cases'>>),
    );
    const row = await db.cases.get(made.case.id);
    await dropTestDb(db);
    await old.table('cases').put({ ...row, searchKeys: ['siti', 'aminah'] });
    old.close();

    const upgraded = new PoskoDb(name);
    await upgraded.open();
    const stored = await upgraded.cases.get(made.case.id);
    expect(stored?.searchKeys).toEqual(expect.arrayContaining(['abdullah', '966501234567']));
    const viaIndex = await upgraded.cases.where('searchKeys').equals('966501234567').primaryKeys();
    expect(viaIndex).toEqual([made.case.id]);
    upgraded.close();
    await upgraded.delete();
  });
});

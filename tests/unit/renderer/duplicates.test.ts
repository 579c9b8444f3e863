// Duplicate matching (issue 5): a table of tricky names and numbers, run
// through the real search keys and the repository over fake-indexeddb.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PoskoDb } from '../../../renderer/db/database';
import type { Repository } from '../../../renderer/db/repository';
import type { NewRecord } from '../../../renderer/db/repository';
import { foldName, nameVariants, searchPrefixes } from '../../../renderer/db/search-keys';
import { toE164 } from '../../../renderer/features/cases/phone';
import { dropTestDb, openTestRepository } from './fixtures';

let db: PoskoDb;
let repo: Repository;

function newCase(worker: NewRecord<'cases'>['worker'], phone = '+6281234567890'): NewRecord<'cases'> {
  return {
    receivedAt: '2025-05-03T07:05:00.000Z',
    channel: 'phone',
    receivedBy: 'op-1',
    ownerId: 'op-1',
    status: 'received',
    urgency: 'normal',
    reporters: {
      r1: { name: 'Ibu Sumiati', role: 'family', relationship: 'parent', phones: [{ e164: phone }] },
    },
    worker,
  };
}

beforeEach(() => {
  ({ db, repo } = openTestRepository('dup'));
});
afterEach(() => dropTestDb(db));

describe('name folding', () => {
  it.each([
    ['soekarno', 'sukarno'],
    ['djoko', 'joko'],
    ['tjahjo', 'cahjo'],
    ['sjahrir', 'syahrir'],
    ['njoman', 'nyoman'],
    ['choirul', 'khoirul'],
    ['siti', 'siti'],
  ])('%s -> %s', (input, expected) => expect(foldName(input)).toBe(expected));

  it('keeps the typed form and adds the folded one to a query', () => {
    expect(nameVariants('siti')).toEqual(['siti']);
    expect(searchPrefixes('Soekarno Djojo')).toEqual([
      ['soekarno', 'sukarno'],
      ['djojo', 'jojo'],
    ]);
  });
});

describe('findDuplicates', () => {
  beforeEach(async () => {
    await repo.createCase(
      newCase({ fullName: 'Siti Aminah binti Slamet', passportNumber: 'C1234567', nik: '3201234567890123' }),
    );
    await repo.createCase(
      newCase({ fullName: 'Djoko Soesilo', passportNumber: 'B7654321' }, '+966501234567'),
    );
    await repo.createCase(newCase({ fullName: 'Choirul Anam' }, '+60123456789'));
  });

  const worker = async (probe: Parameters<Repository['findDuplicates']>[0]) =>
    (await repo.findDuplicates(probe)).map((m) => [m.case.worker.fullName, m.reasons.sort().join('+')]);

  it.each([
    [
      'passport typed in lower case with spaces',
      { passportNumber: 'c 123 4567' },
      'Siti Aminah binti Slamet',
      'passport',
    ],
    ['NIK', { nik: '3201234567890123' }, 'Siti Aminah binti Slamet', 'nik'],
    [
      'name without binti, other case and spacing',
      { name: '  siti   AMINAH slamet' },
      'Siti Aminah binti Slamet',
      'name',
    ],
    ['new spelling of an old name', { name: 'Joko Susilo' }, 'Djoko Soesilo', 'name'],
    ['old spelling of a new name', { name: 'Khoirul Anam' }, 'Choirul Anam', 'name'],
    ['Saudi number', { phones: [toE164('+966 50 123 4567')!] }, 'Djoko Soesilo', 'phone'],
    ['Malaysian number', { phones: [toE164('+60 12-345 6789')!] }, 'Choirul Anam', 'phone'],
  ])('%s', async (_label, probe, name, reason) => {
    expect(await worker(probe)).toEqual([[name, reason]]);
  });

  it.each(['0812-3456-7890', '+62 812 3456 7890', '62 812 3456 7890', '081234567890'])(
    'the same Indonesian phone typed as %s',
    async (typed) => {
      const e164 = toE164(typed);
      expect(e164).toBe('+6281234567890');
      const found = await worker({ phones: [e164!] });
      // Only Siti's reporter has this number; the other cases were reported from abroad.
      expect(found).toEqual([['Siti Aminah binti Slamet', 'phone']]);
    },
  );

  it('ranks identity numbers above a name-only match and merges reasons', async () => {
    await repo.createCase(newCase({ fullName: 'Siti Aminah' }, '+6285700000000'));
    const found = await worker({ passportNumber: 'C1234567', name: 'Siti Aminah' });
    expect(found[0]).toEqual(['Siti Aminah binti Slamet', 'name+passport']);
    expect(found[1]).toEqual(['Siti Aminah', 'name']);
  });

  it('ignores short partial input and unrelated people', async () => {
    expect(await worker({ passportNumber: 'C12', nik: '3201', name: 'Si' })).toEqual([]);
    expect(await worker({ name: 'Dewi Lestari', passportNumber: 'X9999999' })).toEqual([]);
    expect(await worker({ phones: ['+6281299999999'] })).toEqual([]);
  });
});

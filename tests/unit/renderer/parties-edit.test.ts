// Editing a case's parties after intake: form values from the record and back
// as leaf-path changes, through Repository.updateRecord (one outbox mutation).
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PoskoDb } from '../../../renderer/db/database';
import type { Repository } from '../../../renderer/db/repository';
import { partiesChanges, partiesFormValues } from '../../../renderer/features/case-file/parties-edit';
import { NewCaseForm, toNewCase } from '../../../renderer/features/cases/new-case-schema';
import type { NewCaseFormValues } from '../../../renderer/features/cases/new-case-schema';
import { EMPTY_NEW_CASE } from '../../../renderer/features/cases/new-case-schema';
import { dropTestDb, openTestRepository } from './fixtures';

let db: PoskoDb;
let repo: Repository;
let n = 0;
const context = { now: '2025-06-10T03:00:00.000Z', actorId: 'op-2', newKey: () => `k${++n}` };

const intake: NewCaseFormValues = {
  ...EMPTY_NEW_CASE,
  summary: 'Wants to come home',
  workerName: 'Siti Aminah',
  passportNumber: 'x1234567',
  destinationCountry: 'SA',
  reporters: [
    {
      ...EMPTY_NEW_CASE.reporters[0]!,
      name: 'Ibu Sumi',
      relationship: 'parent',
      phone: '0812 3456 7890',
      consent: true,
    },
  ],
  employers: [{ name: 'Abdullah', phone: '', city: 'Riyadh', periodFrom: '2024-01-01', periodTo: '' }],
  agencyName: 'PT Maju',
};

beforeEach(() => {
  ({ db, repo } = openTestRepository('parties'));
});
afterEach(() => dropTestDb(db));

async function createCase() {
  const { record } = toNewCase(NewCaseForm.parse(intake), new Date('2025-06-02T03:00:00.000Z'), 'op-1');
  return (await repo.createCase(record, [])).case;
}

describe('parties edit', () => {
  it('round-trips: unchanged form values give no change and no mutation', async () => {
    const saved = await createCase();
    const { values, ...keys } = partiesFormValues(saved);
    expect(values).toMatchObject({
      workerName: 'Siti Aminah',
      passportNumber: 'X1234567',
      agencyName: 'PT Maju',
    });
    const before = await db.outbox.count();
    await repo.updateRecord(
      'cases',
      saved.id,
      partiesChanges(saved, NewCaseForm.parse(values), keys, context),
    );
    expect(await db.outbox.count()).toBe(before);
  });

  it('edits worker, reporter, agency and adds the next employer as leaf paths in one mutation', async () => {
    const saved = await createCase();
    const { values, ...keys } = partiesFormValues(saved);
    const edited: NewCaseFormValues = {
      ...values,
      passportNumber: 'c7654321',
      agencyName: 'PT Maju Jaya',
      reporters: [{ ...values.reporters[0]!, mayDisclose: true }],
      employers: [
        ...values.employers,
        { name: 'Fahad', phone: '', city: 'Jeddah', periodFrom: '2025-02-01', periodTo: '' },
      ],
    };
    const before = await db.outbox.count();
    const after = await repo.updateRecord(
      'cases',
      saved.id,
      partiesChanges(saved, NewCaseForm.parse(edited), keys, context),
    );
    expect(after.worker.passportNumber).toBe('C7654321');
    expect(after.agency.name).toBe('PT Maju Jaya');
    const employers = Object.values(after.employers).sort((a, b) => a.order - b.order);
    expect(employers.map((e) => [e.order, e.name])).toEqual([
      [0, 'Abdullah'],
      [1, 'Fahad'],
    ]);
    const reporter = Object.values(after.reporters)[0]!;
    expect(reporter).toMatchObject({
      mayDisclose: true,
      consentAt: '2025-06-02T03:00:00.000Z',
      consentBy: 'op-1',
    });
    expect(reporter.phones[0]?.e164).toBe('+6281234567890');
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(before + 1);
    const patch = outbox.at(-1)!.patch;
    expect(patch).toMatchObject({
      'worker.passportNumber': 'C7654321',
      'agency.name': 'PT Maju Jaya',
      [`reporters.${keys.reporterKeys[0]}.mayDisclose`]: true,
    });
    // Untouched leaves are not in the patch, so they cannot overwrite someone else's edit.
    expect(Object.keys(patch)).not.toContain('worker.fullName');
    expect(Object.keys(patch).some((path) => path.startsWith('employers.e-k'))).toBe(true);
  });
});

// Issue 17: employer and agency phones are stored like reporter phones (E.164 when the text reads
// as a number), at intake and when edited in the case file; an untouched stored value stays as it
// was, so opening and saving the case file writes no change nobody made.
import { describe, expect, it } from 'vitest';
import { CaseRecord } from '../../../shared/domain/case';
import { partiesChanges, partiesFormValues } from '../../../renderer/features/case-file/parties-edit';
import { EMPTY_NEW_CASE, NewCaseForm, toNewCase } from '../../../renderer/features/cases/new-case-schema';
import type { NewCaseFormValues } from '../../../renderer/features/cases/new-case-schema';

const context = { now: '2025-06-10T03:00:00.000Z', actorId: 'op-2', newKey: () => 'k1' };
const intake: NewCaseFormValues = {
  ...EMPTY_NEW_CASE,
  summary: 'Wants to come home',
  workerName: 'Siti Aminah',
  destinationCountry: 'SA',
  reporters: [
    { ...EMPTY_NEW_CASE.reporters[0]!, name: 'Ibu Sumi', relationship: 'parent', phone: '0812 3456 7890' },
  ],
  employers: [{ name: 'Abdullah', phone: '00966 50 123 4567', city: 'Riyadh', periodFrom: '', periodTo: '' }],
  agencyName: 'PT Maju',
  agencyPhone: '021-555-1234',
  brokerPhone: 'lewat WhatsApp saja',
};

function intakeRecord() {
  const { record } = toNewCase(NewCaseForm.parse(intake), new Date('2025-06-02T03:00:00.000Z'), 'op-1');
  return record;
}

describe('employer and agency phones', () => {
  it('are E.164 after intake when they read as a number, text otherwise', () => {
    const record = intakeRecord();
    expect(Object.values(record.employers ?? {}).map((e) => e.phone)).toEqual(['+966501234567']);
    expect(record.agency).toMatchObject({ phone: '+62215551234', brokerPhone: 'lewat WhatsApp saja' });
  });

  it('are normalized when edited in the case file, and left alone when not', () => {
    const stored = CaseRecord.parse({
      id: '0196f000-0000-7000-8000-000000000001',
      rev: 1,
      seq: 1,
      updatedAt: '2025-06-02T03:00:00.000Z',
      updatedBy: 'op-1',
      deleted: false,
      officeId: 'JKT',
      caseNumber: null,
      draftNumber: 'DRAFT-000001',
      ...intakeRecord(),
      // As an older release stored them: the text as typed.
      employers: { e1: { order: 0, name: 'Abdullah', phone: '0050 123 4567' } },
      agency: { name: 'PT Maju', phone: '021-555-1234' },
    });
    const { values, ...keys } = partiesFormValues(stored);
    const untouched = partiesChanges(stored, NewCaseForm.parse(values), keys, context);
    expect(untouched['employers.e1.phone']).toBe('0050 123 4567');
    expect(untouched['agency.phone']).toBe('021-555-1234');

    const edited = NewCaseForm.parse({
      ...values,
      employers: [{ ...values.employers[0]!, phone: '0050 123 45678' }],
      agencyPhone: '0062 21 555 1234',
    });
    const changes = partiesChanges(stored, edited, keys, context);
    expect(changes['employers.e1.phone']).toBe('+5012345678');
    expect(changes['agency.phone']).toBe('+62215551234');
  });
});

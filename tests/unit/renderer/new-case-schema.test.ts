import { describe, expect, it } from 'vitest';
import { CaseRecord } from '../../../shared/domain/case';
import {
  EMPTY_EMPLOYER,
  EMPTY_NEW_CASE,
  EMPTY_REPORTER,
  NewCaseForm,
  splitAliases,
  toNewCase,
} from '../../../renderer/features/cases/new-case-schema';
import type { NewCaseFormValues } from '../../../renderer/features/cases/new-case-schema';
import { toE164 } from '../../../renderer/features/cases/phone';
import { routeFromHash, hashFromRoute } from '../../../renderer/stores/ui-store';
import { UNPUSHED_STAMPS } from './fixtures';

describe('toE164', () => {
  it.each([
    ['0812-3456-7890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['+966 50 123 4567', '+966501234567'],
    ['12', null],
    ['', null],
    ['call me', null],
  ])('%s -> %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });
});

describe('new case form', () => {
  const filled: NewCaseFormValues = {
    ...EMPTY_NEW_CASE,
    summary: 'Ingin pulang',
    reporters: [
      {
        ...EMPTY_REPORTER,
        name: 'Sumiati',
        relationship: 'parent',
        phone: '0812 3456 7890',
        consent: true,
        mayDisclose: true,
      },
      { ...EMPTY_REPORTER, name: 'Rahmat', relationship: 'sibling', phone: '+966 50 123 4567' },
    ],
    workerName: 'Siti Aminah',
    aliases: 'Siti Amina, Siti binti Slamet',
    passportNumber: 'c 123 4567',
    departureDate: '2019-03-10',
    destinationCountry: 'SA',
    missionId: 'SA-jeddah',
    employers: [
      { ...EMPTY_EMPLOYER, name: 'Abdullah Al-Harbi', city: 'Riyadh', periodFrom: '2019-03-12' },
      { ...EMPTY_EMPLOYER },
    ],
    agencyName: 'PT Maju Jaya',
    brokerName: 'Pak Darto',
    mainProblem: 'wants_to_go_home',
    problemTypes: ['lost_contact', 'wants_to_go_home'],
    documents: ['passport_copy'],
  };

  it('reports required fields and bad values with i18n keys', () => {
    const result = NewCaseForm.safeParse({
      ...EMPTY_NEW_CASE,
      reporters: [{ ...EMPTY_REPORTER, phone: 'abc' }],
      employers: [{ ...EMPTY_EMPLOYER, city: 'Riyadh' }],
      workerNik: '123',
    });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? []);
    expect(messages).toMatchObject({
      summary: 'validation.required',
      'reporters.0.name': 'validation.required',
      'reporters.0.relationship': 'validation.required',
      'reporters.0.phone': 'validation.invalidPhone',
      'employers.0.name': 'validation.required',
      workerNik: 'validation.nik',
      workerName: 'validation.required',
    });
  });

  it('refuses a mission of another country', () => {
    expect(NewCaseForm.safeParse({ ...filled, missionId: 'MY-penang' }).success).toBe(false);
  });

  it('maps to a case the record schema accepts', () => {
    const form = NewCaseForm.parse(filled);
    const { record, documents } = toNewCase(form, new Date('2025-05-03T07:00:00Z'), 'op-1');
    expect(documents).toEqual(['passport_copy']);
    const full = CaseRecord.parse({
      ...record,
      id: '01968f7e-0000-7000-8000-000000000000',
      ...UNPUSHED_STAMPS,
      caseNumber: null,
      draftNumber: 'DRAFT-000000',
    });
    expect(full.worker.passportNumber).toBe('C1234567');
    expect(full.reporters.r1?.phones[0]?.e164).toBe('+6281234567890');
    expect(full.missionId).toBe('SA-jeddah');
    expect(full.reporters.r1?.consentAt).toBe('2025-05-03T07:00:00.000Z');
    expect(full.reporters.r1?.consentBy).toBe('op-1');
    expect(full.reporters.r2?.mayDisclose).toBe(false);
    expect(full.reporters.r2?.phones[0]?.e164).toBe('+966501234567');
    expect(full.worker.aliases).toEqual(['Siti Amina', 'Siti binti Slamet']);
    // Blank employer rows are dropped; the first one is order 0.
    expect(Object.values(full.employers)).toMatchObject([
      { order: 0, name: 'Abdullah Al-Harbi', country: 'SA' },
    ]);
    expect(full.agency).toMatchObject({ name: 'PT Maju Jaya', brokerName: 'Pak Darto' });
    expect(full.problemTypes).toEqual(['wants_to_go_home', 'lost_contact']);
    expect(full.urgency).toBe('normal');
  });

  it('danger signs raise the urgency the operator chose, never lower it', () => {
    const at = new Date('2025-05-03T07:00:00Z');
    const urgencyOf = (values: NewCaseFormValues) =>
      toNewCase(NewCaseForm.parse(values), at, 'op').record.urgency;
    expect(urgencyOf({ ...filled, dangerSigns: ['violence'] })).toBe('urgent');
    expect(urgencyOf({ ...filled, dangerSigns: ['death'] })).toBe('critical');
    expect(urgencyOf({ ...filled, urgency: 'critical', dangerSigns: ['minor'] })).toBe('critical');
    expect(urgencyOf({ ...filled, urgency: 'urgent' })).toBe('urgent');
  });

  it('splits aliases on commas, semicolons and new lines', () => {
    expect(splitAliases(' Siti Amina ; Siti binti Slamet,\nAminah ,, ')).toEqual([
      'Siti Amina',
      'Siti binti Slamet',
      'Aminah',
    ]);
  });
});

describe('routes', () => {
  it('round-trips through the hash', () => {
    for (const route of [
      { name: 'cases' },
      { name: 'new' },
      { name: 'today' },
      { name: 'conflicts' },
      { name: 'case', id: 'abc' },
    ] as const) {
      expect(routeFromHash(hashFromRoute(route))).toEqual(route);
    }
    expect(routeFromHash('#/nonsense')).toEqual({ name: 'cases' });
  });
});

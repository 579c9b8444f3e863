import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { CaseRecord } from '../../../shared/domain/case';
import { CASE_STATUSES } from '../../../shared/domain/enums';
import { RECORD_SCHEMAS } from '../../../shared/domain/tables';
import { SYNCED_TABLES } from '../../../shared/domain/record';
import { allowedNextStatuses, isAllowedTransition } from '../../../shared/domain/workflow';

const meta = () => ({
  id: uuidv7(),
  rev: 0,
  seq: 0,
  updatedAt: null,
  updatedBy: null,
  deleted: false,
  officeId: 'office-1',
});

describe('domain schemas', () => {
  it('has one schema per fixed synced table', () => {
    expect(Object.keys(RECORD_SCHEMAS).sort()).toEqual([...SYNCED_TABLES].sort());
  });

  it('fills defaults for a minimal case and keeps the fixed field names', () => {
    const parsed = CaseRecord.parse({
      ...meta(),
      caseNumber: null,
      draftNumber: 'DRAFT-1',
      receivedAt: '2026-11-30T08:00:00+07:00',
      channel: 'phone',
      receivedBy: 'u1',
      ownerId: 'u1',
      status: 'received',
      urgency: 'urgent',
      destinationCountry: 'SA',
      worker: { fullName: 'Siti Aminah binti Ahmad', passportNumber: 'C1234567' },
      reporters: { r1: { name: 'Ibu Sumiati', role: 'family', relationship: 'parent' } },
    });
    expect(parsed.worker.nik).toBeNull();
    expect(parsed.reporters.r1?.mayDisclose).toBe(false);
    expect(parsed.employers).toEqual({});
    expect(parsed.openConflicts).toBe(0);
  });

  it('rejects a bad country code, passport and id, naming the field', () => {
    const result = CaseRecord.safeParse({ ...meta(), id: 'nope', destinationCountry: 'Saudi' });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('id');
    expect(paths).toContain('destinationCountry');
  });
});

describe('case workflow', () => {
  it('allows the forward path and refuses jumps out of closed states', () => {
    expect(isAllowedTransition('received', 'verifying')).toBe(true);
    expect(isAllowedTransition('resolved', 'in_process_internal')).toBe(false);
    expect(isAllowedTransition('resolved', 'reopened')).toBe(true);
    expect(isAllowedTransition('received', 'resolved')).toBe(false);
  });

  it('every status has a way forward and only known targets', () => {
    for (const s of CASE_STATUSES) {
      expect(allowedNextStatuses(s).length).toBeGreaterThan(0);
      for (const t of allowedNextStatuses(s)) expect(CASE_STATUSES).toContain(t);
    }
  });
});

import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Mutation } from '../../../shared/sync/protocol';
import type { PoskoDb } from '../../../renderer/db/database';
import { RepositoryError, draftNumberFor } from '../../../renderer/db/repository';
import type { NewRecord, Repository } from '../../../renderer/db/repository';
import { UNPUSHED_STAMPS, caseInput, dropTestDb, openTestRepository } from './fixtures';

let db: PoskoDb;
let repo: Repository;
let clock = new Date('2025-05-03T07:05:00.000Z');

function newCase(overrides: Partial<NewRecord<'cases'>> = {}): NewRecord<'cases'> {
  return caseInput(clock, {
    summary: 'Ingin pulang, tidak bisa dihubungi',
    reporters: {
      r1: { name: 'Aminah', role: 'family', relationship: 'parent', phones: [{ e164: '+6281234567890' }] },
    },
    worker: { fullName: 'Siti Rahayu binti Slamet', passportNumber: 'C1234567' },
    ...overrides,
  });
}

beforeEach(() => {
  ({ db, repo } = openTestRepository('repo-test', { now: () => clock }));
});
afterEach(() => dropTestDb(db));

describe('createRecord', () => {
  it('writes the record and its create mutation together', async () => {
    const created = await repo.createRecord('cases', newCase());
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(created).toMatchObject(UNPUSHED_STAMPS);
    expect(created.caseNumber).toBeNull();
    expect(created.draftNumber).toBe(draftNumberFor(created.id));
    expect(created.draftNumber).toMatch(/^DRAFT-[0-9A-F]{6}$/);

    const stored = await db.cases.get(created.id);
    expect(stored?.searchKeys).toEqual(
      expect.arrayContaining(['siti', 'rahayu', 'slamet', 'c1234567', '6281234567890']),
    );
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    const [mutation] = outbox;
    expect(Mutation.parse(mutation)).toBeTruthy();
    expect(mutation).toMatchObject({
      table: 'cases',
      recordId: created.id,
      op: 'create',
      baseRev: 0,
      prior: {},
    });
    expect(mutation).toMatchObject({ actorId: 'op-1', deviceId: 'dev-1', clientTime: clock.toISOString() });
    expect(mutation?.patch['worker.fullName']).toBe('Siti Rahayu binti Slamet');
    expect(mutation?.patch['reporters.r1.phones']).toEqual([
      { e164: '+6281234567890', whatsapp: false, verified: false },
    ]);
    // Server-owned fields never travel in a client patch.
    for (const field of ['id', 'rev', 'seq', 'updatedAt', 'updatedBy', 'caseNumber', 'openConflicts']) {
      expect(mutation?.patch).not.toHaveProperty(field);
    }
    expect(mutation?.patch).not.toHaveProperty('searchKeys');
  });

  it('writes neither record nor mutation when validation fails', async () => {
    const bad = newCase({ worker: { fullName: 'X', passportNumber: 'not a passport!' } });
    await expect(repo.createRecord('cases', bad)).rejects.toMatchObject({ code: 'validation' });
    await expect(repo.createRecord('cases', bad)).rejects.toThrow(/worker\.passportNumber/);
    expect(await db.cases.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('rolls back the record when the outbox write fails inside the transaction', async () => {
    const first = await repo.createRecord('cases', newCase());
    const [mutation] = await db.outbox.toArray();
    // The outbox write fails after the case row was added in the same transaction: the case must be undone.
    let calls = 0;
    db.outbox.hook('creating', () => {
      calls += 1;
      throw new Error('disk full');
    });
    await expect(repo.createRecord('cases', newCase({ summary: 'second' }))).rejects.toThrow('disk full');
    expect(calls).toBe(1);
    expect(await db.cases.count()).toBe(1);
    expect((await db.cases.toArray())[0]?.id).toBe(first.id);
    expect(await db.outbox.count()).toBe(1);
    expect(mutation?.recordId).toBe(first.id);
  });

  it('creates a case with its requested documents in one transaction', async () => {
    const { case: created, documents } = await repo.createCase(newCase(), [
      'passport_copy',
      'work_contract',
      'passport_copy',
    ]);
    expect(documents.map((d) => d.type).sort()).toEqual(['passport_copy', 'work_contract']);
    expect(
      documents.every(
        (d) => d.status === 'requested' && d.caseId === created.id && d.requestedAt === clock.toISOString(),
      ),
    ).toBe(true);
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((m) => m.table)).toEqual(['cases', 'documents', 'documents']);
  });

  it('adds only the checklist items a case does not have yet', async () => {
    const { case: created } = await repo.createCase(newCase(), ['passport_copy']);
    const added = await repo.requestDocuments(created.id, ['passport_copy', 'ktp']);
    expect(added.map((d) => d.type)).toEqual(['ktp']);
    expect(await db.documents.where('caseId').equals(created.id).count()).toBe(2);
  });
});

describe('updateRecord', () => {
  it('writes the change and an update mutation with leaf patch, prior and baseRev', async () => {
    const created = await repo.createRecord('cases', newCase());
    await db.cases.update(created.id, { rev: 4 }); // as if synced
    clock = new Date('2025-05-04T01:00:00.000Z');
    const updated = await repo.updateRecord('cases', created.id, {
      summary: 'Sudah dihubungi',
      status: 'verifying',
      'worker.passportNumber': 'C7654321',
    });
    expect(updated.summary).toBe('Sudah dihubungi');
    expect(updated).toMatchObject({
      status: 'verifying',
      worker: { passportNumber: 'C7654321', fullName: 'Siti Rahayu binti Slamet' },
    });
    expect((await db.cases.get(created.id))?.searchKeys).toContain('c7654321');
    const mutation = (await db.outbox.orderBy('seq').toArray()).at(-1);
    expect(mutation).toMatchObject({
      op: 'update',
      baseRev: 4,
      patch: { summary: 'Sudah dihubungi', status: 'verifying', 'worker.passportNumber': 'C7654321' },
      prior: {
        summary: 'Ingin pulang, tidak bisa dihubungi',
        status: 'received',
        'worker.passportNumber': 'C1234567',
      },
      clientTime: '2025-05-04T01:00:00.000Z',
    });
  });

  it('writes nothing when nothing changed', async () => {
    const created = await repo.createRecord('cases', newCase());
    await repo.updateRecord('cases', created.id, { summary: created.summary });
    expect(await db.outbox.count()).toBe(1);
  });

  it('refuses invalid values, forbidden transitions, server fields and append-only edits without writing', async () => {
    const created = await repo.createRecord('cases', newCase());
    await expect(repo.updateRecord('cases', created.id, { urgency: 'panic' })).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(repo.updateRecord('cases', created.id, { status: 'resolved' })).rejects.toMatchObject({
      code: 'transition',
    });
    await expect(
      repo.updateRecord('cases', created.id, { status: 'closed_unresolved' }),
    ).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(repo.updateRecord('cases', created.id, { caseNumber: 'JKT-1' })).rejects.toMatchObject({
      code: 'server_field',
    });
    await expect(repo.updateRecord('cases', 'missing', { summary: 'x' })).rejects.toBeInstanceOf(
      RepositoryError,
    );
    const note = await repo.createRecord('notes', {
      caseId: created.id,
      at: clock.toISOString(),
      body: 'internal',
      authorId: 'op-1',
    });
    await expect(repo.updateRecord('notes', note.id, { body: 'edited' })).rejects.toMatchObject({
      code: 'append_only',
    });
    expect((await db.cases.get(created.id))?.status).toBe('received');
    expect(await db.outbox.count()).toBe(2);
  });

  it('closes a case when the closure reason comes with the status', async () => {
    const created = await repo.createRecord('cases', newCase());
    const closed = await repo.updateRecord('cases', created.id, {
      status: 'closed_unresolved',
      closureReason: 'withdrawn',
    });
    expect(closed.status).toBe('closed_unresolved');
  });
});

describe('deleteRecord', () => {
  it('tombstones with a delete mutation, and never deletes a case', async () => {
    const created = await repo.createRecord('cases', newCase());
    const task = await repo.createRecord('tasks', {
      caseId: created.id,
      title: 'Telepon KBRI',
      status: 'open',
    });
    await repo.deleteRecord('tasks', task.id);
    expect((await db.tasks.get(task.id))?.deleted).toBe(true);
    expect((await db.outbox.orderBy('seq').last())?.op).toBe('delete');
    await expect(repo.deleteRecord('cases', created.id)).rejects.toMatchObject({ code: 'not_deletable' });
  });
});

describe('queries', () => {
  it('pages cases newest first and finds them by name, passport, phone and draft number', async () => {
    const ids: string[] = [];
    const names = ['Ani Lestari', 'Budi Santoso', 'Citra Dewi', 'Dewi Sartika', 'Eka Putri binti Umar'];
    for (const [i, name] of names.entries()) {
      clock = new Date(Date.UTC(2025, 0, 1 + i));
      const created = await repo.createRecord(
        'cases',
        newCase({ worker: { fullName: name, passportNumber: `B00000${i}` } }),
      );
      ids.push(created.id);
    }
    const page = await repo.listCases({ offset: 1, limit: 2 });
    expect(page.map((c) => c.id)).toEqual([ids[3], ids[2]]);
    expect(await repo.countCases()).toBe(5);

    expect((await repo.searchCases('B000003')).map((c) => c.id)).toEqual([ids[3]]);
    expect(await repo.searchCases('0812-3456')).toHaveLength(5);
    expect(await repo.searchCases('+62 812 3456 7890')).toHaveLength(5);
    expect((await repo.searchCases('eka umar')).map((c) => c.id)).toEqual([ids[4]]);
    expect((await repo.searchCases('EKA BINTI UMAR')).map((c) => c.id)).toEqual([ids[4]]);
    expect((await repo.searchCases('dewi')).map((c) => c.id).sort()).toEqual([ids[2], ids[3]].sort());
    expect((await repo.searchCases('dewi sar')).map((c) => c.id)).toEqual([ids[3]]);
    const target = await repo.getCase(ids[1] ?? '');
    expect((await repo.searchCases(target?.draftNumber ?? '')).map((c) => c.id)).toEqual([ids[1]]);
    expect(await repo.searchCases('nobody')).toEqual([]);
    expect(await repo.searchCases('   ')).toEqual([]);
  });

  it('returns the case file with its live children and the pending count', async () => {
    const { case: created } = await repo.createCase(newCase(), ['ktp']);
    await repo.createRecord('contacts', {
      caseId: created.id,
      at: clock.toISOString(),
      direction: 'incoming',
      channel: 'phone',
      result: 'connected',
      nextPromiseAt: '2025-05-10T03:00:00.000Z',
      authorId: 'op-1',
    });
    const file = await repo.getCaseFile(created.id);
    expect(file?.documents).toHaveLength(1);
    expect(file?.contacts).toHaveLength(1);
    expect(await repo.pendingForRecord('cases', created.id)).toBe(1);
    expect(await repo.pendingCount()).toBe(3);
    expect(await repo.duePromises(new Date('2025-05-09T00:00:00Z'))).toHaveLength(0);
    expect((await repo.duePromises(new Date('2025-05-10T23:59:59Z')))[0]?.case.id).toBe(created.id);
  });
});

// Repository additions for the operator console: document files, document
// status stamps, the follow-up snapshot, filtered/sorted case ids, the audit
// fallback, and the v1 -> v2 database upgrade.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PoskoDb } from '../../../renderer/db/database';
import { RepositoryError } from '../../../renderer/db/repository';
import type { FollowUpSnapshot, NewRecord, Repository } from '../../../renderer/db/repository';
import { todayList } from '../../../shared/domain/follow-up';
import { createFileCipher } from '../../../renderer/db/file-crypto';
import { caseSearchKeys } from '../../../renderer/db/search-keys';
import { caseInput, dropTestDb, openTestRepository } from './fixtures';

let db: PoskoDb;
let repo: Repository;
let clock = new Date('2025-06-02T03:00:00.000Z');

function newCase(overrides: Partial<NewRecord<'cases'>> = {}): NewRecord<'cases'> {
  return caseInput(clock, overrides);
}

beforeEach(() => {
  clock = new Date('2025-06-02T03:00:00.000Z');
  const secrets = new Map<string, string>();
  const fileCipher = createFileCipher({
    get: async (key) => secrets.get(key) ?? null,
    set: async (key, value) => void secrets.set(key, value),
  });
  ({ db, repo } = openTestRepository('console', { now: () => clock, fileCipher }));
});
afterEach(() => dropTestDb(db));

describe('document files and status', () => {
  it('stores the bytes locally and name/size/sha256 on the synced record, moving "requested" to "received"', async () => {
    const { case: c, documents } = await repo.createCase(newCase(), ['passport_copy']);
    const bytes = new TextEncoder().encode('passport scan');
    clock = new Date('2025-06-03T03:00:00.000Z');
    const doc = await repo.attachDocumentFile(documents[0]!.id, {
      name: 'paspor.pdf',
      mimeType: 'application/pdf',
      bytes,
    });
    expect(doc).toMatchObject({
      status: 'received',
      receivedAt: '2025-06-03T03:00:00.000Z',
      fileName: 'paspor.pdf',
      fileSize: bytes.length,
      fileSha256: bytesToHex(sha256(bytes)),
    });
    const stored = await repo.documentFile(doc.id);
    expect(stored?.caseId).toBe(c.id);
    expect(new TextDecoder().decode(stored?.bytes)).toBe('passport scan');
    // At rest: iv + ciphertext only (see document-file-crypto.test.ts).
    const row = await db.documentFiles.get(doc.id);
    expect(row).not.toHaveProperty('bytes');
    expect(new TextDecoder().decode(row?.ciphertext)).not.toContain('passport scan');
    // Case + document create + the document update: the file bytes never enter the outbox.
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(3);
    expect(outbox[2]?.patch).toMatchObject({ status: 'received', fileName: 'paspor.pdf' });
    expect(JSON.stringify(outbox)).not.toContain('passport scan');
  });

  it('writes nothing when the document does not exist', async () => {
    await expect(
      repo.attachDocumentFile('0196f000-0000-7000-8000-000000000000', {
        name: 'x',
        mimeType: 'x',
        bytes: new Uint8Array(1),
      }),
    ).rejects.toBeInstanceOf(RepositoryError);
    expect(await db.documentFiles.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('stamps verifiedAt when a document is verified', async () => {
    const { documents } = await repo.createCase(newCase(), ['work_contract']);
    clock = new Date('2025-06-05T03:00:00.000Z');
    const doc = await repo.setDocumentStatus(documents[0]!.id, 'verified');
    expect(doc).toMatchObject({ status: 'verified', verifiedAt: '2025-06-05T03:00:00.000Z' });
  });
});

describe('follow-up snapshot and filters', () => {
  it('leaves closed cases out of the snapshot', async () => {
    const open = await repo.createCase(newCase());
    const closed = await repo.createCase(newCase());
    await repo.updateRecord('cases', closed.case.id, {
      status: 'closed_unresolved',
      closureReason: 'withdrawn',
    });
    await repo.createRecord('contacts', {
      caseId: open.case.id,
      at: clock.toISOString(),
      direction: 'incoming',
      channel: 'phone',
      result: 'connected',
      nextPromiseAt: '2025-06-09T03:00:00.000Z',
      authorId: 'op-1',
    });
    const snap = await repo.followUpSnapshot();
    expect(snap.cases.map((c) => c.id)).toEqual([open.case.id]);
    expect(snap.contacts).toHaveLength(1);
  });

  it('finds the notification candidates by index ranges only', async () => {
    const promised = await repo.createCase(newCase({ receivedAt: '2025-01-01T00:00:00.000Z' }));
    const fresh = await repo.createCase(newCase({ receivedAt: '2025-06-01T01:00:00.000Z' }));
    await repo.createCase(newCase({ receivedAt: '2025-01-02T00:00:00.000Z' }));
    await repo.createRecord('contacts', {
      caseId: promised.case.id,
      at: '2025-01-05T00:00:00.000Z',
      direction: 'outgoing',
      channel: 'phone',
      result: 'connected',
      nextPromiseAt: '2025-06-08T02:00:00.000Z',
      authorId: 'op-1',
    });
    // Received a cadence before the window: critical 1 day, urgent 2 days.
    const critical = await repo.createCase(
      newCase({ urgency: 'critical', receivedAt: '2025-06-07T02:30:00.000Z' }),
    );
    const urgent = await repo.createCase(
      newCase({ urgency: 'urgent', receivedAt: '2025-06-06T00:30:00.000Z' }),
    );
    // Received within the week but due later (normal: 7 days after receipt), or just outside a range.
    for (const receivedAt of [
      '2025-06-04T01:00:00.000Z',
      '2025-06-06T03:00:01.000Z',
      '2025-06-01T00:00:00.000Z',
    ])
      await repo.createCase(newCase({ receivedAt }));
    const snap = await repo.followUpCandidates('2025-06-08T00:00:00.000Z', '2025-06-08T03:00:00.000Z');
    // Cases without any contact or promise that could fall due in the window are not read at all.
    expect(snap.cases.map((c) => c.id).sort()).toEqual(
      [promised.case.id, fresh.case.id, critical.case.id, urgent.case.id].sort(),
    );
    expect(snap.contacts).toHaveLength(1);
    // Every case whose promise falls due in the window is among them: the full snapshot agrees.
    const due = (s: FollowUpSnapshot) =>
      todayList(s.cases, s.contacts, [], '2025-06-08T03:00:00.000Z', '2025-06-08T03:00:00.000Z')
        .filter((i) => i.dueAt > '2025-06-08T00:00:00.000Z')
        .map((i) => i.caseId)
        .sort();
    expect(due(snap)).toEqual(due(await repo.followUpSnapshot()));
    expect(due(snap)).toHaveLength(4);
  });

  it('filters by indexed and unindexed criteria, overdue promises, and sorts urgency by rank', async () => {
    const a = await repo.createCase(newCase({ urgency: 'critical', problemTypes: ['died_abroad'] }));
    clock = new Date('2025-06-03T03:00:00.000Z');
    const b = await repo.createCase(
      newCase({ urgency: 'normal', destinationCountry: 'MY', ownerId: 'op-2' }),
    );
    clock = new Date('2025-06-04T03:00:00.000Z');
    const c = await repo.createCase(newCase({ urgency: 'urgent', mainProblem: 'unpaid_wages' }));
    expect(await repo.filterCaseIds({ country: 'SA' })).toEqual([c.case.id, a.case.id]);
    expect(await repo.filterCaseIds({ country: 'SA' }, 'receivedAt', false)).toEqual([a.case.id, c.case.id]);
    expect(await repo.filterCaseIds({ ownerId: 'op-2' })).toEqual([b.case.id]);
    expect(await repo.filterCaseIds({ problemType: 'unpaid_wages' })).toEqual([c.case.id]);
    expect(await repo.filterCaseIds({ problemType: 'died_abroad', urgency: 'critical' })).toEqual([
      a.case.id,
    ]);
    expect(await repo.filterCaseIds({}, 'urgency', true)).toEqual([a.case.id, c.case.id, b.case.id]);
    // On 6 June the critical case (cadence 1 day) and the urgent one (2 days) are overdue; the normal one (7) is not.
    const overdue = await repo.filterCaseIds(
      { overdue: true },
      'receivedAt',
      true,
      new Date('2025-06-06T12:00:00Z'),
    );
    expect(overdue).toEqual([c.case.id, a.case.id]);
    expect((await repo.casesByIds(overdue)).map((r) => r.id)).toEqual(overdue);
    expect(await repo.caseOwners()).toEqual(['op-1', 'op-2']);
  });
});

describe('audit fallback', () => {
  it('lists the pending mutations of the records and the cached audit entries', async () => {
    const { case: c, documents } = await repo.createCase(newCase(), ['ktp']);
    await repo.updateRecord('cases', c.id, { summary: 'Ingin pulang' });
    const history = await repo.outboxHistory([c.id]);
    expect(history.map((h) => h.op)).toEqual(['create', 'update']);
    expect(await repo.outboxHistory([documents[0]!.id])).toHaveLength(1);
    await db.auditCache.bulkPut([
      { ...auditEntry(2), recordId: c.id },
      { ...auditEntry(1), recordId: c.id },
    ]);
    expect((await repo.auditFor([c.id])).map((e) => e.seq)).toEqual([1, 2]);
  });
});

function auditEntry(seq: number) {
  return {
    seq,
    at: '2025-06-02T03:00:00.000Z',
    clientTime: null,
    actorId: 'op-1',
    deviceId: 'dev-1',
    action: 'update',
    table: 'cases',
    recordId: null,
    mutationId: `m${seq}`,
    baseRev: null,
    rev: seq,
    changes: [{ path: 'summary', from: null, to: 'x' }],
    outcome: 'applied',
    prevHash: 'p',
    hash: `h${seq}`,
  };
}

describe('database version 2', () => {
  it('re-keys cases written at version 1 with folded name spellings', async () => {
    const name = `v1-${Math.random()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({
      cases:
        'id, caseNumber, draftNumber, status, urgency, officeId, ownerId, receivedAt, destinationCountry, *searchKeys',
    });
    const old = {
      id: '0196f000-0000-7000-8000-000000000001',
      caseNumber: null,
      draftNumber: 'DRAFT-000001',
      worker: { fullName: 'Soekarno Djojo', aliases: [], phones: [], passportNumber: null, nik: null },
      reporters: {},
      searchKeys: ['soekarno', 'djojo'],
    };
    await v1.table('cases').add(old);
    v1.close();
    const upgraded = new PoskoDb(name);
    const row = await upgraded.cases.get(old.id);
    expect(row?.searchKeys).toEqual(caseSearchKeys(row!));
    expect(row?.searchKeys).toEqual(expect.arrayContaining(['sukarno', 'jojo', 'soekarno']));
    expect(await upgraded.documentFiles.count()).toBe(0);
    upgraded.close();
    await upgraded.delete();
  });
});

// Records are stored compact (issue 15, the wire): `data` holds the record without the leaves that
// equal their schema default, the bytes a compact pull splices as they are. What proves it works:
// the stored row is compact and a compact pull carries it byte for byte; a client that asks for
// nothing still gets full records, equal to the full record the server validated (what it got
// before); a row stored full by an older server keeps working for both; and the three-way merge
// reads the full record, so a default left out of the row compares equal to that default.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type SyncedTable } from '../../shared/domain/record';
import { RECORD_SCHEMAS } from '../../shared/domain/tables';
import type { PullResponse } from '../../shared/sync/protocol';
import { compactRecord, expandRecord } from '../../shared/sync/wire';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, mutation, taskPatch, updateMutation, withServer } from './helpers';

describe.each(DB_KINDS)('records stored compact on %s', (kind) => {
  let srv: TestServer;
  let alice: Session;
  let bob: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    const officeId = (await srv.createOffice('JKT')).id;
    alice = (await srv.createUser({ role: 'operator', officeId })).session;
    bob = (await srv.createUser({ role: 'operator', officeId })).session;
  });
  afterAll(() => srv?.close());

  const storedText = async (id: string) =>
    (await srv.storage.sql.get<{ data: string }>('SELECT data FROM records WHERE id = ?', [id]))!.data;

  /** The raw pull body (text, so bytes can be compared) and its parse. */
  async function pullText(cursor: number, query = ''): Promise<{ text: string; body: PullResponse }> {
    const res = await fetch(`${srv.url}/v1/sync/pull?cursor=${cursor}&limit=100${query}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    return { text, body: JSON.parse(text) as PullResponse };
  }

  it('stores the compact record, and a compact pull sends those bytes as stored', async () => {
    const start = await srv.storage.headSeq();
    const m = createCaseMutation({ summary: 'Dia bilang "pulang" — 王芳 👩‍👧' });
    const task = mutation('create', 'tasks', uuidv7(), taskPatch(m.recordId));
    expect((await srv.push(alice, [m, task])).map((r) => r.outcome)).toEqual(['applied', 'applied']);
    for (const [table, id] of [
      ['cases', m.recordId],
      ['tasks', task.recordId],
    ] as [SyncedTable, string][]) {
      const stored = JSON.parse(await storedText(id)) as Record<string, unknown>;
      const full = expandRecord(table, stored);
      // Nothing the schema would give back is in the row, and the row restores a valid full record.
      expect(stored).toStrictEqual(compactRecord(table, full));
      expect(RECORD_SCHEMAS[table].parse(full)).toStrictEqual(full);
    }
    const stored = JSON.parse(await storedText(m.recordId)) as Record<string, unknown>;
    expect(stored).not.toHaveProperty('demands');
    expect(stored).not.toHaveProperty('agency');
    expect(stored).toMatchObject({
      rev: 1,
      deleted: false,
      officeId: expect.any(String),
      caseNumber: expect.any(String),
    });

    const { text } = await pullText(start, `&compact=${SCHEMA_VERSION}`);
    expect(text).toContain(`{"table":"cases","record":${await storedText(m.recordId)}}`);
    expect(text).toContain(`{"table":"tasks","record":${await storedText(task.recordId)}}`);
  });

  it('gives a client that asks for nothing full records, as the server validated them', async () => {
    const start = await srv.storage.headSeq();
    const m = createCaseMutation({ worker: { fullName: 'Siti Aminah' } });
    await srv.push(alice, [m]);
    const { body } = await pullText(start);
    const record = body.changes.find((c) => c.record.id === m.recordId)!.record;
    // Every default is there (nothing for the schema to fill in) and the values are the stored ones.
    expect(RECORD_SCHEMAS.cases.parse(record)).toStrictEqual(record);
    expect(record).toMatchObject({
      demands: '',
      deleted: false,
      openConflicts: 0,
      agency: expect.any(Object),
    });
    expect(record).toStrictEqual(expandRecord('cases', JSON.parse(await storedText(m.recordId)) as never));
    expect((record.worker as Record<string, unknown>).fullName).toBe('Siti Aminah');
    expect((record.worker as Record<string, unknown>).aliases).toEqual([]);
  });

  it('keeps a row stored full (by an older server) working for pull, push and merge', async () => {
    const m = createCaseMutation();
    await srv.push(alice, [m]);
    const full = expandRecord('cases', JSON.parse(await storedText(m.recordId)) as never);
    await srv.storage.sql.run('UPDATE records SET data = ? WHERE id = ?', [JSON.stringify(full), m.recordId]);
    const start = (full.seq as number) - 1;
    const compact = await pullText(start, `&compact=${SCHEMA_VERSION}`);
    const plain = await pullText(start);
    const pick = (b: PullResponse) => b.changes.find((c) => c.record.id === m.recordId)!.record;
    expect(expandRecord('cases', pick(compact.body))).toStrictEqual(full);
    expect(pick(plain.body)).toStrictEqual(full);
    const [r] = await srv.push(alice, [
      updateMutation('cases', m.recordId, 1, { demands: 'x' }, { demands: '' }),
    ]);
    expect(r!.outcome).toBe('applied');
    // Written again, compact.
    expect(JSON.parse(await storedText(m.recordId))).toStrictEqual(
      compactRecord('cases', { ...full, ...pick((await pullText(start)).body) }),
    );
  });

  it('merges against the full record: a default left out of the row equals that default', async () => {
    const m = createCaseMutation();
    await srv.push(alice, [m]);
    expect(JSON.parse(await storedText(m.recordId))).not.toHaveProperty('chronology');
    await srv.push(alice, [updateMutation('cases', m.recordId, 1, { summary: 'alice' }, {})]);
    // Bob is behind (base rev 1) and saw chronology '' and worker.fullName '' (the defaults): his
    // edits merge, they are no conflict with "absent".
    const [r] = await srv.push(bob, [
      updateMutation(
        'cases',
        m.recordId,
        1,
        { chronology: 'bob', 'worker.aliases': ['Ani'] },
        { chronology: '', 'worker.aliases': [] },
      ),
    ]);
    expect(r!.outcome).toBe('merged');
    expect(r!.conflictIds).toBeUndefined();
    const { body } = await pullText(0);
    expect(body.changes.find((c) => c.record.id === m.recordId)!.record).toMatchObject({
      summary: 'alice',
      chronology: 'bob',
      worker: { aliases: ['Ani'] },
      openConflicts: 0,
    });
  });
});

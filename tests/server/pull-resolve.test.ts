import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, mutation, taskPatch, updateMutation, withServer } from './helpers';

describe.each(DB_KINDS)('pull and resolve on %s', (kind) => {
  let srv: TestServer;
  let officeId: string;
  let alice: Session;
  let bob: Session;
  let boss: Session;
  let outsider: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    officeId = (await srv.createOffice('JKT')).id;
    const otherOffice = (await srv.createOffice('SBY')).id;
    alice = (await srv.createUser({ role: 'operator', officeId })).session;
    bob = (await srv.createUser({ role: 'operator', officeId })).session;
    boss = (await srv.createUser({ role: 'supervisor', officeId })).session;
    outsider = (await srv.createUser({ role: 'operator', officeId: otherOffice })).session;
  });
  afterAll(() => srv?.close());

  it('pages with a cursor in seq order and shows only the own office', async () => {
    const mine = Array.from({ length: 7 }, () => createCaseMutation());
    await srv.push(alice, mine);
    await srv.push(outsider, [createCaseMutation(), createCaseMutation()]);
    const seen: string[] = [];
    let cursor = 0;
    let pages = 0;
    for (;;) {
      const page = await srv.pull(bob, cursor, 3);
      pages += 1;
      const seqs = page.changes.map((c) => c.record.seq as number);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs.every((s) => s > cursor)).toBe(true);
      for (const c of page.changes) {
        expect(c.record.officeId).toBe(officeId);
        seen.push(c.record.id as string);
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(mine.map((m) => m.recordId));
    expect(cursor).toBe(await srv.storage.headSeq());
    const empty = await srv.pull(bob, cursor);
    expect(empty).toEqual({ changes: [], conflicts: [], cursor, hasMore: false });
    const theirs = await srv.pull(outsider, 0);
    expect(theirs.changes).toHaveLength(2);
  });

  it('returns only the latest version of a record changed several times', async () => {
    const start = await srv.storage.headSeq();
    const m = createCaseMutation();
    await srv.push(alice, [m]);
    await srv.push(alice, [
      updateMutation('cases', m.recordId, 1, { summary: 'b' }, { summary: 'Wants to come home' }),
    ]);
    await srv.push(alice, [updateMutation('cases', m.recordId, 2, { summary: 'c' }, { summary: 'b' })]);
    const page = await srv.pull(alice, start);
    expect(page.changes).toHaveLength(1);
    expect(page.changes[0]!.record).toMatchObject({ rev: 3, summary: 'c' });
  });

  it('sends stored text byte for byte: non-ASCII names, quotes and emoji survive the pull', async () => {
    const start = await srv.storage.headSeq();
    const summary = 'Dia bilang "pulang" — نورة, Ñoño, 王芳, 👩‍👧 \\ \n tab\t';
    const fullName = 'Siti Nur’aini binti Abdul Ğani';
    const m = createCaseMutation({ summary, worker: { fullName } });
    expect((await srv.push(alice, [m]))[0]!.outcome).toBe('applied');
    // A compact pull sends the stored bytes (records are stored compact: stored-compact.test.ts).
    const res = await srv.request('GET', `/v1/sync/pull?cursor=${start}&limit=10&compact=${SCHEMA_VERSION}`, {
      token: alice,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.body.changes).toHaveLength(1);
    expect(res.body.changes[0].record).toMatchObject({ summary, worker: { fullName } });
    // The body is exactly the JSON of what is stored: no re-encoding on the way out.
    const stored = await srv.storage.sql.get<{ data: string }>('SELECT data FROM records WHERE id = ?', [
      m.recordId,
    ]);
    expect(res.body.changes[0].record).toEqual(JSON.parse(stored!.data));
  });

  async function conflictOn(ownerId: string | null) {
    const m = createCaseMutation({ ownerId });
    await srv.push(alice, [m]);
    await srv.push(alice, [
      updateMutation('cases', m.recordId, 1, { summary: 'alice' }, { summary: 'Wants to come home' }),
    ]);
    const [r] = await srv.push(bob, [
      updateMutation('cases', m.recordId, 1, { summary: 'bob' }, { summary: 'Wants to come home' }),
    ]);
    expect(r!.outcome).toBe('conflict');
    return { caseId: m.recordId, conflictId: r!.conflictIds![0]! };
  }

  const resolveMutation = (caseId: string, conflictId: string, value: string, baseRev = 3) =>
    mutation('resolve', 'cases', caseId, { summary: value }, { conflictId, baseRev });

  it('a supervisor resolves a conflict; the count drops and the conflict is pulled as resolved', async () => {
    const { caseId, conflictId } = await conflictOn(null);
    const cursor = await srv.storage.headSeq();
    const [r] = await srv.push(boss, [resolveMutation(caseId, conflictId, 'bob')]);
    expect(r).toMatchObject({ outcome: 'applied', conflictIds: [conflictId], rev: 4 });
    const page = await srv.pull(alice, cursor);
    expect(page.changes[0]!.record).toMatchObject({ summary: 'bob', openConflicts: 0 });
    expect(page.conflicts[0]).toMatchObject({
      id: conflictId,
      status: 'resolved',
      resolvedBy: boss.user.id,
      resolution: 'bob',
    });
    const [again] = await srv.push(boss, [resolveMutation(caseId, conflictId, 'alice', 4)]);
    expect(again!.error).toMatchObject({ code: 'already_resolved' });
  });

  it('a resolve written on top of a version the resolver has not seen is merged, not applied', async () => {
    const { caseId, conflictId } = await conflictOn(null);
    // Alice edits another field after the conflict (rev 4); the supervisor resolves from rev 3.
    await srv.push(alice, [updateMutation('cases', caseId, 3, { urgency: 'urgent' }, { urgency: 'normal' })]);
    const [r] = await srv.push(boss, [resolveMutation(caseId, conflictId, 'bob', 3)]);
    expect(r).toMatchObject({ outcome: 'merged', conflictIds: [conflictId], rev: 5 });
    const page = await srv.pull(boss, 0, 5000);
    expect(page.changes.find((c) => c.record.id === caseId)!.record).toMatchObject({
      summary: 'bob',
      urgency: 'urgent',
      openConflicts: 0,
    });
  });

  it('the case owner may resolve; another operator may not', async () => {
    const { caseId, conflictId } = await conflictOn(alice.user.id);
    const [byBob] = await srv.push(bob, [resolveMutation(caseId, conflictId, 'bob')]);
    expect(byBob!.error).toMatchObject({ code: 'forbidden' });
    const [byOutsider] = await srv.push(outsider, [resolveMutation(caseId, conflictId, 'bob')]);
    expect(byOutsider!.error).toMatchObject({
      code: 'not_found',
      message: `conflict ${conflictId} does not exist`,
    });
    const [byOwner] = await srv.push(alice, [resolveMutation(caseId, conflictId, 'a third text')]);
    expect(byOwner!.outcome).toBe('applied');
    const page = await srv.pull(alice, 0, 5000);
    const record = page.changes.find((c) => c.record.id === caseId)!.record;
    expect(record).toMatchObject({ summary: 'a third text', openConflicts: 0 });
  });

  it('a conflict on a child record shows on its case and is resolvable', async () => {
    const c = createCaseMutation({ ownerId: alice.user.id });
    const taskId = uuidv7();
    await srv.push(alice, [c, mutation('create', 'tasks', taskId, taskPatch(c.recordId))]);
    await srv.push(alice, [
      updateMutation('tasks', taskId, 1, { title: 'Call KBRI' }, { title: 'Call the mission' }),
    ]);
    const [r] = await srv.push(bob, [
      updateMutation('tasks', taskId, 1, { title: 'Call KJRI' }, { title: 'Call the mission' }),
    ]);
    expect(r!.outcome).toBe('conflict');
    let page = await srv.pull(alice, 0, 5000);
    expect(page.changes.find((x) => x.record.id === c.recordId)!.record.openConflicts).toBe(1);
    const [res] = await srv.push(boss, [
      mutation(
        'resolve',
        'tasks',
        taskId,
        { title: 'Call KJRI' },
        { conflictId: r!.conflictIds![0]!, baseRev: 2 },
      ),
    ]);
    expect(res!.outcome).toBe('applied');
    page = await srv.pull(alice, 0, 5000);
    expect(page.changes.find((x) => x.record.id === c.recordId)!.record.openConflicts).toBe(0);
    expect(page.changes.find((x) => x.record.id === taskId)!.record.title).toBe('Call KJRI');
  });

  it('admins and auditors cannot pull case data', async () => {
    const res = await srv.request('GET', '/v1/sync/pull?cursor=0', { token: srv.admin });
    expect(res.status).toBe(403);
    const bad = await srv.request('GET', '/v1/sync/pull?cursor=-1', { token: alice });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('query.cursor');
  });
});

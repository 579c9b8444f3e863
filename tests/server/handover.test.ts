// Handing a case over to another office (issue 17), on SQLite and PostgreSQL:
// only a supervisor of the case's office may; the case and its child records
// and conflicts move to the receiving office, which pulls them (new seqs past
// its cursor) and owns the case; the sending office pulls nothing of it any
// more, may not write it, and learns to drop it from GET /v1/cases/moved; both
// offices read the handover in their audit, and the audit replay still
// matches every record.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatten } from '../../shared/sync/paths';
import type { Session, TestServer } from './helpers';
import {
  DB_KINDS,
  contactPatch,
  createCaseMutation,
  mutation,
  taskPatch,
  updateMutation,
  withServer,
} from './helpers';

describe.each(DB_KINDS)('case handover on %s', (kind) => {
  let srv: TestServer;
  let jkt: { id: string; code: string };
  let sby: { id: string; code: string };
  let opA: Session;
  let opA2: Session;
  let supA: Session;
  let opB: Session;
  let supB: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    jkt = await srv.createOffice('JKT');
    sby = await srv.createOffice('SBY');
    opA = (await srv.createUser({ role: 'operator', officeId: jkt.id })).session;
    opA2 = (await srv.createUser({ role: 'operator', officeId: jkt.id })).session;
    supA = (await srv.createUser({ role: 'supervisor', officeId: jkt.id })).session;
    opB = (await srv.createUser({ role: 'operator', officeId: sby.id })).session;
    supB = (await srv.createUser({ role: 'supervisor', officeId: sby.id })).session;
  });
  afterAll(() => srv?.close());

  const handover = (session: Session, caseId: string, body: unknown) =>
    srv.request('POST', `/v1/cases/${caseId}/handover`, { token: session, body });

  /** A case of JKT owned by opA with a contact, a task and one open conflict on its summary. */
  async function caseWithChildren() {
    const c = createCaseMutation({ ownerId: opA.user.id });
    const contact = mutation('create', 'contacts', uuidv7(), contactPatch(c.recordId));
    const task = mutation('create', 'tasks', uuidv7(), taskPatch(c.recordId));
    const results = await srv.push(opA, [c, contact, task]);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    await srv.push(opA, [
      updateMutation('cases', c.recordId, 1, { summary: 'a' }, { summary: 'Wants to come home' }),
    ]);
    const [r] = await srv.push(opA2, [
      updateMutation('cases', c.recordId, 1, { summary: 'b' }, { summary: 'Wants to come home' }),
    ]);
    expect(r!.outcome).toBe('conflict');
    return {
      caseId: c.recordId,
      contactId: contact.recordId,
      taskId: task.recordId,
      conflictId: r!.conflictIds![0]!,
    };
  }

  async function pullAll(session: Session, from = 0) {
    let cursor = from;
    const changes = [];
    const conflicts = [];
    for (;;) {
      const page = await srv.pull(session, cursor, 1000);
      changes.push(...page.changes);
      conflicts.push(...page.conflicts);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    return { changes, conflicts, cursor };
  }

  it('moves the case, its records and conflicts to the receiving office, which then owns it', async () => {
    const { caseId, contactId, taskId, conflictId } = await caseWithChildren();
    const before = await pullAll(opB);
    const aBefore = await pullAll(opA);
    expect(aBefore.changes.some((c) => c.record.id === caseId)).toBe(true);

    const res = await handover(supA, caseId, { toOfficeCode: 'SBY', reason: 'Family moved to Surabaya' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseId, toOffice: { id: sby.id, code: 'SBY' }, records: 3 });

    // The receiving office pulls all of it after its own cursor.
    const after = await pullAll(opB, before.cursor);
    const ids = after.changes.map((c) => c.record.id);
    expect(ids).toEqual(expect.arrayContaining([caseId, contactId, taskId]));
    const moved = after.changes.find((c) => c.record.id === caseId)!.record as Record<string, unknown>;
    expect(moved).toMatchObject({
      officeId: sby.id,
      status: 'handed_over',
      closureReason: 'handed_to_other_agency',
      ownerId: null,
    });
    for (const change of after.changes) expect(change.record.officeId).toBe(sby.id);
    expect(after.conflicts.map((c) => c.id)).toContain(conflictId);

    // The sending office: nothing of the case in a pull, and told to drop it.
    const a = await pullAll(opA);
    expect(
      a.changes.some((c) => c.record.id === caseId || (c.record as { caseId?: string }).caseId === caseId),
    ).toBe(false);
    expect(a.conflicts.some((c) => c.id === conflictId)).toBe(false);
    const movedA = await srv.request('GET', `/v1/cases/moved?cursor=${aBefore.cursor}`, { token: opA });
    expect(movedA.status).toBe(200);
    expect(movedA.body.moves.map((m: { caseId: string }) => m.caseId)).toEqual([caseId]);
    expect(movedA.body.cursor).toBeGreaterThan(aBefore.cursor);
    const again = await srv.request('GET', `/v1/cases/moved?cursor=${movedA.body.cursor}`, { token: opA });
    expect(again.body.moves).toEqual([]);
    const movedB = await srv.request('GET', '/v1/cases/moved', { token: opB });
    expect(movedB.body.moves.map((m: { caseId: string }) => m.caseId)).not.toContain(caseId);

    // The sending office can no longer write it; the receiving office assigns and reopens it.
    const rev = Number(moved.rev);
    const [refused] = await srv.push(opA, [
      updateMutation('cases', caseId, rev, { summary: 'x' }, { summary: 'a' }),
    ]);
    expect(refused!.outcome).toBe('rejected');
    const [assigned] = await srv.push(supB, [
      updateMutation(
        'cases',
        caseId,
        rev,
        { ownerId: opB.user.id, status: 'reopened' },
        { ownerId: null, status: 'handed_over' },
      ),
    ]);
    expect(assigned!.outcome).toBe('applied');
    const [note] = await srv.push(opB, [
      mutation(
        'create',
        'notes',
        uuidv7(),
        flatten({ caseId, at: new Date().toISOString(), body: 'diterima' }),
      ),
    ]);
    expect(note!.outcome).toBe('applied');

    // Both offices see the handover in their audit; the replay of every record still matches.
    const auditA = await srv.request('GET', `/v1/audit?caseId=${caseId}`, { token: supA });
    expect(auditA.status).toBe(200);
    expect(auditA.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'case.handover', outcome: 'sent', officeId: jkt.id }),
      ]),
    );
    const auditB = await srv.request('GET', `/v1/audit?caseId=${caseId}`, { token: supB });
    const inB = auditB.body.entries.filter((e: { action: string }) => e.action === 'case.handover');
    expect(inB.length).toBe(3);
    expect(
      inB.every(
        (e: { officeId: string; outcome: string }) => e.officeId === sby.id && e.outcome === 'applied',
      ),
    ).toBe(true);
    const verify = await srv.request('GET', '/v1/audit/verify', { token: srv.admin });
    expect(verify.body).toMatchObject({ ok: true, records: { mismatched: 0 } });
  });

  it('is a supervisor-only act of the case office, with its checks; a refusal changes nothing', async () => {
    const c = createCaseMutation({ ownerId: opA.user.id });
    await srv.push(opA, [c]);
    const body = { toOfficeCode: 'SBY', reason: 'x' };
    expect((await handover(opA, c.recordId, body)).status).toBe(403);
    expect((await handover(srv.admin, c.recordId, body)).status).toBe(403);
    const foreign = await handover(supB, c.recordId, body);
    expect(foreign.status).toBe(404);
    expect((await handover(supA, c.recordId, { toOfficeCode: 'ZZZ', reason: 'x' })).body.error.code).toBe(
      'not_found',
    );
    expect((await handover(supA, c.recordId, { toOfficeCode: 'JKT', reason: 'x' })).body.error.code).toBe(
      'same_office',
    );
    const bad = await handover(supA, c.recordId, { toOfficeCode: 'SBY', reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect((await handover(supA, 'not-a-uuid', body)).status).toBe(400);
    // A closed case may not be handed over (the workflow: closed only leaves through reopened).
    const done = createCaseMutation({ ownerId: opA.user.id });
    await srv.push(opA, [done]);
    const [closed] = await srv.push(opA, [
      updateMutation(
        'cases',
        done.recordId,
        1,
        { status: 'closed_unresolved', closureReason: 'duplicate' },
        { status: 'received', closureReason: null },
      ),
    ]);
    expect(closed!.outcome).toBe('applied');
    const illegal = await handover(supA, done.recordId, body);
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.code).toBe('illegal_transition');
    // Nothing moved: the case is still JKT's, in JKT's pull.
    const a = await srv.pull(opA, 0, 5000);
    const still = a.changes.find((ch) => ch.record.id === c.recordId);
    expect(still?.record.officeId).toBe(jkt.id);
    const moved = await srv.request('GET', '/v1/cases/moved', { token: opA });
    expect(moved.body.moves.map((m: { caseId: string }) => m.caseId)).not.toContain(c.recordId);
  });
});

// Issue 14 item 10 (push and resolve): a record or conflict of another office
// answers exactly like one that does not exist, so a push can neither learn
// that it exists nor which office holds it. Each refusal is still audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { MutationResult } from '../../shared/sync/protocol';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, contactPatch, createCaseMutation, mutation, updateMutation, withServer } from './helpers';

describe.each(DB_KINDS)('out-of-scope records on %s', (kind) => {
  let srv: TestServer;
  let alice: Session;
  let bob: Session;
  let outsider: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    const officeId = (await srv.createOffice('JKT')).id;
    const otherOffice = (await srv.createOffice('SBY')).id;
    alice = (await srv.createUser({ role: 'operator', officeId })).session;
    bob = (await srv.createUser({ role: 'operator', officeId })).session;
    outsider = (await srv.createUser({ role: 'supervisor', officeId: otherOffice })).session;
  });
  afterAll(() => srv?.close());

  /** The answer without the ids in it (they differ between the two records compared). */
  const answer = (r: MutationResult, ...ids: string[]) =>
    JSON.stringify({ outcome: r.outcome, error: r.error }).replaceAll(new RegExp(ids.join('|'), 'g'), '<id>');

  it('update, delete, child create and resolve of another office answer like a missing record', async () => {
    const c = createCaseMutation();
    await srv.push(alice, [c]);
    const contactId = uuidv7();
    await srv.push(alice, [mutation('create', 'contacts', contactId, contactPatch(c.recordId))]);
    await srv.push(alice, [
      updateMutation('cases', c.recordId, 1, { summary: 'alice' }, { summary: 'Wants to come home' }),
    ]);
    const [conflicted] = await srv.push(bob, [
      updateMutation('cases', c.recordId, 1, { summary: 'bob' }, { summary: 'Wants to come home' }),
    ]);
    const conflictId = conflicted!.conflictIds![0]!;
    const missingCase = uuidv7();
    const missingConflict = uuidv7();
    const pairs: [
      (caseId: string, conflict: string, contact: string) => ReturnType<typeof mutation>,
      string[],
    ][] = [
      [(id) => updateMutation('cases', id, 1, { summary: 'x' }, { summary: 'Wants to come home' }), []],
      [(_id, _c, contact) => mutation('delete', 'contacts', contact, {}, { baseRev: 1 }), []],
      [(id) => mutation('create', 'contacts', uuidv7(), contactPatch(id)), []],
      [
        (id, conflict) =>
          mutation('resolve', 'cases', id, { summary: 'x' }, { conflictId: conflict, baseRev: 3 }),
        [],
      ],
    ];
    const missingContact = uuidv7();
    for (const [make] of pairs) {
      const [foreign] = await srv.push(outsider, [make(c.recordId, conflictId, contactId)]);
      const [missing] = await srv.push(outsider, [make(missingCase, missingConflict, missingContact)]);
      expect(foreign!.outcome).toBe('rejected');
      expect(answer(foreign!, c.recordId, conflictId, contactId)).toBe(
        answer(missing!, missingCase, missingConflict, missingContact),
      );
      expect(JSON.stringify(foreign)).not.toMatch(/office|forbidden/i);
    }
    // Audited as refusals still, with nothing in them that a missing record would not give.
    const audit = await srv.request('GET', `/v1/audit?actorId=${outsider.user.id}`, { token: srv.admin });
    const refused = audit.body.entries.filter((e: { outcome: string }) => e.outcome === 'rejected');
    expect(refused).toHaveLength(8);
    for (const e of refused) expect(e.detail).toMatch(/^not_found/);
  });
});

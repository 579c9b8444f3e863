// Issue 14 item 5: resolve rights and case ownership cannot be bypassed.
// Resolve rights are judged on the case as stored before the push; `ownerId`
// names an active operator or supervisor of the case's office; an operator may
// take an unowned case for themself, assigning it to someone else is a
// supervisor's act.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, mutation, updateMutation, withServer } from './helpers';

describe.each(DB_KINDS)('case ownership on %s', (kind) => {
  let srv: TestServer;
  let alice: Session;
  let bob: Session;
  let boss: Session;
  let outsider: Session;
  let auditorId: string;

  beforeAll(async () => {
    srv = await withServer(kind);
    const officeId = (await srv.createOffice('JKT')).id;
    const otherOffice = (await srv.createOffice('SBY')).id;
    alice = (await srv.createUser({ role: 'operator', officeId })).session;
    bob = (await srv.createUser({ role: 'operator', officeId })).session;
    boss = (await srv.createUser({ role: 'supervisor', officeId })).session;
    outsider = (await srv.createUser({ role: 'operator', officeId: otherOffice })).session;
    auditorId = (await srv.createUser({ role: 'auditor' })).user.id;
  });
  afterAll(() => srv?.close());

  const setOwner = (caseId: string, rev: number, to: string | null, from: string | null) =>
    updateMutation('cases', caseId, rev, { ownerId: to }, { ownerId: from });

  /** A case owned by `ownerId` with one open conflict on `summary` (case at rev 3). */
  async function conflictOn(ownerId: string | null) {
    const m = createCaseMutation({ ownerId });
    expect((await srv.push(ownerId === alice.user.id ? alice : boss, [m]))[0]!.outcome).toBe('applied');
    await srv.push(alice, [
      updateMutation('cases', m.recordId, 1, { summary: 'alice' }, { summary: 'Wants to come home' }),
    ]);
    const [r] = await srv.push(bob, [
      updateMutation('cases', m.recordId, 1, { summary: 'bob' }, { summary: 'Wants to come home' }),
    ]);
    expect(r!.outcome).toBe('conflict');
    return { caseId: m.recordId, conflictId: r!.conflictIds![0]! };
  }
  const resolveMutation = (caseId: string, conflictId: string, value: string, baseRev: number) =>
    mutation('resolve', 'cases', caseId, { summary: value }, { conflictId, baseRev });

  it('taking ownership and resolving in the same push: the resolve is judged on the case before it', async () => {
    const { caseId, conflictId } = await conflictOn(null);
    const [take, res] = await srv.push(bob, [
      setOwner(caseId, 3, bob.user.id, null),
      resolveMutation(caseId, conflictId, 'bob', 4),
    ]);
    expect(take!.outcome).toBe('applied');
    expect(res).toMatchObject({ outcome: 'rejected', error: { code: 'forbidden' } });
    // Owner since the last push: now the resolve is his to make.
    const [later] = await srv.push(bob, [resolveMutation(caseId, conflictId, 'bob', 4)]);
    expect(later!.outcome).toBe('applied');
  });

  it("a non-owner cannot take a colleague's case, so cannot resolve it either", async () => {
    const { caseId, conflictId } = await conflictOn(alice.user.id);
    const [take, res] = await srv.push(bob, [
      setOwner(caseId, 3, bob.user.id, alice.user.id),
      resolveMutation(caseId, conflictId, 'bob', 3),
    ]);
    expect(take).toMatchObject({ outcome: 'rejected', error: { code: 'forbidden' } });
    expect(res).toMatchObject({ outcome: 'rejected', error: { code: 'forbidden' } });
  });

  it('ownerId names an active operator or supervisor of the case office', async () => {
    const c = createCaseMutation();
    await srv.push(boss, [c]);
    let rev = 1;
    const disabled = (await srv.createUser({ role: 'operator', officeId: alice.user.officeId })).user.id;
    const off = await srv.request('PATCH', `/v1/admin/users/${disabled}`, {
      token: srv.admin,
      body: { disabled: true },
    });
    expect(off.status).toBe(200);
    for (const bad of [outsider.user.id, auditorId, srv.admin.user.id, disabled, 'anyone', 'a\u0000b', '']) {
      const [r] = await srv.push(boss, [setOwner(c.recordId, rev, bad, null)]);
      expect(r, JSON.stringify(bad)).toMatchObject({ outcome: 'rejected', error: { code: 'invalid_owner' } });
    }
    // A supervisor assigns to anyone eligible, and takes it back.
    for (const [to, from] of [
      [alice.user.id, null],
      [boss.user.id, alice.user.id],
      [null, boss.user.id],
    ] as const) {
      const [r] = await srv.push(boss, [setOwner(c.recordId, rev, to, from)]);
      expect(r!.outcome).toBe('applied');
      rev = r!.rev!;
    }
    const [onCreate] = await srv.push(boss, [createCaseMutation({ ownerId: outsider.user.id })]);
    expect(onCreate!.error).toMatchObject({ code: 'invalid_owner' });
  });

  it('an operator may take an unowned case or give up their own, never assign it to someone else', async () => {
    const c = createCaseMutation();
    await srv.push(boss, [c]);
    const [assign] = await srv.push(alice, [setOwner(c.recordId, 1, bob.user.id, null)]);
    expect(assign!.error).toMatchObject({ code: 'forbidden' });
    const [take] = await srv.push(alice, [setOwner(c.recordId, 1, alice.user.id, null)]);
    expect(take).toMatchObject({ outcome: 'applied', rev: 2 });
    const [steal] = await srv.push(bob, [setOwner(c.recordId, 2, bob.user.id, alice.user.id)]);
    expect(steal!.error).toMatchObject({ code: 'forbidden' });
    const [giveUp] = await srv.push(alice, [setOwner(c.recordId, 2, null, alice.user.id)]);
    expect(giveUp).toMatchObject({ outcome: 'applied', rev: 3 });
    // On create too: the receiver may own the new case; naming a colleague is a supervisor's act.
    expect((await srv.push(alice, [createCaseMutation({ ownerId: alice.user.id })]))[0]!.outcome).toBe(
      'applied',
    );
    const [forBob] = await srv.push(alice, [createCaseMutation({ ownerId: bob.user.id })]);
    expect(forBob!.error).toMatchObject({ code: 'forbidden' });
  });

  it('a conflict on ownerId is resolved under the same rules', async () => {
    const c = createCaseMutation({ ownerId: alice.user.id });
    await srv.push(alice, [c]);
    // The supervisor reassigns to bob (rev 2); alice, offline on rev 1, gives the case up.
    expect((await srv.push(boss, [setOwner(c.recordId, 1, bob.user.id, alice.user.id)]))[0]!.outcome).toBe(
      'applied',
    );
    const [r] = await srv.push(alice, [setOwner(c.recordId, 1, null, alice.user.id)]);
    expect(r!.outcome).toBe('conflict');
    const conflictId = r!.conflictIds![0]!;
    const choose = (value: string | null) =>
      mutation('resolve', 'cases', c.recordId, { ownerId: value }, { conflictId, baseRev: 3 });
    // Bob owns it now and may resolve, but choosing the outsider is refused like any assignment.
    const [bad] = await srv.push(boss, [choose(outsider.user.id)]);
    expect(bad!.error).toMatchObject({ code: 'invalid_owner' });
    const [ok] = await srv.push(bob, [choose(bob.user.id)]);
    expect(ok!.outcome).toBe('applied');
  });
});

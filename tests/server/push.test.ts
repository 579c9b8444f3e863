import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, contactPatch, createCaseMutation, mutation, updateMutation, withServer } from './helpers';

describe.each(DB_KINDS)('push on %s', (kind) => {
  let srv: TestServer;
  let officeId: string;
  let alice: Session;
  let bob: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    const office = await srv.createOffice('JKT', 'Jakarta');
    officeId = office.id;
    alice = (await srv.createUser({ role: 'operator', officeId })).session;
    bob = (await srv.createUser({ role: 'operator', officeId })).session;
  });
  afterAll(() => srv?.close());

  async function newCase(session = alice) {
    const m = createCaseMutation();
    const [r] = await srv.push(session, [m]);
    expect(r?.outcome).toBe('applied');
    return { id: m.recordId, rev: r!.rev! };
  }

  async function serverCase(id: string): Promise<Record<string, unknown>> {
    const page = await srv.pull(alice, 0, 5000);
    const found = page.changes.filter((c) => c.table === 'cases' && c.record.id === id);
    return found[found.length - 1]!.record;
  }

  it('creates a case with server stamps and a case number', async () => {
    const m = createCaseMutation({ caseNumber: 'HACK-1', rev: 99 });
    const [r] = await srv.push(alice, [m]);
    expect(r).toMatchObject({ mutationId: m.mutationId, outcome: 'applied', rev: 1 });
    const record = await serverCase(m.recordId);
    expect(record).toMatchObject({
      id: m.recordId,
      rev: 1,
      seq: r!.seq,
      officeId,
      updatedBy: alice.user.id,
      deleted: false,
      openConflicts: 0,
    });
    expect(record.caseNumber).toMatch(new RegExp(`^JKT-\\d{4}-\\d{6}$`));
    expect((record.worker as Record<string, unknown>).nik).toBeNull();
  });

  it('numbers cases sequentially per office, never reusing a number', async () => {
    const other = await srv.createOffice('SBY', 'Surabaya');
    const carol = (await srv.createUser({ role: 'operator', officeId: other.id })).session;
    const bad = createCaseMutation({ channel: 'pigeon' });
    const batch = [createCaseMutation(), bad, createCaseMutation(), createCaseMutation()];
    const results = await srv.push(carol, batch);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'rejected', 'applied', 'applied']);
    const page = await srv.pull(carol, 0);
    const numbers = page.changes.map((c) => c.record.caseNumber as string);
    const year = numbers[0]!.split('-')[1];
    expect(numbers).toEqual([1, 2, 3].map((n) => `SBY-${year}-${String(n).padStart(6, '0')}`));
  });

  it.each([
    ['a time-ordered id', uuidv7],
    ['a random id (older consoles)', uuidv4],
  ])('returns the first result as duplicate and changes nothing but the audit (%s)', async (_, id) => {
    const m = { ...createCaseMutation(), mutationId: id() };
    const [first] = await srv.push(alice, [m]);
    const before = await srv.storage.headSeq();
    const [again] = await srv.push(alice, [m]);
    expect(again).toMatchObject({
      mutationId: m.mutationId,
      outcome: 'duplicate',
      firstOutcome: 'applied',
      rev: first!.rev,
      seq: first!.seq,
    });
    expect(await srv.storage.headSeq()).toBe(before);
    const audit = await srv.request('GET', `/v1/audit?recordId=${m.recordId}`, { token: srv.admin });
    expect(audit.body.entries.map((e: { outcome: string }) => e.outcome)).toEqual(['applied', 'duplicate']);
  });

  it('applies an up-to-date edit, merges concurrent edits of different fields', async () => {
    const c = await newCase();
    const [a] = await srv.push(alice, [
      updateMutation('cases', c.id, 1, { urgency: 'urgent' }, { urgency: 'normal' }),
    ]);
    expect(a).toMatchObject({ outcome: 'applied', rev: 2 });
    // Bob edited from rev 1 too, another field: merged over Alice's newer rev.
    const [b] = await srv.push(bob, [
      updateMutation('cases', c.id, 1, { 'worker.nik': '3201234567890123' }, { 'worker.nik': null }),
    ]);
    expect(b).toMatchObject({ outcome: 'merged', rev: 3 });
    const record = await serverCase(c.id);
    expect(record.urgency).toBe('urgent');
    expect((record.worker as Record<string, unknown>).nik).toBe('3201234567890123');
    expect(record.openConflicts).toBe(0);
  });

  it('same field, same value: no conflict; different value: conflict row, server value kept', async () => {
    const c = await newCase();
    await srv.push(alice, [
      updateMutation('cases', c.id, 1, { summary: 'Unpaid wages' }, { summary: 'Wants to come home' }),
    ]);
    const [same] = await srv.push(bob, [
      updateMutation('cases', c.id, 1, { summary: 'Unpaid wages' }, { summary: 'Wants to come home' }),
    ]);
    // Nothing to write, but `merged`, not `applied`: rev 2 holds Alice's edit, which Bob has not
    // pulled, so his console must not adopt rev 2 as its own (see the client's stamping rule).
    expect(same).toMatchObject({ outcome: 'merged', rev: 2 });
    const [diff] = await srv.push(bob, [
      updateMutation(
        'cases',
        c.id,
        1,
        { summary: 'Lost contact', urgency: 'critical' },
        { summary: 'Wants to come home', urgency: 'normal' },
      ),
    ]);
    expect(diff!.outcome).toBe('conflict');
    expect(diff!.conflictIds).toHaveLength(1);
    const record = await serverCase(c.id);
    expect(record.summary).toBe('Unpaid wages');
    expect(record.urgency).toBe('critical'); // the non-conflicting leaf still applied
    expect(record.openConflicts).toBe(1);
    const page = await srv.pull(alice, 0, 5000);
    const conflict = page.conflicts.find((x) => x.id === diff!.conflictIds![0]);
    expect(conflict).toMatchObject({
      path: 'summary',
      base: 'Wants to come home',
      server: 'Unpaid wages',
      client: 'Lost contact',
      serverActorId: alice.user.id,
      clientActorId: bob.user.id,
      status: 'open',
      recordId: c.id,
    });
    expect(conflict!.serverAt).toBeTruthy();
    expect(conflict!.clientAt).toBeTruthy();
  });

  it('rejections stand alone and name the problem; later mutations in the batch still apply', async () => {
    const c = await newCase();
    const good1 = updateMutation('cases', c.id, 1, { summary: 'first' }, { summary: 'Wants to come home' });
    const badField = updateMutation(
      'cases',
      c.id,
      2,
      { 'worker.passportNumber': 'bad passport!' },
      { 'worker.passportNumber': 'C1234567' },
    );
    const illegal = updateMutation('cases', c.id, 2, { status: 'resolved' }, { status: 'received' });
    const unknown = updateMutation('cases', uuidv7(), 1, { summary: 'x' }, { summary: 'y' });
    const serverField = updateMutation('cases', c.id, 2, { caseNumber: 'X' }, { caseNumber: null });
    const unknownField = updateMutation('cases', c.id, 2, { nonsense: 1 }, { nonsense: null });
    const good2 = updateMutation('cases', c.id, 2, { urgency: 'urgent' }, { urgency: 'normal' });
    const results = await srv.push(alice, [
      good1,
      badField,
      illegal,
      unknown,
      serverField,
      unknownField,
      good2,
    ]);
    expect(results.map((r) => r.outcome)).toEqual([
      'applied',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'applied',
    ]);
    expect(results[1]!.error).toMatchObject({ code: 'invalid_record' });
    expect(results[1]!.error!.message).toContain('worker.passportNumber');
    expect(results[2]!.error).toMatchObject({ code: 'illegal_transition' });
    expect(results[3]!.error).toMatchObject({ code: 'not_found' });
    expect(results[4]!.error).toMatchObject({ code: 'server_field' });
    expect(results[5]!.error!.message).toContain('nonsense');
    const record = await serverCase(c.id);
    expect(record).toMatchObject({ summary: 'first', urgency: 'urgent', status: 'received', rev: 3 });
    expect((record.worker as Record<string, unknown>).passportNumber).toBe('C1234567');
  });

  it('refuses __proto__ and constructor paths in a create as unknown fields, polluting nothing', async () => {
    const paths = ['__proto__.polluted', 'worker.__proto__.polluted', 'constructor.prototype.polluted'];
    const creates = paths.map((path) => {
      const m = createCaseMutation();
      m.patch[path] = 'yes';
      return m;
    });
    const results = await srv.push(alice, [...creates, createCaseMutation()]);
    expect(results.map((r) => r.outcome)).toEqual(['rejected', 'rejected', 'rejected', 'applied']);
    results.slice(0, 3).forEach((r, i) => {
      expect(r.error).toMatchObject({ code: 'invalid_record', message: `${paths[i]}: unknown field` });
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('allows legal transitions and requires a closure reason', async () => {
    const c = await newCase();
    const [ok] = await srv.push(alice, [
      updateMutation('cases', c.id, 1, { status: 'verifying' }, { status: 'received' }),
    ]);
    expect(ok!.outcome).toBe('applied');
    const [noReason] = await srv.push(alice, [
      updateMutation('cases', c.id, 2, { status: 'closed_unresolved' }, { status: 'verifying' }),
    ]);
    expect(noReason!.error).toMatchObject({ code: 'invalid_record' });
    expect(noReason!.error!.message).toContain('closureReason');
    const [closed] = await srv.push(alice, [
      updateMutation(
        'cases',
        c.id,
        2,
        { status: 'closed_unresolved', closureReason: 'withdrawn' },
        { status: 'verifying', closureReason: null },
      ),
    ]);
    expect(closed!.outcome).toBe('applied');
  });

  it('refuses another office and roles that cannot write, and audits it', async () => {
    const c = await newCase();
    const other = await srv.createOffice('MDN', 'Medan');
    const dave = (await srv.createUser({ role: 'operator', officeId: other.id })).session;
    const [r] = await srv.push(dave, [
      updateMutation('cases', c.id, 1, { summary: 'x' }, { summary: 'Wants to come home' }),
    ]);
    // Another office's record answers like a missing one (push-scope.test.ts compares the two).
    expect(r!.error).toMatchObject({ code: 'not_found' });
    const [child] = await srv.push(dave, [mutation('create', 'contacts', uuidv7(), contactPatch(c.id))]);
    expect(child!.error).toMatchObject({ code: 'not_found', message: 'caseId: no such case' });
    const auditor = (await srv.createUser({ role: 'auditor' })).session;
    const refused = await srv.request('POST', '/v1/sync/push', {
      token: auditor,
      body: { deviceId: 'd', schemaVersion: 1, mutations: [createCaseMutation()] },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const audit = await srv.request('GET', `/v1/audit?actorId=${auditor.user.id}`, { token: srv.admin });
    expect(audit.body.entries.some((e: { action: string }) => e.action === 'permission.refused')).toBe(true);
    const daveAudit = await srv.request('GET', `/v1/audit?actorId=${dave.user.id}`, { token: srv.admin });
    expect(daveAudit.body.entries.filter((e: { outcome: string }) => e.outcome === 'rejected')).toHaveLength(
      2,
    );
  });

  it('contacts are append-only, deletable by their author only; cases are never deleted', async () => {
    const c = await newCase();
    const contactId = uuidv7();
    const [created] = await srv.push(alice, [mutation('create', 'contacts', contactId, contactPatch(c.id))]);
    expect(created!.outcome).toBe('applied');
    const [edit] = await srv.push(alice, [
      updateMutation('contacts', contactId, 1, { toldFamily: 'changed' }, { toldFamily: 'no news yet' }),
    ]);
    expect(edit!.error).toMatchObject({ code: 'append_only' });
    const [byOther] = await srv.push(bob, [mutation('delete', 'contacts', contactId, {}, { baseRev: 1 })]);
    expect(byOther!.error).toMatchObject({ code: 'forbidden' });
    const [del] = await srv.push(alice, [mutation('delete', 'contacts', contactId, {}, { baseRev: 1 })]);
    expect(del).toMatchObject({ outcome: 'applied', rev: 2 });
    // Deleting the tombstone again changes nothing: `applied` on its rev, `merged` from an older one.
    const [again] = await srv.push(alice, [mutation('delete', 'contacts', contactId, {}, { baseRev: 2 })]);
    expect(again).toMatchObject({ outcome: 'applied', rev: 2 });
    const [stale] = await srv.push(alice, [mutation('delete', 'contacts', contactId, {}, { baseRev: 1 })]);
    expect(stale).toMatchObject({ outcome: 'merged', rev: 2 });
    const [caseDel] = await srv.push(alice, [mutation('delete', 'cases', c.id, {}, { baseRev: 1 })]);
    expect(caseDel!.error).toMatchObject({ code: 'not_deletable' });
    const page = await srv.pull(alice, 0, 5000);
    const contact = page.changes.filter((x) => x.record.id === contactId).pop();
    expect(contact!.record).toMatchObject({ deleted: true, authorId: alice.user.id, rev: 2 });
  });

  it('refuses an unsupported schema version with a clear code', async () => {
    const res = await srv.request('POST', '/v1/sync/push', {
      token: alice,
      body: { deviceId: 'd', schemaVersion: 999, mutations: [] },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('schema_version_unsupported');
    expect(res.body.error.message).toMatch(/update the app/);
  });
});

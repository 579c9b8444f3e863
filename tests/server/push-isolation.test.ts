// A push batch writes through an in-memory unit of work (server/sync/batch.ts)
// flushed before commit: a rejected mutation must leave nothing behind, even
// when it was rejected after it had already staged writes, and later
// mutations of the same batch must see the earlier ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, mutation, taskPatch, updateMutation, withServer } from './helpers';

describe.each(DB_KINDS)('push batch isolation on %s', (kind) => {
  let srv: TestServer;
  let alice: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    const officeId = (await srv.createOffice()).id;
    alice = (await srv.createUser({ role: 'operator', officeId })).session;
  });
  afterAll(() => srv?.close());

  async function latest(cursor = 0) {
    const records = new Map<string, Record<string, unknown>>();
    const conflicts = [];
    for (let more = true; more;) {
      const page = await srv.pull(alice, cursor, 5000);
      for (const c of page.changes) records.set(c.record.id as string, c.record);
      conflicts.push(...page.conflicts);
      cursor = page.cursor;
      more = page.hasMore;
    }
    return { records, conflicts };
  }

  it('undoes conflicts staged by a mutation that is then rejected', async () => {
    const caseId = uuidv7();
    const taskId = uuidv7();
    const [c, t] = await srv.push(alice, [
      createCaseMutation({}, caseId),
      mutation('create', 'tasks', taskId, taskPatch(caseId)),
    ]);
    expect([c!.outcome, t!.outcome]).toEqual(['applied', 'applied']);
    const [moved] = await srv.push(alice, [
      updateMutation('cases', caseId, 1, { summary: 'server' }, { summary: 'Wants to come home' }),
      updateMutation('tasks', taskId, 1, { title: 'server title' }, { title: 'Call the mission' }),
    ]);
    expect(moved!.outcome).toBe('applied');
    const before = await latest();
    // Stale edits: the summary/title leaf conflicts (staged first), then a bad leaf rejects the whole mutation.
    const results = await srv.push(alice, [
      updateMutation(
        'cases',
        caseId,
        1,
        { summary: 'mine', 'worker.passportNumber': 'bad passport!' },
        { summary: 'Wants to come home', 'worker.passportNumber': 'C1234567' },
      ),
      updateMutation(
        'tasks',
        taskId,
        1,
        { title: 'mine', status: 'no-such-status' },
        { title: 'Call the mission', status: 'open' },
      ),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['rejected', 'rejected']);
    const after = await latest();
    expect(after.conflicts).toEqual(before.conflicts);
    expect(after.records.get(caseId)).toEqual(before.records.get(caseId));
    expect(after.records.get(caseId)!.openConflicts).toBe(0);
    expect(after.records.get(taskId)).toEqual(before.records.get(taskId));
  });

  it('later mutations see earlier ones of the same batch; a rejection in between changes nothing', async () => {
    const id = uuidv7();
    const results = await srv.push(alice, [
      createCaseMutation({}, id),
      createCaseMutation({}, id),
      updateMutation('cases', id, 1, { summary: 'one' }, { summary: 'Wants to come home' }),
      updateMutation('cases', id, 2, { status: 'resolved' }, { status: 'received' }),
      updateMutation('cases', id, 2, { urgency: 'urgent' }, { urgency: 'normal' }),
      updateMutation('cases', id, 1, { summary: 'stale' }, { summary: 'Wants to come home' }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual([
      'applied',
      'rejected',
      'applied',
      'rejected',
      'applied',
      'conflict',
    ]);
    expect(results[1]!.error!.code).toBe('already_exists');
    expect(results[3]!.error!.code).toBe('illegal_transition');
    const { records, conflicts } = await latest();
    const record = records.get(id)!;
    // Each applied change gave rev + 1; the conflict re-stamped the case with its count.
    expect(record).toMatchObject({ summary: 'one', urgency: 'urgent', status: 'received', openConflicts: 1 });
    expect(record.rev).toBe(4);
    expect(record.seq).toBe(results[5]!.seq);
    const mine = conflicts.filter((c) => c.recordId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ path: 'summary', server: 'one', client: 'stale', status: 'open' });
  });

  it('a rejected create gives its case number back', async () => {
    const results = await srv.push(alice, [
      createCaseMutation(),
      createCaseMutation({ channel: 'carrier-pigeon' }),
      createCaseMutation(),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'rejected', 'applied']);
    const { records } = await latest();
    const numbers = [results[0]!, results[2]!].map((r) => {
      const rec = [...records.values()].find((x) => x.seq === r.seq)!;
      return Number(String(rec.caseNumber).split('-')[2]);
    });
    expect(numbers[1]).toBe(numbers[0]! + 1);
  });
});

// Issue 17: the promise a contact records reaches the server and is stored
// (the console once showed "Kontak tercatat" and the server held no promise);
// a promise that is not an ISO instant, such as a five-digit year, is rejected
// and nothing of it is stored. Both on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, contactPatch, createCaseMutation, mutation, withServer } from './helpers';

describe.each(DB_KINDS)('contact promise on %s', (kind) => {
  let srv: TestServer;
  let alice: Session;
  let caseId: string;

  beforeAll(async () => {
    srv = await withServer(kind);
    const office = await srv.createOffice('JKT', 'Jakarta');
    alice = (await srv.createUser({ role: 'operator', officeId: office.id })).session;
    const m = createCaseMutation();
    const [r] = await srv.push(alice, [m]);
    expect(r?.outcome).toBe('applied');
    caseId = m.recordId;
  });
  afterAll(() => srv?.close());

  it('stores the next promise pushed with a contact and pulls it back', async () => {
    const id = uuidv7();
    const promise = '2026-03-04T09:15:00.000Z';
    const [r] = await srv.push(alice, [
      mutation('create', 'contacts', id, contactPatch(caseId, { nextPromiseAt: promise })),
    ]);
    expect(r?.outcome).toBe('applied');
    const page = await srv.pull(alice, 0, 5000);
    const stored = page.changes.find((c) => c.table === 'contacts' && c.record.id === id);
    expect(stored?.record.nextPromiseAt).toBe(promise);
  });

  it('refuses a promise with a five-digit year', async () => {
    const id = uuidv7();
    const [r] = await srv.push(alice, [
      mutation(
        'create',
        'contacts',
        id,
        contactPatch(caseId, { nextPromiseAt: '20260-03-04T09:15:00.000Z' }),
      ),
    ]);
    expect(r?.outcome).toBe('rejected');
    const page = await srv.pull(alice, 0, 5000);
    expect(page.changes.some((c) => c.table === 'contacts' && c.record.id === id)).toBe(false);
  });
});

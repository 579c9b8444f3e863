// Issue 14 item 3: who reads what of the audit. Admins never read case values; auditors do and
// each such read is audited (once per request); operators and supervisors read their office's
// case-record entries only, never colleagues' account entries.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditPage, type AuditEntry } from '../../shared/sync/protocol';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, updateMutation, withServer } from './helpers';

const PASSPORT = 'X9876543';

interface World {
  srv: TestServer;
  officeId: string;
  caseId: string;
  op: Session;
  colleague: { id: string; session: Session };
  supervisor: Session;
  auditor: Session;
}

async function world(srv: TestServer): Promise<World> {
  const officeId = (await srv.createOffice()).id;
  const op = (await srv.createUser({ role: 'operator', officeId })).session;
  const colleague = await srv.createUser({ role: 'operator', officeId });
  const supervisor = (await srv.createUser({ role: 'supervisor', officeId })).session;
  const auditor = (await srv.createUser({ role: 'auditor' })).session;
  const m = createCaseMutation();
  const [created] = await srv.push(op, [m]);
  expect(created!.outcome).toBe('applied');
  await srv.push(op, [
    updateMutation(
      'cases',
      m.recordId,
      1,
      { 'worker.passportNumber': PASSPORT },
      { 'worker.passportNumber': 'C1234567' },
    ),
  ]);
  // Account administration of the colleague: display name and password.
  const patch = await srv.request('PATCH', `/v1/admin/users/${colleague.user.id}`, {
    token: srv.admin,
    body: { displayName: 'Renamed Colleague', password: 'another-password-123' },
  });
  expect(patch.status).toBe(200);
  return {
    srv,
    officeId,
    caseId: m.recordId,
    op,
    colleague: { id: colleague.user.id, session: colleague.session },
    supervisor,
    auditor,
  };
}

const read = async (srv: TestServer, token: Session, query: string) => {
  const res = await srv.request('GET', `/v1/audit?${query}`, { token });
  expect(res.status).toBe(200);
  return AuditPage.parse(res.body).entries;
};

const valuesOf = (entries: AuditEntry[]) =>
  entries.flatMap((e) => e.changes.flatMap((c) => [c.from, c.to])).filter((v) => v !== null);

describe.each(DB_KINDS)('audit access on %s', (kind) => {
  let srv: TestServer | undefined;
  afterEach(async () => {
    await srv?.close();
    srv = undefined;
  });

  it('gives admins who, when and which path of case entries, never the values', async () => {
    srv = await withServer(kind);
    const w = await world(srv);
    const res = await srv.request('GET', `/v1/audit?caseId=${w.caseId}`, { token: srv.admin });
    const entries = AuditPage.parse(res.body).entries;
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(res.body)).not.toContain(PASSPORT);
    expect(valuesOf(entries)).toEqual([]);
    const update = entries.find((e) => e.action === 'push.update')!;
    expect(update.changes.map((c) => c.path)).toContain('worker.passportNumber');
    expect(update.actorId).toBe(w.op.user.id);
    const raw = (res.body as { entries: { action: string; redacted?: boolean }[] }).entries;
    expect(raw.filter((e) => e.action.startsWith('push.')).every((e) => e.redacted)).toBe(true);
    // What admins administer stays readable in full.
    const admin = await read(srv, srv.admin, `recordId=${w.colleague.id}`);
    expect(admin.map((e) => e.detail)).toContainEqual(expect.stringContaining('Renamed Colleague'));
    // Full trail without filters: no value of any case entry either.
    const all = await srv.request('GET', '/v1/audit?limit=1000', { token: srv.admin });
    expect(JSON.stringify(all.body)).not.toContain(PASSPORT);
  });

  it('lets auditors read case values and audits each such read once per request', async () => {
    srv = await withServer(kind);
    const w = await world(srv);
    const entries = await read(srv, w.auditor, `caseId=${w.caseId}&limit=1`);
    expect(valuesOf(entries)).not.toEqual([]);
    const trail = await read(srv, w.auditor, 'action=audit.read');
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      actorId: w.auditor.user.id,
      caseId: w.caseId,
      table: null,
      changes: [],
    });
    expect(trail[0]!.detail).toMatch(/^1 entries, seq \d+-\d+/);
    // A page of 1000 entries is one read entry too (plus the one before: two in all, and
    // the page that returned them both carried no case values, so no third).
    await read(srv, w.auditor, 'limit=1000');
    expect(await read(srv, w.auditor, 'action=audit.read')).toHaveLength(2);
    // A read that returns no case values (accounts only) is not audited.
    await read(srv, w.auditor, `recordId=${w.colleague.id}`);
    expect(await read(srv, w.auditor, 'action=audit.read')).toHaveLength(2);
    // Operators' reads of a case history are audited too; the read entries stay out of the timeline.
    const timeline = await read(srv, w.op, `caseId=${w.caseId}`);
    expect(timeline.map((e) => e.action)).toEqual(['push.create', 'push.update']);
    expect(await read(srv, w.op, `caseId=${w.caseId}`)).toHaveLength(2);
    const reads = await read(srv, w.auditor, `action=audit.read&actorId=${w.op.user.id}`);
    expect(reads).toHaveLength(2);
  });

  it('never shows operators or supervisors the account entries of colleagues', async () => {
    srv = await withServer(kind);
    const w = await world(srv);
    // Before: password-change and display-name entries of the colleague.
    expect(await read(srv, w.op, `recordId=${w.colleague.id}`)).toEqual([]);
    const office = await read(srv, w.supervisor, 'limit=1000');
    expect(office.length).toBeGreaterThanOrEqual(2);
    expect(office.every((e) => e.table !== null && e.officeId === w.officeId)).toBe(true);
    expect(JSON.stringify(office)).not.toContain('Renamed Colleague');
    expect(await read(srv, w.supervisor, `recordId=${w.colleague.id}`)).toEqual([]);
    expect(await read(srv, w.supervisor, `actorId=${w.colleague.id}&action=auth.login`)).toEqual([]);
    // The console's case timeline keeps working: the case's own entries, values included.
    const timeline = await read(srv, w.op, `caseId=${w.caseId}`);
    expect(valuesOf(timeline)).toContain(PASSPORT);
    // Another office's supervisor sees nothing of this case.
    const other = await srv.createOffice();
    const stranger = (await srv.createUser({ role: 'supervisor', officeId: other.id })).session;
    expect(await read(srv, stranger, `caseId=${w.caseId}`)).toEqual([]);
  });
});

// The device in the audit is the device that signed in (issue 14, item 9): a push names its
// device in the body, and a name other than the session's is refused and the refusal audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, createCaseMutation, withServer, type Session, type TestServer } from './helpers';

describe.each(DB_KINDS)('push device bound to the session on %s', (kind) => {
  let srv: TestServer;
  let session: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    const office = await srv.createOffice();
    session = (await srv.createUser({ role: 'operator', officeId: office.id })).session;
  });
  afterAll(() => srv?.close());

  it('audits a push under the device that signed in', async () => {
    const m = createCaseMutation();
    const [result] = await srv.push(session, [m]);
    expect(result?.outcome).toBe('applied');
    const row = await srv.storage.sql.get<{ device_id: string }>(
      'SELECT device_id FROM audit WHERE mutation_id = ?',
      [m.mutationId],
    );
    expect(row?.device_id).toBe(session.deviceId);
  });

  it('refuses a push that names another device, applies nothing and audits the refusal', async () => {
    const m = createCaseMutation();
    const res = await srv.request('POST', '/v1/sync/push', {
      token: session,
      body: { deviceId: 'someone-elses-laptop', schemaVersion: 1, mutations: [m] },
    });
    // Before the fix: 200 'applied', audited as from 'someone-elses-laptop'.
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('device_mismatch');
    const applied = await srv.storage.sql.get('SELECT 1 AS x FROM audit WHERE mutation_id = ?', [
      m.mutationId,
    ]);
    expect(applied).toBeUndefined();
    const refusal = await srv.storage.sql.get<{ actor_id: string; device_id: string; detail: string }>(
      "SELECT actor_id, device_id, detail FROM audit WHERE action = 'permission.refused' ORDER BY seq DESC",
    );
    expect(refusal).toMatchObject({ actor_id: session.user.id, device_id: session.deviceId });
    expect(refusal?.detail).toContain('someone-elses-laptop');
  });
});

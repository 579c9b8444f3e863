// A revoked device (issue 19): the engine, answered `device_revoked`, stops for good and hands over
// once to the eraser; wipeDevice empties every table, the secrets the console writes and its
// localStorage case state, keeps only the device id, and leaves the notice the sign-in screen shows.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PoskoDb } from '../../../renderer/db/database';
import { DexieSyncStore } from '../../../renderer/db/sync-store';
import { FILE_KEY_SECRET } from '../../../renderer/db/file-crypto';
import { DEVICE_SECRETS, readRevokedNotice, REVOKED_NOTICE_KEY, wipeDevice } from '../../../renderer/db/wipe';
import { SessionManager, SignInError, TOKEN_SECRET_KEY } from '../../../renderer/session/session-manager';
import { VERIFIERS_SECRET_KEY } from '../../../renderer/session/verifier-store';
import { SyncEngine } from '../../../renderer/sync/engine';
import { SyncTransport, TransportError } from '../../../renderer/sync/transport';
import { createPatch, freshDb, localWrite, newCase } from '../../integration/support/local-client';
import { json, scriptedServer } from '../sync/fake-server';

const dbs: PoskoDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

async function dbWithWork(): Promise<PoskoDb> {
  const db = freshDb('wipe');
  dbs.push(db);
  await db.session.put({ key: 'deviceId', value: 'dev-lost' });
  await db.session.put({ key: 'account:siti', value: { user: { id: 'u1' } } });
  const record = newCase('office-1', { summary: 'Paspor ditahan majikan' });
  await localWrite(db, { actorId: 'u1', deviceId: 'dev-lost' }, 'cases', record.id, createPatch(record), {
    create: record,
  });
  return db;
}

describe('wipeDevice', () => {
  it('erases every table, the secrets and local case state, keeping the device id and a notice', async () => {
    const db = await dbWithWork();
    expect(await db.cases.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    const secrets = new Map(DEVICE_SECRETS.map((k) => [k, 'secret'] as const));
    const local = new Map([
      ['posko.notifiedPromises', '["case-1"]'],
      ['posko.language', 'en'],
    ]);
    const erased = await wipeDevice(
      {
        db,
        secrets: { delete: async (key) => void secrets.delete(key) },
        storage: { removeItem: (key) => void local.delete(key) },
      },
      { at: '2026-12-08T03:00:00.000Z', message: 'revoked' },
    );
    expect(erased.tables).toEqual(db.tables.map((t) => t.name));
    for (const table of db.tables) {
      if (table.name === 'session') continue;
      expect(await table.count(), table.name).toBe(0);
    }
    expect((await db.session.toArray()).map((r) => r.key).sort()).toEqual(
      [REVOKED_NOTICE_KEY, 'deviceId'].sort(),
    );
    expect(await readRevokedNotice(db)).toEqual({ at: '2026-12-08T03:00:00.000Z', message: 'revoked' });
    expect(secrets.size).toBe(0);
    expect([...local.keys()]).toEqual(['posko.language']);
  });

  it('names the secret keys the console really writes', () => {
    expect(DEVICE_SECRETS).toEqual([TOKEN_SECRET_KEY, VERIFIERS_SECRET_KEY, FILE_KEY_SECRET]);
  });
});

describe('engine on device_revoked', () => {
  it('halts for good and calls onRevoked once, also after resume()', async () => {
    const db = await dbWithWork();
    const server = scriptedServer();
    server.onPush = () => json(403, { error: { code: 'device_revoked', message: 'revoked by an admin' } });
    const calls: TransportError[] = [];
    const engine = new SyncEngine({
      store: new DexieSyncStore(db),
      transport: new SyncTransport({
        baseUrl: () => 'http://sync.test',
        getToken: () => 'tok',
        fetch: server.fetch,
      }),
      deviceId: 'dev-lost',
      onRevoked: (error) => void calls.push(error),
    });
    const first = await engine.syncNow();
    expect(first).toMatchObject({ ok: false, error: { code: 'device_revoked' } });
    await engine.resume();
    await engine.syncNow();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.message).toBe('revoked by an admin');
    expect(server.pushes).toHaveLength(1); // nothing more went to the server
    expect(engine.status.get().error?.code).toBe('device_revoked');
  });
});

describe('sign-in of a revoked device', () => {
  it('erases through onRevoked before saying why; after the erasure the signed-out state says revoked', async () => {
    const db = await dbWithWork();
    const erased: string[] = [];
    const secrets = { get: async () => null, set: async () => undefined, delete: async () => undefined };
    const options = {
      table: db.session,
      secrets,
      login: async () => {
        throw new TransportError('forbidden', 'revoked by an admin', 403, {
          code: 'device_revoked',
          message: 'revoked by an admin',
        });
      },
      deviceId: () => 'dev-lost',
      serverUrl: () => 'http://sync.test',
      onRevoked: async (message: string) => {
        erased.push(message);
        await wipeDevice({ db, secrets }, { at: new Date().toISOString(), message });
      },
    };
    const session = new SessionManager(options);
    expect(await session.init()).toEqual({ status: 'signed_out', lastUsername: null });
    const refused = await session.signIn('siti', 'password').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SignInError);
    expect((refused as SignInError).code).toBe('device_revoked');
    expect(erased).toEqual(['revoked by an admin']);
    expect(await db.cases.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    // After the reload that follows the erasure:
    expect(await new SessionManager(options).init()).toEqual({
      status: 'signed_out',
      lastUsername: null,
      revoked: true,
    });
  });
});

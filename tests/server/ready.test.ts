// GET /v1/ready: ready only with the database answering and every migration applied; withdrawn
// while the node closes; /v1/health stays liveness throughout. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_MIGRATION } from '../../server/storage/migrations';
import type { Sql } from '../../server/storage/types';
import { readiness } from '../../server/routes/ready';
import { DB_KINDS, withServer, type TestServer } from './helpers';

describe.each(DB_KINDS)('GET /v1/ready on %s', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await withServer(kind);
  });
  afterAll(() => srv.close());

  it('is ready with the database up and migrations done, without a token', async () => {
    const res = await srv.request('GET', '/v1/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ready: true, migration: LATEST_MIGRATION });
  });

  it('is not ready while the latest migration is missing (and ready again once it is back)', async () => {
    const [row] = await srv.storage.sql.all<Record<string, unknown>>(
      'SELECT * FROM schema_migrations WHERE version = ?',
      [LATEST_MIGRATION],
    );
    await srv.storage.sql.run('DELETE FROM schema_migrations WHERE version = ?', [LATEST_MIGRATION]);
    try {
      const res = await srv.request('GET', '/v1/ready');
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('not_ready');
      expect(res.body.error.message).toMatch(/migrations not done/);
      expect((await srv.request('GET', '/v1/health')).status).toBe(200);
    } finally {
      await srv.storage.sql.run(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
        [row?.version, row?.name, row?.applied_at],
      );
    }
    expect((await srv.request('GET', '/v1/ready')).status).toBe(200);
  });
});

describe('readiness', () => {
  const answering = (version: number): Sql => ({
    get: async <T>() => ({ version }) as T,
    all: async () => [],
    run: async () => ({ changes: 0 }),
  });

  it('is not ready when the database fails or does not answer in time, nor while closing', async () => {
    const failing: Sql = { ...answering(0), get: () => Promise.reject(new Error('secret detail')) };
    expect(await readiness(failing, false)).toEqual({ ready: false, reason: 'the database is unreachable' });
    const hanging: Sql = { ...answering(0), get: () => new Promise(() => {}) };
    expect(await readiness(hanging, false, 50)).toEqual({
      ready: false,
      reason: 'the database did not answer within 50 ms',
    });
    expect(await readiness(answering(LATEST_MIGRATION), true)).toMatchObject({ ready: false });
    expect(await readiness(answering(LATEST_MIGRATION), false)).toEqual({
      ready: true,
      migration: LATEST_MIGRATION,
    });
  });
});

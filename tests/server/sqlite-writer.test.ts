// SQLite write transactions on the writer thread: queued writes run in order
// with the reads of the same transaction, a failing queued write rolls back
// its own job only (its caller hears it after COMMIT, the others commit), and
// a dead writer thread leaves the request thread writing. The same group
// semantics hold with the writer thread switched off. Reads on the request
// thread do not wait for the writer's transaction. New databases get 16 KB
// pages; existing ones keep theirs.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDriver } from '../../server/storage/sqlite';
import type { TxSql } from '../../server/storage/types';

const opened: { dir: string; driver: SqliteDriver }[] = [];
afterEach(async () => {
  for (const { dir, driver } of opened.splice(0)) {
    await driver.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function open(writerThread: boolean): Promise<SqliteDriver> {
  const dir = mkdtempSync(path.join(tmpdir(), 'posko-writer-'));
  const driver = openSqlite(dir, { writerThread });
  opened.push({ dir, driver });
  await driver.transaction((tx) => tx.run('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)'));
  return driver;
}

/** A write transaction of the group-commit path (what Storage.write uses). */
const framed = <T>(driver: SqliteDriver, fn: (tx: TxSql) => Promise<T>) =>
  driver.framedTransaction(
    [],
    (tx) => fn(tx),
    () => [],
  );

const insert = (tx: TxSql, ...ids: number[]) =>
  tx.queue!(
    'INSERT INTO t (id, v) VALUES (?, ?)',
    ids.map((id) => [id, `v${id}`]),
  );

const ids = async (driver: SqliteDriver) =>
  (await driver.all<{ id: number }>('SELECT id FROM t ORDER BY id')).map((r) => r.id);

describe.each([true, false])('SQLite write groups (writer thread: %s)', (writerThread) => {
  it('runs on the writer thread only when asked to', async () => {
    const driver = await open(writerThread);
    expect(driver.writer !== undefined).toBe(writerThread);
  });

  it('a read sees the writes queued before it in the same transaction', async () => {
    const driver = await open(writerThread);
    const seen = await framed(driver, async (tx) => {
      insert(tx, 1, 2, 3);
      return tx.all<{ id: number }>('SELECT id FROM t ORDER BY id');
    });
    expect(seen.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(await ids(driver)).toEqual([1, 2, 3]);
  });

  it('a failing queued write rolls back its own job only; the others of the group commit', async () => {
    const driver = await open(writerThread);
    // Started together, so they share one transaction and one COMMIT.
    const results = await Promise.allSettled([
      framed(driver, async (tx) => insert(tx, 1)),
      framed(driver, async (tx) => {
        insert(tx, 10);
        insert(tx, 1, 11); // 1 exists: this job fails, its 10 is rolled back and 11 never runs
      }),
      framed(driver, async (tx) => insert(tx, 2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const error = (results[1] as PromiseRejectedResult).reason as Error & { code?: string };
    expect(error.message).toMatch(/UNIQUE constraint failed: t\.id/);
    expect(error.code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(await ids(driver)).toEqual([1, 2]);
  });

  it('a job that throws after queueing writes leaves none of them behind', async () => {
    const driver = await open(writerThread);
    const results = await Promise.allSettled([
      framed(driver, async (tx) => {
        insert(tx, 5, 6);
        throw new Error('refused');
      }),
      framed(driver, async (tx) => insert(tx, 7)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await ids(driver)).toEqual([7]);
  });
});

describe('SQLite writer thread', () => {
  it('a read after a failed queued write of the same job fails with that write’s error', async () => {
    const driver = await open(true);
    await framed(driver, async (tx) => insert(tx, 1));
    const failed = framed(driver, async (tx) => {
      insert(tx, 1);
      return tx.get('SELECT count(*) AS n FROM t');
    });
    await expect(failed).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await ids(driver)).toEqual([1]);
  });

  it('reads on the request thread go on during a write transaction and see the last commit', async () => {
    const driver = await open(true);
    await framed(driver, async (tx) => insert(tx, 1));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const begun = new Promise<void>((resolve) => (started = resolve));
    const writing = framed(driver, async (tx) => {
      insert(tx, 2);
      await tx.all('SELECT id FROM t'); // the worker has run the insert: the transaction is open
      started();
      await gate;
    });
    await begun;
    const blocked = new Promise((resolve) => setTimeout(() => resolve('blocked'), 2000));
    // Not yet committed, and not waiting for the commit either.
    expect(await Promise.race([ids(driver), blocked])).toEqual([1]);
    expect(
      await Promise.race([driver.snapshot((sql) => sql.all<{ id: number }>('SELECT id FROM t')), blocked]),
    ).toEqual([{ id: 1 }]);
    // A write on this connection waits for the transaction instead of failing on SQLite's lock.
    const plainWrite = driver.run('INSERT INTO t (id, v) VALUES (3, ?)', ['v3']);
    release();
    await writing;
    await plainWrite;
    expect(await ids(driver)).toEqual([1, 2, 3]);
  });

  it('a read snapshot cannot write while the writer thread holds the write lock', async () => {
    const driver = await open(true);
    await expect(
      driver.snapshot((sql) => sql.run('INSERT INTO t (id, v) VALUES (1, ?)', ['x'])),
    ).rejects.toThrow(/cannot write/);
    await expect(
      driver.snapshot((sql) => sql.all("INSERT INTO t (id, v) VALUES (1, 'x') RETURNING id")),
    ).rejects.toThrow(/cannot write/);
    expect(await ids(driver)).toEqual([]);
  });

  it('if the thread dies, write transactions run on the request thread and nothing is lost', async () => {
    const driver = await open(true);
    await framed(driver, async (tx) => insert(tx, 1));
    await driver.writer!.terminate();
    expect(driver.writer).toBeUndefined();
    await framed(driver, async (tx) => insert(tx, 2, 3));
    expect(await ids(driver)).toEqual([1, 2, 3]);
  });
});

describe('SQLite page size', () => {
  it('a new database gets 16 KB pages; an existing one keeps its own and still works', async () => {
    const fresh = await open(true);
    expect(await fresh.get<{ page_size: number }>('PRAGMA page_size')).toEqual({ page_size: 16384 });

    const dir = mkdtempSync(path.join(tmpdir(), 'posko-writer-'));
    const old = new Database(path.join(dir, 'posko.sqlite'));
    old.pragma('page_size = 4096');
    old.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    old.close();
    const driver = openSqlite(dir);
    opened.push({ dir, driver });
    expect(await driver.get<{ page_size: number }>('PRAGMA page_size')).toEqual({ page_size: 4096 });
    await framed(driver, async (tx) => insert(tx, 1));
    expect(await ids(driver)).toEqual([1]);
  });
});

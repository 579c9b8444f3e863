// SQLite checkpoints on a worker thread: the WAL is copied back into the
// database off the request thread, a dead worker is reported (the automatic
// checkpoint remains the safety net), and closing leaves no WAL behind.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../server/storage/sqlite';
import { startCheckpointer, type CheckpointResult } from '../../server/storage/sqlite-checkpointer';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'posko-ckpt-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const nextResult = (results: CheckpointResult[]) =>
  new Promise<CheckpointResult>((resolve) => {
    const poll = setInterval(() => {
      const r = results.shift();
      if (r) {
        clearInterval(poll);
        resolve(r);
      }
    }, 5);
  });

describe('SQLite checkpoints on a worker thread', () => {
  it('copies committed WAL frames into the database after a commit, once for a burst', async () => {
    const dir = tempDir();
    const results: CheckpointResult[] = [];
    const driver = openSqlite(dir, { delayMs: 1000, onResult: (r) => results.push(r) });
    try {
      await driver.transaction((tx) => tx.run('CREATE TABLE t (v TEXT)'));
      for (let i = 0; i < 20; i++)
        await driver.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['x'.repeat(5000)]));
      expect(statSync(path.join(dir, 'posko.sqlite')).size).toBeLessThan(20 * 5000);
      const result = await nextResult(results);
      // Every frame in the WAL was copied back by the worker (PASSIVE: it never blocked the writer).
      expect(result.busy).toBe(0);
      expect(result.log).toBeGreaterThan(20);
      expect(result.checkpointed).toBe(result.log);
      // 21 commits in quick succession: one checkpoint, not 21.
      await new Promise((r) => setTimeout(r, 150));
      expect(results).toEqual([]);
      // The rows are in the database file itself (100 kB is far below the automatic checkpoint's 40 MB).
      expect(statSync(path.join(dir, 'posko.sqlite')).size).toBeGreaterThan(20 * 5000);
    } finally {
      await driver.close();
    }
    // Closed last, the main connection removed the WAL: nothing is left behind for the next start.
    expect(existsSync(path.join(dir, 'posko.sqlite-wal'))).toBe(false);
  });

  it('reports a worker that cannot open the database, and requests after that are no-ops', async () => {
    const failures: unknown[] = [];
    const checkpointer = startCheckpointer(path.join(tempDir(), 'missing', 'posko.sqlite'), {
      delayMs: 1,
      onFailure: (e) => failures.push(e),
    });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (failures.length) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    expect(String(failures[0])).toMatch(/directory does not exist|unable to open/i);
    checkpointer.request();
    await checkpointer.close();
    expect(failures).toHaveLength(1);
  });
});

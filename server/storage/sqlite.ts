// SQLite driver (better-sqlite3, synchronous). WAL for concurrent readers of
// the file (admin CLI, backups) and synchronous=FULL so a commit the server has
// acknowledged survives a power cut. Write transactions run on the writer
// thread's connection (sqlite-writer.ts), one at a time (SQLite has a single
// writer); this connection reads, runs migrations, and writes again if that
// thread dies. Mutexes keep each connection to one transaction across awaits.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Mutex } from './mutex';
import { startCheckpointer, type CheckpointerOptions } from './sqlite-checkpointer';
import { SqliteWriter, type GroupTx, type JobOutcome } from './sqlite-writer';
import type { PreludeStatement, Sql, SqlDriver } from './types';

type Db = Database.Database;
type Statement = Database.Statement;

class SqliteSql implements Sql {
  constructor(
    protected readonly db: Db,
    private readonly cache: Map<string, Statement>,
  ) {}

  stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.stmt(sql).all(...params) as T[];
  }

  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    const s = this.stmt(sql);
    if (!s.reader) return { changes: s.run(...params).changes };
    s.all(...params); // e.g. INSERT ... RETURNING used as a statement
    return { changes: 0 };
  }
}

class SqliteTx extends SqliteSql implements GroupTx {
  private depth = 0;

  /** Runs a statement synchronously; its rows (none for a writer). */
  private rows(statement: PreludeStatement): Record<string, unknown>[] {
    const { sql, params } = typeof statement === 'string' ? { sql: statement, params: [] } : statement;
    const s = this.stmt(sql);
    if (s.reader) return s.all(...params) as Record<string, unknown>[];
    s.run(...params);
    return [];
  }

  async prelude(statements: readonly PreludeStatement[]): Promise<Record<string, unknown>[][]> {
    return statements.map((statement) => this.rows(statement));
  }

  queue(sql: string, rows: readonly (readonly unknown[])[]): void {
    for (const params of rows) this.rows({ sql, params });
  }

  finish(sql: string): void {
    // Not prepared: these carry literals that change every time and would fill the statement cache.
    this.db.exec(sql);
  }

  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp${this.depth++}`;
    // Prepared (and cached) like any statement: exec() would re-parse the SQL for every mutation.
    this.stmt(`SAVEPOINT ${name}`).run();
    try {
      const result = await fn();
      this.stmt(`RELEASE ${name}`).run();
      return result;
    } catch (err) {
      this.stmt(`ROLLBACK TO ${name}`).run();
      this.stmt(`RELEASE ${name}`).run();
      throw err;
    } finally {
      this.depth -= 1;
    }
  }
}

interface GroupJob {
  run(tx: GroupTx): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** At most this many write transactions share one COMMIT. */
const MAX_GROUP = 64;

export interface SqliteOptions extends CheckpointerOptions {
  /** Write transactions on a worker thread (sqlite-writer.ts); false: on the calling thread. */
  writerThread?: boolean;
}

export interface SqliteDriver extends SqlDriver {
  /** The writer thread, while write transactions run on it (diagnostics and tests). */
  readonly writer: SqliteWriter | undefined;
}

export function openSqlite(dataDir: string, options: SqliteOptions = {}): SqliteDriver {
  const { writerThread = true, ...checkpoints } = options;
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'posko.sqlite');
  const db = new Database(file);
  // 16 KB pages for a new database (an existing one keeps its size): a 500-create push writes
  // ~1.8 MB, and its COMMIT, now the one step the writer thread cannot overlap, wrote 4 KB WAL
  // frames one by one: 16 KB frames took it from ~7.5 to ~6 ms. Edits of scattered records and
  // pulls measured the same; 8, 32 and 64 KB were slower than 16.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  const WRITE_CACHE = 'cache_size = -65536';
  const pragmas = [
    'synchronous = FULL',
    'foreign_keys = ON',
    'busy_timeout = 5000',
    // 64 MB of page cache instead of the 2 MB default: every push updates four indexes of records
    // and five of audit at random places; with 100,000 records they no longer fit in 2 MB.
    WRITE_CACHE,
    // Checkpoints run on a worker thread, ~1 s after a burst of commits (sqlite-checkpointer.ts).
    // This automatic one, at ~40 MB of WAL, is the safety net if that worker falls behind or fails.
    // Durability is the WAL's (synchronous=FULL), not the checkpoint's.
    'wal_autocheckpoint = 10000',
  ];
  for (const pragma of pragmas) db.pragma(pragma);
  const checkpointer = startCheckpointer(file, {
    ...checkpoints,
    onFailure(error) {
      process.emitWarning(`SQLite checkpoints fall back to the request thread: ${String(error)}`);
      checkpoints.onFailure?.(error);
    },
  });
  let closed = false;
  // Write transactions run on their own thread (sqlite-writer.ts); if it dies, on this one again,
  // with the writer's cache size.
  const writer = writerThread
    ? new SqliteWriter(file, pragmas, (error) => {
        process.emitWarning(`SQLite writes fall back to the request thread: ${String(error)}`);
        if (!closed) db.pragma(WRITE_CACHE);
      })
    : undefined;
  // While the writer thread writes, this connection only reads, and every commit of the other
  // connection empties its page cache (WAL: a changed log resets a reader's cache), so a large one
  // only held memory: two 64 MB caches grew RSS by ~120 MB over a minute of load.
  if (writer) db.pragma('cache_size = -8192');
  const cache = new Map<string, Statement>();
  const plain = new SqliteSql(db, cache);
  // `mutex`: one write transaction at a time, on either connection. `reads`: this connection's
  // statements. While the writer thread writes, reads here need only `reads`: in WAL mode a reader
  // sees the last commit and never waits for the writer, so pulls and logins go on during a push's
  // transaction. Anything that writes on this connection takes both, `mutex` first.
  const mutex = new Mutex();
  const reads = new Mutex();
  const writerUp = () => writer !== undefined && writer.dead === null;
  /** Runs `fn` on this connection: with `mutex` too unless it only reads while the writer is up. */
  const onMain = <T>(onlyReads: boolean, fn: () => Promise<T>): Promise<T> =>
    onlyReads && writerUp() ? reads.run(fn) : mutex.run(() => reads.run(fn));
  /** Whether `sql` only reads; SQL that does not prepare fails later, as a rejection of its call. */
  const reading = (sql: string) => {
    try {
      return plain.stmt(sql).readonly;
    } catch {
      return false;
    }
  };
  // A snapshot only reads: with the writer thread up, a write here would wait on its lock.
  const readOnly = (sql: string) => {
    if (!plain.stmt(sql).readonly) throw new Error('a read snapshot cannot write');
    return sql;
  };
  const snapshotSql: Sql = {
    all: (sql, params) => plain.all(readOnly(sql), params),
    get: (sql, params) => plain.get(readOnly(sql), params),
    run: () => Promise.reject(new Error('a read snapshot cannot write')),
  };

  // Group commit: write transactions that queue up while another one holds the connection run
  // together in ONE transaction, each inside its own SAVEPOINT (a failure rolls back only its own
  // work and rejects only its caller), and share one COMMIT, so one fsync instead of one each. Every
  // caller still hears back only after the COMMIT that made its work durable. With synchronous=FULL
  // the fsync is most of a small transaction's cost: 100 concurrent pushes were 100 fsyncs.
  let pending: GroupJob[] = [];
  const savepoint = db.prepare('SAVEPOINT grp');
  const release = db.prepare('RELEASE grp');
  const rollbackTo = db.prepare('ROLLBACK TO grp');
  const settle = (jobs: GroupJob[], outcomes: JobOutcome[]) =>
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  const inThread = async (jobs: GroupJob[]): Promise<JobOutcome[]> => {
    const outcomes: JobOutcome[] = [];
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const job of jobs) {
        const tx = new SqliteTx(db, cache);
        savepoint.run();
        try {
          outcomes.push({ ok: true, value: await job.run(tx) });
          release.run();
        } catch (error) {
          if (db.inTransaction) {
            rollbackTo.run();
            release.run();
          }
          outcomes.push({ ok: false, error });
        }
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    return outcomes;
  };
  const commitGroup = async () => {
    const jobs = pending.slice(0, MAX_GROUP);
    pending = pending.slice(MAX_GROUP);
    if (pending.length) void mutex.run(commitGroup);
    let outcomes: JobOutcome[];
    try {
      const runs = jobs.map((job) => job.run);
      outcomes = writerUp() ? await writer!.group(runs) : await reads.run(() => inThread(jobs));
      checkpointer.request();
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    settle(jobs, outcomes);
  };

  return {
    kind: 'sqlite',
    get writer() {
      return writerUp() ? writer : undefined;
    },
    all: (sql, params) => onMain(reading(sql), () => plain.all(sql, params)),
    get: (sql, params) => onMain(reading(sql), () => plain.get(sql, params)),
    run: (sql, params) => onMain(false, () => plain.run(sql, params)),
    transaction: (fn) =>
      onMain(false, async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(new SqliteTx(db, cache));
          db.exec('COMMIT');
          checkpointer.request();
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
    framedTransaction: (prelude, fn, postlude) =>
      new Promise((resolve, reject) => {
        const job: GroupJob = {
          run: async (tx) => {
            const rows = await tx.prelude(prelude);
            const result = await fn(tx, rows);
            const tail = postlude();
            if (tail.length) tx.finish(tail.join('; '));
            return result;
          },
          resolve: resolve as (value: unknown) => void,
          reject,
        };
        pending.push(job);
        // Start on the next turn of the event loop: requests that already arrived get to join this group.
        if (pending.length === 1) setImmediate(() => void mutex.run(commitGroup));
      }),
    snapshot: (fn) => {
      const run = async () => {
        db.exec('BEGIN');
        try {
          return await fn(writerUp() ? snapshotSql : plain);
        } finally {
          db.exec('COMMIT');
        }
      };
      return onMain(true, run);
    },
    close: async () => {
      await mutex.run(async () => {
        if (closed) return;
        closed = true;
        // The worker's connection first: the main one, closed last, checkpoints what is left and
        // removes the WAL file.
        await writer?.close();
        await checkpointer.close();
        await reads.run(async () => db.close());
      });
    },
  };
}

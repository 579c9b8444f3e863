// The SQLite writer thread itself (started by sqlite-writer.ts as a Worker from
// this module's built file, dist/server/sqlite-writer-thread.js, or from this
// source under tsx in development and tests). It owns its own connection and
// runs the commands the request thread sends, in order. See sqlite-writer.ts
// for why the writes run here and what each command means to the caller.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface WriterThreadData {
  file: string;
  pragmas: readonly string[];
}

export type WireError = { message: string; code?: unknown };

/** The commands the request thread sends, in batches (an array of commands per message). */
export type WriterCommand =
  /** A queued write, run once per row of parameters (or once as a script when rows is null); no reply. */
  | readonly ['w', sql: string, rows: readonly (readonly unknown[])[] | null]
  /** A statement in the transaction; replies [id, error, rows, changes]. */
  | readonly ['q', id: number, sql: string, params: readonly unknown[]]
  /** Statements run in order; replies [id, error, rows of each]. */
  | readonly ['pre', id: number, statements: readonly (readonly [string, readonly unknown[]])[]]
  /** BEGIN IMMEDIATE; no reply: if it fails, every read and the commit answer with its error. */
  | readonly ['begin']
  /** A job starts (its savepoint). */
  | readonly ['sp', name: string]
  /** A job ended: its writes stay unless one of them failed. */
  | readonly ['end', name: string, job: number]
  /** The job threw on the request thread: roll its savepoint back. */
  | readonly ['undo', name: string]
  /** COMMIT; replies [id, error, failures as [job, error][]]. */
  | readonly ['commit', id: number]
  | readonly ['close'];

export type WriterReply = [id: number, error: WireError | null, ...rest: unknown[]];

function serve(port: NonNullable<typeof parentPort>, data: WriterThreadData): void {
  const db = new Database(data.file);
  for (const pragma of data.pragmas) db.pragma(pragma);
  const cache = new Map<string, Database.Statement>();
  const stmt = (sql: string): Database.Statement => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const plain = (e: unknown): WireError => {
    const err = e as { message?: unknown; code?: unknown } | null;
    return { message: String(err?.message ?? e), code: err?.code };
  };
  const reply = (message: WriterReply) => port.postMessage(message);

  let failed: WireError | null = null; // the current job's first failed queued write: its later writes are skipped
  let failures: [number, WireError][] = []; // this transaction's jobs whose queued writes failed
  let broken: WireError | null = null; // a failed BEGIN, SAVEPOINT or RELEASE: the transaction can only roll back

  const exec = (sql: string, params: readonly unknown[]) => {
    const s = stmt(sql);
    if (s.reader) return { rows: s.all(...params), changes: 0 };
    return { rows: null, changes: s.run(...params).changes };
  };
  const control = (fn: () => void) => {
    if (broken) return;
    try {
      fn();
    } catch (e) {
      broken = plain(e);
    }
  };

  const handle = (c: WriterCommand): void => {
    switch (c[0]) {
      case 'w': {
        if (failed || broken) return;
        const [, sql, rows] = c;
        try {
          if (!rows) db.exec(sql);
          else for (const params of rows) exec(sql, params);
        } catch (e) {
          failed = plain(e);
        }
        return;
      }
      case 'q': {
        const [, id, sql, params] = c;
        const error = broken ?? failed;
        if (error) return reply([id, error]);
        try {
          const out = exec(sql, params);
          reply([id, null, out.rows, out.changes]);
        } catch (e) {
          reply([id, plain(e)]);
        }
        return;
      }
      case 'pre': {
        const [, id, statements] = c;
        const error = broken ?? failed;
        if (error) return reply([id, error]);
        try {
          reply([id, null, statements.map(([sql, params]) => exec(sql, params).rows ?? [])]);
        } catch (e) {
          reply([id, plain(e)]);
        }
        return;
      }
      case 'begin':
        failures = [];
        failed = null;
        broken = null;
        return control(() => db.exec('BEGIN IMMEDIATE'));
      case 'sp':
        failed = null;
        return control(() => stmt(`SAVEPOINT ${c[1]}`).run());
      case 'end':
        return control(() => {
          if (failed) {
            stmt(`ROLLBACK TO ${c[1]}`).run();
            failures.push([c[2], failed]);
            failed = null;
          }
          stmt(`RELEASE ${c[1]}`).run();
        });
      case 'undo':
        failed = null;
        return control(() => {
          stmt(`ROLLBACK TO ${c[1]}`).run();
          stmt(`RELEASE ${c[1]}`).run();
        });
      case 'commit': {
        const id = c[1];
        if (broken) {
          if (db.inTransaction) db.exec('ROLLBACK');
          return reply([id, broken]);
        }
        try {
          db.exec('COMMIT');
          reply([id, null, failures]);
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          reply([id, plain(e)]);
        }
        return;
      }
      case 'close':
        db.close();
        port.close();
        return;
    }
  };

  port.on('message', (commands: readonly WriterCommand[]) => {
    for (const c of commands) handle(c);
  });
}

// Only as a worker: imported anywhere else (a type import is erased), this module does nothing.
if (parentPort) serve(parentPort, workerData as WriterThreadData);

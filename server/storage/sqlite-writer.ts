// SQLite write transactions on a worker thread with their own connection.
// Why: better-sqlite3 is synchronous, so on the request thread every INSERT and
// the COMMIT's page writes and fsync stop the event loop: a 500-mutation push
// spent ~12 ms inserting rows after its JavaScript was done, then ~6 ms in
// COMMIT. Here the request thread queues writes (`queue`, no reply) and goes on
// building the next rows while the worker inserts; reads inside a transaction
// (they must see its own writes) are a round trip. The worker handles messages
// in order, so a read sees everything queued before it. A queued write that
// fails marks its job failed: the worker skips the job's later writes, rolls
// its savepoint back, and the job's caller gets the error after COMMIT, as the
// in-thread group commit does (sqlite.ts). If the worker dies, sqlite.ts goes
// back to writing on the request thread.
import { Worker } from 'node:worker_threads';
import type { WireError, WriterCommand, WriterReply, WriterThreadData } from './sqlite-writer-thread';
import { threadEntry } from './thread-entry';
import type { PreludeStatement, TxSql } from './types';

type Command = WriterCommand;
type Reply = WriterReply;

/** A transaction's statements as seen by a job: TxSql, plus the prelude and the last statements. */
export interface GroupTx extends TxSql {
  /** Runs these statements in order (after the job's savepoint); the rows of each. */
  prelude(statements: readonly PreludeStatement[]): Promise<Record<string, unknown>[][]>;
  /** Queues statements without parameters (literals only), e.g. the counters before COMMIT. */
  finish(sql: string): void;
}

export type JobOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const toError = (e: WireError): Error => Object.assign(new Error(e.message), e.code ? { code: e.code } : {});

/** Statements buffered before they are sent, so the worker starts on them while more are built. */
const SEND_EVERY = 64;

class WriterTx implements GroupTx {
  private depth = 0;

  constructor(private readonly writer: SqliteWriter) {}

  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const [rows] = await this.writer.ask('q', sql, params);
    return (rows ?? []) as T[];
  }

  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    const [, changes] = await this.writer.ask('q', sql, params);
    return { changes: Number(changes ?? 0) };
  }

  queue(sql: string, rows: readonly (readonly unknown[])[]): void {
    // One command per statement and its rows: the SQL text is copied to the worker once.
    if (rows.length) this.writer.send(['w', sql, rows], rows.length);
  }

  finish(sql: string): void {
    this.writer.send(['w', sql, null]);
  }

  async prelude(statements: readonly PreludeStatement[]): Promise<Record<string, unknown>[][]> {
    const wire = statements.map((s): readonly [string, readonly unknown[]] =>
      typeof s === 'string' ? [s, []] : [s.sql, s.params],
    );
    const [rows] = await this.writer.ask('pre', wire);
    return rows as Record<string, unknown>[][];
  }

  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp${this.depth++}`;
    this.writer.send(['w', `SAVEPOINT ${name}`, null]);
    try {
      const result = await fn();
      this.writer.send(['w', `RELEASE ${name}`, null]);
      return result;
    } catch (err) {
      this.writer.send(['w', `ROLLBACK TO ${name}`, null]);
      this.writer.send(['w', `RELEASE ${name}`, null]);
      throw err;
    } finally {
      this.depth -= 1;
    }
  }
}

export class SqliteWriter {
  private readonly worker: Worker;
  private buffer: Command[] = [];
  private weight = 0;
  private readonly waiting = new Map<number, { resolve(rest: unknown[]): void; reject(e: unknown): void }>();
  private nextId = 1;
  private closing = false;
  private readonly exited: Promise<void>;
  /** Set once the worker is gone: callers write on the request thread instead. */
  dead: Error | null = null;

  constructor(file: string, pragmas: readonly string[], onFailure: (error: unknown) => void) {
    // The thread's module: sqlite-writer-thread.ts, built to dist/server/sqlite-writer-thread.js.
    const thread = threadEntry('sqlite-writer-thread', import.meta.url);
    const workerData: WriterThreadData = { file, pragmas };
    this.worker = new Worker(thread.entry, {
      eval: thread.eval,
      workerData,
      // What this thread allocates (the rows it is sent) dies young: a small young generation keeps
      // its memory small and flat (V8 flags given to the process would override this).
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    const fail = (error: unknown) => {
      if (this.dead) return;
      this.dead = error instanceof Error ? error : new Error(String(error));
      for (const w of this.waiting.values()) w.reject(this.dead);
      this.waiting.clear();
      if (!this.closing) onFailure(this.dead);
    };
    this.worker.on('error', fail);
    this.worker.once('exit', (code) => fail(new Error(`SQLite writer thread exited (code ${code})`)));
    this.worker.on('message', ([id, error, ...rest]: Reply) => {
      const w = this.waiting.get(id);
      if (!w) return;
      this.waiting.delete(id);
      if (error) w.reject(toError(error));
      else w.resolve(rest);
    });
  }

  /** Buffers a command; `weight`: the statements it runs (rows of a queued write). */
  send(command: Command, weight = 1): void {
    this.buffer.push(command);
    this.weight += weight;
    if (this.weight >= SEND_EVERY) this.flush();
  }

  private flush(): void {
    if (!this.buffer.length || this.dead) return;
    this.worker.postMessage(this.buffer);
    this.buffer = [];
    this.weight = 0;
  }

  /** Sends `[op, id, ...args]` with everything queued before it; the values of the reply. */
  ask(op: 'q', sql: string, params: readonly unknown[]): Promise<unknown[]>;
  ask(op: 'pre', statements: readonly (readonly [string, readonly unknown[]])[]): Promise<unknown[]>;
  ask(op: 'commit'): Promise<unknown[]>;
  ask(op: 'q' | 'pre' | 'commit', ...args: unknown[]): Promise<unknown[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // The overloads above are the commands' shapes (WriterCommand).
      this.buffer.push([op, id, ...args] as unknown as Command);
      this.flush();
    });
  }

  /**
   * Runs the jobs in ONE transaction, each in its own savepoint, and commits once. Per job: its
   * value, or its error (it threw, or one of its queued writes failed and was rolled back alone).
   * Throws if the transaction itself fails (nothing of it is kept).
   */
  async group(jobs: readonly ((tx: GroupTx) => Promise<unknown>)[]): Promise<JobOutcome[]> {
    if (this.dead) throw this.dead;
    // Not awaited: the first job's prelude travels with it and answers with its error if it failed.
    this.send(['begin']);
    const outcomes: JobOutcome[] = [];
    for (const [i, job] of jobs.entries()) {
      this.send(['sp', 'grp']);
      try {
        outcomes.push({ ok: true, value: await job(new WriterTx(this)) });
        this.send(['end', 'grp', i]);
      } catch (error) {
        outcomes.push({ ok: false, error });
        this.send(['undo', 'grp']);
      }
    }
    const [failures] = await this.ask('commit');
    for (const [i, error] of failures as [number, WireError][])
      outcomes[i] = { ok: false, error: toError(error) };
    return outcomes;
  }

  /** Stops the thread at once, as a crash would (tests, and close() when it hangs). */
  async terminate(): Promise<void> {
    await this.worker.terminate();
    await this.exited;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.dead) return;
    this.buffer.push(['close']);
    this.flush();
    const timeout = setTimeout(() => void this.terminate(), 10_000);
    await this.exited;
    clearTimeout(timeout);
  }
}

// The one storage adapter interface. Both drivers speak the same SQL (written
// with `?` placeholders; the PostgreSQL driver renumbers them), so the sync,
// auth and audit logic above is written once and tested on both databases.

export type DbKind = 'sqlite' | 'postgres';

export interface Sql {
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
}

export interface TxSql extends Sql {
  /** Runs `fn` inside a SAVEPOINT: a throw rolls back only what `fn` wrote. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * SQLite: a write run once per parameter row, whose result no one waits for (on the writer thread
   * it runs while the caller goes on); if it fails, the transaction's caller gets the error at commit.
   */
  queue?(sql: string, rows: readonly (readonly unknown[])[]): void;
}

/** A statement of a transaction's prelude: plain SQL, or SQL with `?` parameters. */
export type PreludeStatement = string | { sql: string; params: readonly unknown[] };

export interface SqlDriver extends Sql {
  readonly kind: DbKind;
  /**
   * One write transaction. SQLite: BEGIN IMMEDIATE under a process mutex (one
   * writer). PostgreSQL: BEGIN on a pooled client; the caller locks the seq
   * counter row first thing, which serializes writers across nodes.
   */
  transaction<T>(fn: (tx: TxSql) => Promise<T>): Promise<T>;
  /**
   * A write transaction whose first and last statements travel with BEGIN and
   * COMMIT (PostgreSQL: one round trip each instead of one per statement).
   * `prelude` statements run in order; their rows go to `fn`. A statement with
   * parameters travels with the others when its values are plain tokens (ids,
   * numbers) that can be written as literals; otherwise it runs on its own just
   * after. The `postlude()` statements (no parameters; literals only) run just
   * before COMMIT.
   */
  framedTransaction<T>(
    prelude: readonly PreludeStatement[],
    fn: (tx: TxSql, preludeRows: Record<string, unknown>[][]) => Promise<T>,
    postlude: () => readonly string[],
  ): Promise<T>;
  /** A read-only snapshot so several queries see one consistent state. */
  snapshot<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /** PostgreSQL only: subscribe to a NOTIFY channel (cross-node pokes). */
  listen?(channel: string, onMessage: (payload: string) => void): Promise<void>;
  close(): Promise<void>;
}

export interface OfficeRow {
  id: string;
  code: string;
  name: string;
  created_at: string;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  office_id: string | null;
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface RecordRow {
  table_name: string;
  id: string;
  office_id: string;
  case_id: string;
  rev: number;
  seq: number;
  data: string;
  deleted: number;
  updated_at: string;
  updated_by: string;
}

export interface ConflictRow {
  id: string;
  table_name: string;
  record_id: string;
  case_id: string | null;
  office_id: string;
  path: string;
  base: string;
  server: string;
  client: string;
  server_actor_id: string | null;
  server_at: string | null;
  client_actor_id: string;
  client_at: string;
  mutation_id: string;
  status: string;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution: string | null;
  seq: number;
}

export interface AuditRow {
  seq: number;
  at: string;
  client_time: string | null;
  actor_id: string | null;
  device_id: string | null;
  action: string;
  table_name: string | null;
  record_id: string | null;
  mutation_id: string | null;
  base_rev: number | null;
  rev: number | null;
  changes: string;
  outcome: string;
  conflict_id: string | null;
  office_id: string | null;
  case_id: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

// PostgreSQL driver (pg Pool). Several API nodes may share one database: the
// seq counter row lock (taken by Storage.write) orders their commits, and
// LISTEN/NOTIFY carries sync pokes between them.
import pg from 'pg';
import type { PreludeStatement, Sql, SqlDriver, TxSql } from './types';

// BIGINT (int8) arrives as a string by default; our seq values stay far below 2^53.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as never,
};

/** `?` placeholders -> `$1..$n`. Our SQL never contains a literal `?`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Values safe to write as SQL literals: ids, table names, ISO times, integers. No quote, no backslash. */
const PLAIN_TOKEN = /^[A-Za-z0-9_.:+-]*$/;

/**
 * The statement with its parameters written in as literals, or undefined when a value is not a
 * plain token (it then travels as a parameter in a query of its own).
 */
export function inlined(statement: PreludeStatement): string | undefined {
  if (typeof statement === 'string') return statement;
  const { sql, params } = statement;
  const literals: string[] = [];
  for (const v of params) {
    if (typeof v === 'number' && Number.isSafeInteger(v)) literals.push(String(v));
    else if (typeof v === 'string' && PLAIN_TOKEN.test(v)) literals.push(`'${v}'`);
    else return undefined;
  }
  let n = 0;
  return sql.replace(/\?/g, () => literals[n++]!);
}

interface Queryable {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
}

class PgSql implements Sql {
  constructor(protected readonly q: Queryable) {}

  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.q.query(numbered(sql), [...params])).rows as T[];
  }

  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.q.query(numbered(sql), [...params])).rows[0] as T | undefined;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    return { changes: (await this.q.query(numbered(sql), [...params])).rowCount ?? 0 };
  }
}

class PgTx extends PgSql implements TxSql {
  private depth = 0;

  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp${this.depth++}`;
    await this.q.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      await this.q.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      await this.q.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await this.q.query(`RELEASE SAVEPOINT ${name}`);
      throw err;
    } finally {
      this.depth -= 1;
    }
  }
}

export function openPostgres(databaseUrl: string, poolSize = 10): SqlDriver {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types });
  // An idle client losing its connection must not crash the server; the pool replaces it.
  pool.on('error', () => undefined);
  const plain = new PgSql(pool);
  const listeners: pg.Client[] = [];

  /**
   * Runs `fn` on a pooled client inside a transaction it opens; a throw rolls back, and a client
   * whose ROLLBACK fails (lost connection) is destroyed instead of going back to the pool.
   */
  async function inClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    try {
      return await fn(client);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /** BEGIN (with its options) and COMMIT around `fn`. */
  const plainTransaction = <T>(begin: string, fn: (client: pg.PoolClient) => Promise<T>) =>
    inClient(async (client) => {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    });

  return {
    kind: 'postgres',
    all: (sql, params) => plain.all(sql, params),
    get: (sql, params) => plain.get(sql, params),
    run: (sql, params) => plain.run(sql, params),
    transaction: (fn) => plainTransaction('BEGIN', (client) => fn(new PgTx(client))),
    framedTransaction: (prelude, fn, postlude) =>
      inClient(async (client) => {
        // BEGIN and the prelude in one simple-protocol round trip. Each statement still takes its own
        // snapshot (READ COMMITTED), so a read after a lock sees what the lock holder committed.
        // Statements whose values can be literals ride along; the others follow one by one, in order.
        const texts = prelude.map(inlined);
        let cut = texts.findIndex((t) => t === undefined);
        if (cut < 0) cut = texts.length;
        const results = (await client.query(['BEGIN', ...texts.slice(0, cut)].join('; '))) as unknown as
          pg.QueryResult[] | pg.QueryResult;
        const rows = (Array.isArray(results) ? results : [results])
          .slice(1)
          .map((r) => r.rows as Record<string, unknown>[]);
        const tx = new PgTx(client);
        for (const statement of prelude.slice(cut)) {
          rows.push(
            typeof statement === 'string'
              ? await tx.all(statement)
              : await tx.all(statement.sql, statement.params),
          );
        }
        const result = await fn(tx, rows);
        await client.query([...postlude(), 'COMMIT'].join('; '));
        return result;
      }),
    // Snapshots serve pull pages: ordered range reads of (office_id, seq) cut by LIMIT. With stale
    // statistics (a bulk load before autovacuum analyzes) the planner guessed ~250 rows and chose a
    // bitmap scan plus a sort of EVERY row of the office, spilled to disk, for each page: 100,000
    // records pulled at 20k/s. No sort and no bitmap scan leaves the index walk, right at any size.
    snapshot: (fn) =>
      plainTransaction(
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off',
        (client) => fn(new PgSql(client)),
      ),
    listen: async (channel, onMessage) => {
      const client = new pg.Client({ connectionString: databaseUrl });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel && msg.payload) onMessage(msg.payload);
      });
      await client.query(`LISTEN "${channel}"`);
      listeners.push(client);
    },
    close: async () => {
      await Promise.all(listeners.map((c) => c.end().catch(() => undefined)));
      await pool.end();
    },
  };
}

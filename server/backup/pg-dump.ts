// PostgreSQL: the documented pg_dump procedure, run for the operator. pg_dump reads in one
// repeatable-read snapshot, so the dump is consistent while the server writes; document blobs live
// in the database there (file_blob_chunks), so the dump holds them. The connection goes to pg_dump
// through libpq's PG* environment variables, never argv: a password in argv shows in `ps`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** libpq environment for a postgres:// URL (host, port, user, password, database, options, sslmode). */
export function libpqEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = {};
  if (url.hostname) env.PGHOST = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ''));
  if (url.port) env.PGPORT = url.port;
  if (url.username) env.PGUSER = decodeURIComponent(url.username);
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  const options = url.searchParams.get('options');
  if (options) env.PGOPTIONS = options;
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** "host:port/database (schema s)": which database a command works on, without the password. */
export async function describePostgres(databaseUrl: string): Promise<{ label: string; schema: string }> {
  const url = new URL(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const row = (await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0];
    const schema = row?.s ?? 'public';
    return { label: `${url.hostname}:${url.port || 5432}${url.pathname} (schema ${schema})`, schema };
  } finally {
    await client.end();
  }
}

async function tool(name: 'pg_dump' | 'pg_restore', args: string[], databaseUrl: string): Promise<void> {
  try {
    await run(name, args, { env: { ...process.env, ...libpqEnv(databaseUrl) }, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT')
      throw new Error(
        `${name} not found: install the PostgreSQL client (Debian: apt-get install postgresql-client)`,
      );
    throw new Error(`${name} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/** pg_dump of the server's schema in the custom format (compressed, restorable with pg_restore). */
export async function dumpPostgres(databaseUrl: string, dest: string): Promise<void> {
  const { schema } = await describePostgres(databaseUrl);
  await tool(
    'pg_dump',
    ['--format=custom', '--no-owner', '--no-privileges', `--schema=${schema}`, `--file=${dest}`],
    databaseUrl,
  );
}

/** Tables in the target schema: a restore goes into an empty one only. */
export async function tablesIn(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const row = (
      await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()`,
      )
    ).rows[0];
    return Number(row?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** pg_restore in one transaction: all of the dump or nothing. */
export async function restorePostgres(databaseUrl: string, dump: string): Promise<void> {
  // The dump creates its schema; an empty one of that name (made by hand, or by a server that was
  // started and stopped) is dropped first. Not CASCADE: anything inside it makes this fail.
  const { schema } = await describePostgres(databaseUrl);
  if (schema !== 'public') {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}"`);
    } finally {
      await client.end();
    }
  }
  // Without --dbname pg_restore would print SQL instead of restoring; the name carries no secret.
  const database = libpqEnv(databaseUrl).PGDATABASE ?? 'postgres';
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction'];
  await tool('pg_restore', [...args, `--dbname=${database}`, dump], databaseUrl);
}

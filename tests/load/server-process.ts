// The sync server as a real child process (`node --import tsx server/main.ts`),
// the way IT runs it: used by the crash, multi-node and load tests, which need
// to SIGKILL it, run two of them on one database, or read its RSS from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type DbKind = 'sqlite' | 'postgres';
import { PG_URL, pgAdmin } from '../support/server-test-kit';

export { PG_URL };
export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'admin-password-for-load-tests';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** One isolated database: a temp directory (SQLite) or a fresh schema in the test database (PostgreSQL). */
export interface TestDatabase {
  kind: DbKind;
  env: Record<string, string>;
  /** SQLite only: the database file. */
  file?: string;
  /** PostgreSQL only: the schema name. */
  schema?: string;
  drop(): Promise<void>;
}

let counter = 0;
export async function createDatabase(kind: DbKind): Promise<TestDatabase> {
  const tag = `${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'posko-proc-'));
    return {
      kind,
      env: { POSKO_DATA_DIR: dir },
      file: path.join(dir, 'posko.sqlite'),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `posko_p_${tag}`.toLowerCase();
  await pgAdmin((c) => c.query(`CREATE SCHEMA ${schema}`));
  // main.ts passes DATABASE_URL to pg unchanged, so the schema travels in the connection options.
  const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    kind,
    schema,
    env: { DATABASE_URL: url },
    drop: () => pgAdmin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** The last lines the process wrote (for failure messages). */
  tail(): string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts server/main.ts on `port` (0 = random) and waits until it listens. */
export async function startServerProcess(
  db: TestDatabase,
  opts: { port?: number; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...db.env,
      POSKO_HOST: '127.0.0.1',
      POSKO_PORT: String(opts.port ?? 0),
      POSKO_ADMIN_USERNAME: ADMIN_USERNAME,
      POSKO_ADMIN_PASSWORD: ADMIN_PASSWORD,
      NODE_ENV: 'production',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(line.slice(0, 500));
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in time:\n${lines.join('\n')}`)),
      opts.timeoutMs ?? 30_000,
    );
    const onData = (chunk: Buffer) => {
      remember(chunk);
      const match = /listening on (http:\/\/[^\s]+)/.exec(chunk.toString('utf8'));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', remember);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${lines.join('\n')}`));
    });
  });
  return {
    url,
    pid: child.pid ?? 0,
    child,
    exited,
    tail: () => lines.join('\n'),
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** Resident set size of a process in KiB, from /proc (Linux). */
export function rssKiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

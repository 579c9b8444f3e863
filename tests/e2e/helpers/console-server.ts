// Serves the built console (dist/renderer) from the real sync server on
// 127.0.0.1 at a random port, exactly as `npm run start:web` does: page, CSP
// headers and API (/v1/...) share one origin, on a throwaway SQLite data dir.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../../server/index';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const CONSOLE_DIR = join(REPO_ROOT, 'dist', 'renderer');

export interface Credentials {
  id: string;
  username: string;
  password: string;
  displayName: string;
}

export interface ConsoleServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:40123/ */
  url: string;
  adminUsername: string;
  adminPassword: string;
  /** The server's data directory (its SQLite file is posko.sqlite), e.g. for a benchmark's setup. */
  dataDir: string;
  /** The office the users below work in (code JKT). */
  office: { id: string; code: string; name: string };
  /** Two operators and a supervisor of that office, made through the admin API. */
  users: { op1: Credentials; op2: Credentials; supervisor: Credentials };
  /** Signs in through the API (as the console does) and returns the bearer token. */
  login(username: string, password: string): Promise<string>;
  /** GET on the API with a user's token, body parsed as JSON; throws on a non-2xx answer. */
  api<T = unknown>(token: string, path: string): Promise<T>;
  /** Every case record the server holds for this user's office (a full pull with their token). */
  serverCases(token: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

interface PullBody {
  changes: Array<{ table: string; record: Record<string, unknown> }>;
  cursor: number;
  hasMore: boolean;
}

async function call<T>(base: string, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function seedOffice(base: string, adminUsername: string, adminPassword: string) {
  const login = (username: string, password: string) =>
    call<{ token: string }>(base, 'POST', '/v1/auth/login', undefined, {
      username,
      password,
      deviceId: 'e2e-setup',
    }).then((r) => r.token);
  const admin = await login(adminUsername, adminPassword);
  const { office } = await call<{ office: { id: string; code: string; name: string } }>(
    base,
    'POST',
    '/v1/admin/offices',
    admin,
    { code: 'JKT', name: 'Posko Jakarta' },
  );
  const make = async (username: string, displayName: string, role: 'operator' | 'supervisor') => {
    const password = randomBytes(12).toString('base64url');
    const { user } = await call<{ user: { id: string } }>(base, 'POST', '/v1/admin/users', admin, {
      username,
      password,
      displayName,
      role,
      officeId: office.id,
    });
    return { id: user.id, username, password, displayName };
  };
  const [op1, op2, supervisor] = await Promise.all([
    make('op1', 'Operator Satu', 'operator'),
    make('op2', 'Operator Dua', 'operator'),
    make('spv1', 'Supervisor Jakarta', 'supervisor'),
  ]);
  return { office, users: { op1, op2, supervisor }, login };
}

let current: ConsoleServer | null = null;

/** The server this test file started last: openConsolePage signs in to it by default. */
export function currentConsoleServer(): ConsoleServer | null {
  return current;
}

export async function startConsoleServer(): Promise<ConsoleServer> {
  if (!existsSync(join(CONSOLE_DIR, 'index.html'))) {
    throw new Error(
      `No built console in ${CONSOLE_DIR}: run \`npm run build:renderer\` (npm run test:e2e does).`,
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'posko-e2e-'));
  const adminUsername = 'e2e-admin';
  const adminPassword = randomBytes(18).toString('base64url');
  try {
    const server = await startServer({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      consoleDir: CONSOLE_DIR,
      adminUsername,
      adminPassword,
      logger: false,
    });
    const url = server.url.endsWith('/') ? server.url : `${server.url}/`;
    try {
      const seeded = await seedOffice(url, adminUsername, adminPassword);
      current = {
        url,
        adminUsername,
        adminPassword,
        dataDir,
        office: seeded.office,
        users: seeded.users,
        login: seeded.login,
        api: (token, path) => call(url, 'GET', path, token),
        async serverCases(token) {
          const cases = new Map<string, Record<string, unknown>>();
          let cursor = 0;
          for (;;) {
            const page = await call<PullBody>(url, 'GET', `/v1/sync/pull?cursor=${cursor}&limit=500`, token);
            for (const c of page.changes) if (c.table === 'cases') cases.set(String(c.record.id), c.record);
            cursor = page.cursor;
            if (!page.hasMore) return [...cases.values()];
          }
        },
        async close() {
          if (current === self) current = null;
          await server.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
      const self = current;
      return self;
    } catch (error) {
      await server.close();
      throw error;
    }
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

// Test harness for the sync server, shared by the server suite and the sync
// engine's client integration tests.
//
//   const srv = await withServer('sqlite');          // or 'postgres'
//   const office = await srv.createOffice('JKT');
//   const { session } = await srv.createUser({ role: 'operator', officeId: office.id });
//   const [result] = await srv.push(session, [createCaseMutation()]);
//   const page = await srv.pull(session, 0);
//   await srv.close();                                // stops the server, drops the DB
//
// Every server gets a fresh, isolated database: a temp directory for SQLite, a
// new schema in the `test` database for PostgreSQL (dropped on close). An
// admin (`srv.admin`, logged in) is seeded. `describe.each(DB_KINDS)` runs a
// suite on both databases; POSKO_TEST_DBS=sqlite limits it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { UserRole } from '../../shared/domain/enums';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import type { Mutation, MutationResult, PullResponse, SessionUser } from '../../shared/sync/protocol';
import { startServer, type StartServerOptions } from '../../server/index';
import type { Storage } from '../../server/storage/storage';

export type DbKind = 'sqlite' | 'postgres';
export const DB_KINDS: readonly DbKind[] = (process.env.POSKO_TEST_DBS?.split(',') as
  DbKind[] | undefined) ?? ['sqlite', 'postgres'];
import { PG_URL, pgAdmin } from '../support/server-test-kit';
import { mutation, nowIso } from '../support/case-factory';

export { PG_URL, mutation, nowIso };
export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const USER_PASSWORD = 'user-password-for-tests';

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
  deviceId: string;
}
export interface Office {
  id: string;
  code: string;
  name: string;
}
export interface ApiResponse<T> {
  status: number;
  // Tests inspect arbitrary JSON; the typed helpers below parse what they return.
  body: T;
  headers: Headers;
}
export interface RequestOptions {
  token?: string | Session;
  body?: unknown;
  /** Sent as-is (for malformed-JSON tests); overrides `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  kind: DbKind;
  url: string;
  port: number;
  storage: Storage;
  /** Server options used, e.g. to start a peer node on the same database. */
  options: StartServerOptions;
  admin: Session;
  request<T = any>(method: string, path: string, opts?: RequestOptions): Promise<ApiResponse<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  login(username: string, password: string, deviceId?: string): Promise<Session>;
  createOffice(code?: string, name?: string): Promise<Office>;
  createUser(opts: {
    role: UserRole;
    officeId?: string | null;
    username?: string;
    password?: string;
  }): Promise<{
    user: SessionUser;
    password: string;
    session: Session;
  }>;
  push(
    session: Session,
    mutations: Mutation[],
    opts?: { schemaVersion?: number; deviceId?: string },
  ): Promise<MutationResult[]>;
  pull(session: Session, cursor?: number, limit?: number): Promise<PullResponse>;
  /** Another API node on the same database (PostgreSQL: same schema); closed with the server. */
  startPeer(): Promise<{ url: string; close(): Promise<void> }>;
  close(): Promise<void>;
}

let counter = 0;
const unique = (prefix: string) =>
  `${prefix}${process.pid}${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function withServer(kind: DbKind, extra: Partial<StartServerOptions> = {}): Promise<TestServer> {
  let cleanup: () => Promise<void>;
  const options: StartServerOptions = {
    host: '127.0.0.1',
    port: 0,
    adminUsername: ADMIN_USERNAME,
    adminPassword: ADMIN_PASSWORD,
    ...extra,
  };
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'posko-test-'));
    options.dataDir = dir;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = unique('posko_t_').toLowerCase();
    await pgAdmin((c) => c.query(`CREATE SCHEMA ${schema}`));
    options.databaseUrl = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    cleanup = () => pgAdmin((c) => c.query(`DROP SCHEMA ${schema} CASCADE`)).then(() => undefined);
  }
  const server = await startServer(options);
  const peers: { close(): Promise<void> }[] = [];

  const request: TestServer['request'] = async (method, urlPath, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const token = typeof opts.token === 'string' ? opts.token : opts.token?.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = opts.rawBody;
    if (body === undefined && opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(server.url + urlPath, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (static files): keep the text
    }
    return { status: res.status, body: parsed as never, headers: res.headers };
  };

  const expectOk = <T>(res: ApiResponse<T>, what: string): T => {
    if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const login: TestServer['login'] = async (username, password, deviceId = unique('device-')) => {
    const body = expectOk(
      await request<Omit<Session, 'deviceId'>>('POST', '/v1/auth/login', {
        body: { username, password, deviceId },
      }),
      'login',
    );
    return { ...body, deviceId };
  };

  const admin = await login(ADMIN_USERNAME, ADMIN_PASSWORD, 'admin-device');

  const srv: TestServer = {
    kind,
    url: server.url,
    port: server.port,
    storage: server.storage,
    options,
    admin,
    request,
    login,
    async createOffice(
      code = unique('O')
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(-10),
      name = `Office ${code}`,
    ) {
      return expectOk(
        await request<{ office: Office }>('POST', '/v1/admin/offices', {
          token: admin,
          body: { code, name },
        }),
        'create office',
      ).office;
    },
    async createUser({
      role,
      officeId = null,
      username = unique('user-').toLowerCase(),
      password = USER_PASSWORD,
    }) {
      const body = { username, password, displayName: `User ${username}`, role, officeId };
      const { user } = expectOk(
        await request<{ user: SessionUser }>('POST', '/v1/admin/users', { token: admin, body }),
        'create user',
      );
      return { user, password, session: await login(username, password) };
    },
    async push(session, mutations, opts = {}) {
      const body = {
        deviceId: opts.deviceId ?? session.deviceId,
        schemaVersion: opts.schemaVersion ?? SCHEMA_VERSION,
        mutations,
      };
      return expectOk(
        await request<{ results: MutationResult[] }>('POST', '/v1/sync/push', { token: session, body }),
        'push',
      ).results;
    },
    async pull(session, cursor = 0, limit = 1000) {
      return expectOk(
        await request<PullResponse>('GET', `/v1/sync/pull?cursor=${cursor}&limit=${limit}`, {
          token: session,
        }),
        'pull',
      );
    },
    async startPeer() {
      const peer = await startServer({ ...options, adminUsername: undefined, adminPassword: undefined });
      peers.push(peer);
      return peer;
    },
    async close() {
      for (const p of peers) await p.close();
      await server.close();
      await cleanup();
    },
  };
  return srv;
}

// ---- mutation builders -------------------------------------------------------

// The case and mutation builders the server suites use: one factory for every suite.
export {
  casePatch,
  contactPatch,
  createCaseMutation,
  taskPatch,
  updateMutation,
} from '../support/case-factory';

// A real server on a temporary SQLite directory, an office with users, and
// sync clients (PoskoDb on fake-indexeddb + Repository + SyncEngine) that talk
// to it over HTTP through an injectable fetch.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../../server/index';
import { Repository } from '../../../renderer/db/repository';
import type { PoskoDb } from '../../../renderer/db/database';
import { DexieSyncStore } from '../../../renderer/db/sync-store';
import { SyncEngine } from '../../../renderer/sync/engine';
import type { PushContext } from '../../../renderer/sync/push';
import { SCHEMA_VERSION } from '../../../shared/domain/record';
import { SyncTransport, type FetchLike } from '../../../renderer/sync/transport';
import { AuditPage, LoginResponse, type AuditEntry } from '../../../shared/sync/protocol';
import { freshDb } from './local-client';

export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };
const AUDITOR = { username: 'harness-auditor', password: 'auditor-password-for-tests' };
export const PASSWORD = 'operator-password-1';

type Running = Awaited<ReturnType<typeof startServer>>;

export class TestServer {
  private running: Running | null = null;
  private constructor(readonly dataDir: string) {}

  static async start(): Promise<TestServer> {
    const server = new TestServer(await mkdtemp(join(tmpdir(), 'posko-sync-')));
    await server.up();
    return server;
  }

  get url(): string {
    if (!this.running) throw new Error('server is down');
    return this.running.url;
  }

  get isUp(): boolean {
    return this.running !== null;
  }

  async up(): Promise<void> {
    if (this.running) return;
    this.running = await startServer({
      host: '127.0.0.1',
      port: 0,
      dataDir: this.dataDir,
      adminUsername: ADMIN.username,
      adminPassword: ADMIN.password,
      logger: false,
    });
  }

  async down(): Promise<void> {
    const running = this.running;
    this.running = null;
    await running?.close();
  }

  async stop(): Promise<void> {
    await this.down();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  async verifyAudit(): Promise<{ ok: boolean; entries: number; firstBrokenSeq?: number }> {
    return this.call('GET', '/v1/audit/verify', await this.login(ADMIN.username, ADMIN.password));
  }

  async call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  async login(username: string, password: string, deviceId = 'test-harness'): Promise<string> {
    const body = await this.call('POST', '/v1/auth/login', null, { username, password, deviceId });
    return LoginResponse.parse(body).token;
  }

  /** One office and the given users (operators unless named `super*`). Returns user ids by name. */
  async seedOffice(
    code: string,
    usernames: string[],
  ): Promise<{ officeId: string; users: Record<string, string> }> {
    const admin = await this.login(ADMIN.username, ADMIN.password);
    const { office } = await this.call<{ office: { id: string } }>('POST', '/v1/admin/offices', admin, {
      code,
      name: `Office ${code}`,
    });
    const users: Record<string, string> = {};
    for (const username of usernames) {
      const { user } = await this.call<{ user: { id: string } }>('POST', '/v1/admin/users', admin, {
        username,
        password: PASSWORD,
        displayName: username,
        role: username.startsWith('super') ? 'supervisor' : 'operator',
        officeId: office.id,
      });
      users[username] = user.id;
    }
    return { officeId: office.id, users };
  }

  private auditorReady: Promise<void> | undefined;

  /** The whole audit trail with its values: read as an auditor (admins get case entries without values). */
  async audit(): Promise<AuditEntry[]> {
    this.auditorReady ??= this.login(ADMIN.username, ADMIN.password).then(async (admin) => {
      await this.call('POST', '/v1/admin/users', admin, {
        ...AUDITOR,
        displayName: 'Harness auditor',
        role: 'auditor',
        officeId: null,
      });
    });
    await this.auditorReady;
    const token = await this.login(AUDITOR.username, AUDITOR.password);
    const entries: AuditEntry[] = [];
    let cursor = 0;
    for (;;) {
      const page = AuditPage.parse(await this.call('GET', `/v1/audit?cursor=${cursor}&limit=1000`, token));
      entries.push(...page.entries);
      if (!page.hasMore || page.cursor <= cursor) return entries;
      cursor = page.cursor;
    }
  }
}

export interface ClientOptions {
  fetch?: FetchLike;
  baseUrl?: () => string;
  batchSize?: number;
  pullLimit?: number;
}

export class TestClient {
  readonly repo: Repository;
  readonly engine: SyncEngine;
  readonly store: DexieSyncStore;
  readonly transport: SyncTransport;
  token: string | null = null;
  readonly batchSize: number;

  constructor(
    readonly name: string,
    readonly db: PoskoDb,
    readonly userId: string,
    readonly officeId: string,
    readonly deviceId: string,
    options: { fetch?: FetchLike; baseUrl: () => string; batchSize?: number; pullLimit?: number },
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.repo = new Repository(db, { actor: () => ({ actorId: userId, deviceId, officeId }) });
    this.store = new DexieSyncStore(db);
    this.transport = new SyncTransport({
      baseUrl: options.baseUrl,
      getToken: () => this.token,
      fetch: options.fetch,
      timeoutMs: 10_000,
    });
    this.engine = new SyncEngine({
      store: this.store,
      transport: this.transport,
      deviceId,
      batchSize: this.batchSize,
      pullLimit: options.pullLimit ?? 1000,
    });
  }

  static async connect(
    server: TestServer,
    name: string,
    userId: string,
    officeId: string,
    options: ClientOptions = {},
  ) {
    const deviceId = `device-${name}`;
    const client = new TestClient(name, freshDb(name), userId, officeId, deviceId, {
      ...options,
      baseUrl: options.baseUrl ?? (() => server.url),
    });
    client.token = await server.login(name, PASSWORD, deviceId);
    return client;
  }

  /** What the engine's push step uses, for schedules that push without pulling. */
  pushContext(): PushContext {
    return {
      store: this.store,
      transport: this.transport,
      deviceId: this.deviceId,
      schemaVersion: SCHEMA_VERSION,
      batchSize: this.batchSize,
      now: () => new Date().toISOString(),
    };
  }

  /** Syncs until a cycle succeeds (or gives up), like the scheduler's retries would. */
  async syncUntilOk(maxTries = 20): Promise<void> {
    for (let i = 0; i < maxTries; i++) {
      const result = await this.engine.syncNow();
      if (result.ok) return;
    }
    throw new Error(`${this.name}: sync did not succeed: ${JSON.stringify(this.engine.status.get().error)}`);
  }

  async close(): Promise<void> {
    this.engine.stop();
    this.db.close();
    await this.db.delete();
  }
}

// Public entry: start a Posko sync server. Used by server/main.ts, by the
// desktop dev launcher and by the integration tests (port 0 = random).
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo, Socket } from 'node:net';
import { countUsers, createFirstAdmin } from './admin/service';
import { openAuditAnchor, type AuditAnchorOptions } from './audit/startup';
import { DEFAULT_LOGIN_LIMIT, LoginThrottle, type RateLimitOptions } from './auth/rate-limit';
import { buildApp, type HttpTimeouts } from './app';
import type { ServerContext } from './context';
import type { FilesOptions } from './files/service';
import { Storage } from './storage/storage';
import { EventHub } from './sync/events';

export { Storage } from './storage/storage';

export interface StartServerOptions extends AuditAnchorOptions {
  host?: string;
  port?: number;
  dataDir?: string;
  databaseUrl?: string;
  adminUsername?: string;
  adminPassword?: string;
  consoleDir?: string;
  /** false: refuse the browser console (POSKO_ALLOW_BROWSER_CONSOLE); default true. */
  allowBrowserConsole?: boolean;
  logger?: boolean;
  /** Where the JSON log lines go (default stdout). */
  logStream?: { write(line: string): unknown };
  corsOrigins?: string[];
  /** Session lifetime in hours (default 12). */
  sessionHours?: number;
  /** Time zone whose calendar year goes into case numbers (default Asia/Jakarta). */
  caseNumberTimeZone?: string;
  /** Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR blocks); default none. */
  trustProxy?: string[];
  /** HTTP timeouts (defaults in server/config.ts). */
  timeouts?: Partial<HttpTimeouts>;
  /** Login throttle (default 10 failures per username, 50 per address, in 15 minutes). */
  loginLimit?: Partial<RateLimitOptions>;
  /** Event stream heartbeat (default 25 s). */
  heartbeatMs?: number;
  /** Document files: limits and key (POSKO_FILES_*, server/files/config.ts); blobs under dataDir. */
  files?: Omit<FilesOptions, 'dataDir'>;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
  storage: Storage;
  /** The Fastify application (tests read its routes, server/routes/api-docs.ts). */
  app: FastifyInstance;
}

/**
 * The version in Posko's package.json: the nearest one up from this module that names Posko and a
 * version (from server/, the root's; from the built dist/server/, past its own, which names neither).
 */
function packageVersion(): string {
  for (let dir = new URL('./', import.meta.url); ;) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'posko' && pkg.version) return pkg.version;
    } catch {
      // no package.json here
    }
    const up = new URL('../', dir);
    if (up.href === dir.href) return process.env.npm_package_version ?? '0.0.0';
    dir = up;
  }
}

/** No default password anywhere: the first admin comes from the environment or the admin CLI. */
async function bootstrapAdmin(
  storage: Storage,
  opts: StartServerOptions,
  log: (level: 'info' | 'warn', msg: string) => void,
): Promise<void> {
  if ((await countUsers(storage.sql)) > 0) return;
  if (opts.adminUsername && opts.adminPassword) {
    const created = await createFirstAdmin(storage, {
      username: opts.adminUsername,
      password: opts.adminPassword,
    });
    log(
      'info',
      created
        ? `created the first admin account "${opts.adminUsername}"`
        : 'another server node created the first account at the same time',
    );
    return;
  }
  log(
    'warn',
    'no user account exists yet. Create the first admin with POSKO_ADMIN_USERNAME and POSKO_ADMIN_PASSWORD set at start, ' +
      'or: POSKO_PASSWORD=... npm run admin -- create-user --username <name> --display-name <name> --role admin',
  );
}

export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const storage = await Storage.open({ dataDir: opts.dataDir ?? './data', databaseUrl: opts.databaseUrl });
  const events = new EventHub(storage, { heartbeatMs: opts.heartbeatMs });
  let auditAnchor: ReturnType<typeof openAuditAnchor>;
  try {
    auditAnchor = openAuditAnchor(storage, opts, (level, msg) => {
      if (opts.logger || level !== 'info') console[level](`[posko] ${msg}`);
    });
  } catch (err) {
    events.close();
    await storage.close();
    throw err;
  }
  const ctx: ServerContext = {
    auditAnchor,
    storage,
    events,
    throttle: new LoginThrottle({ ...DEFAULT_LOGIN_LIMIT, ...opts.loginLimit }),
    sessionTtlMs: (opts.sessionHours ?? 12) * 3_600_000,
    version: packageVersion(),
    caseNumberTimeZone: opts.caseNumberTimeZone ?? 'Asia/Jakarta',
  };
  try {
    const app = await buildApp(ctx, { ...opts, files: { ...opts.files, dataDir: opts.dataDir ?? './data' } });
    // Open SSE streams would keep app.close() waiting forever: end them first.
    app.addHook('preClose', async () => events.close());
    app.addHook('onClose', async () => auditAnchor.stop());
    await bootstrapAdmin(storage, opts, (level, msg) => {
      if (opts.logger) app.log[level](msg);
      else if (level === 'warn') console.warn(`[posko] ${msg}`);
    });
    const host = opts.host ?? '127.0.0.1';
    await app.listen({ host, port: opts.port ?? 4870 });
    const { port } = app.server.address() as AddressInfo;
    const sockets = new Set<Socket>();
    app.server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    const urlHost = host.includes(':') ? `[${host}]` : host;
    let closed = false;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      storage,
      app,
      close: async () => {
        if (closed) return;
        closed = true;
        // In-flight requests finish; a connection a client opened but never used would hold
        // close() until its headers timeout, so it goes now, and anything left after a grace period goes too.
        for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
        const grace = setTimeout(() => app.server.closeAllConnections(), 5000);
        try {
          await app.close();
        } finally {
          clearTimeout(grace);
        }
        await storage.close();
      },
    };
  } catch (err) {
    events.close();
    await auditAnchor.stop();
    await storage.close();
    throw err;
  }
}

// `npm run server`: the central sync API as a long-running service.
import { readEnv } from './config';
import { readFilesEnv } from './files/config';
import { startServer } from './index';

async function main(): Promise<void> {
  const env = readEnv();
  const server = await startServer({
    host: env.POSKO_HOST,
    port: env.POSKO_PORT,
    dataDir: env.POSKO_DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    adminUsername: env.POSKO_ADMIN_USERNAME,
    adminPassword: env.POSKO_ADMIN_PASSWORD,
    consoleDir: env.POSKO_CONSOLE_DIR,
    allowBrowserConsole: env.POSKO_ALLOW_BROWSER_CONSOLE,
    corsOrigins: env.POSKO_CORS_ORIGINS,
    sessionHours: env.POSKO_SESSION_HOURS,
    caseNumberTimeZone: env.POSKO_CASE_TIMEZONE,
    trustProxy: env.POSKO_TRUST_PROXY,
    timeouts: {
      headersMs: env.POSKO_HEADERS_TIMEOUT_MS,
      requestMs: env.POSKO_REQUEST_TIMEOUT_MS,
      idleMs: env.POSKO_IDLE_TIMEOUT_MS,
      keepAliveMs: env.POSKO_KEEP_ALIVE_TIMEOUT_MS,
    },
    loginLimit: {
      maxPerUser: env.POSKO_LOGIN_MAX_PER_USER,
      maxPerAddress: env.POSKO_LOGIN_MAX_PER_ADDRESS,
      windowMs: env.POSKO_LOGIN_WINDOW_MINUTES * 60_000,
    },
    logger: true,
    files: readFilesEnv(),
  });
  console.log(`Posko sync server listening on ${server.url} (${server.storage.kind})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, closing (in-flight requests finish first)`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

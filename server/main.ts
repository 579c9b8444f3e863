// `npm run server`: the central sync API as a long-running service.
import { readEnv } from './config';
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
    corsOrigins: env.POSKO_CORS_ORIGINS,
    sessionHours: env.POSKO_SESSION_HOURS,
    caseNumberTimeZone: env.POSKO_CASE_TIMEZONE,
    logger: true,
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

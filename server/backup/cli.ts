// The admin CLI's `backup` and `restore` (server/admin-cli.ts). They take the server's own
// configuration (POSKO_DATA_DIR, DATABASE_URL) and never open the database through Storage: a
// backup must not migrate what it copies, and a restore has nothing to open yet.
import path from 'node:path';
import type { ServerEnv } from '../config';
import { backup, restore } from './backup';
import { KEY_FILES } from './data-files';
import { describePostgres } from './pg-dump';
import { SQLITE_FILE } from './sqlite-copy';

/** Which database a command works on, for stderr (no password). */
export async function describeDatabase(
  env: Pick<ServerEnv, 'POSKO_DATA_DIR' | 'DATABASE_URL'>,
): Promise<string> {
  if (env.DATABASE_URL) return `PostgreSQL ${(await describePostgres(env.DATABASE_URL)).label}`;
  return `SQLite ${path.resolve(env.POSKO_DATA_DIR, SQLITE_FILE)}`;
}

export async function runBackupCommand(
  command: 'backup' | 'restore',
  values: Record<string, string | boolean | undefined>,
  env: ServerEnv,
): Promise<number> {
  const target = { dataDir: env.POSKO_DATA_DIR, databaseUrl: env.DATABASE_URL };
  const where = env.DATABASE_URL ? `PostgreSQL (DATABASE_URL)` : `SQLite`;
  if (command === 'backup') {
    const out = values.out;
    if (typeof out !== 'string' || !out) throw new Error('--out FILE is required');
    console.error(`backing up ${await describeDatabase(env)} and ${path.resolve(env.POSKO_DATA_DIR)}`);
    const manifest = await backup({ ...target, out, includeKeys: values['include-keys'] === true });
    if (!manifest.includesKeys)
      console.error(
        `keys are not in this backup: keep ${KEY_FILES.join(', ')} (or POSKO_AUDIT_SIGNING_KEY / POSKO_FILES_KEY) ` +
          'in a separate, safe place (docs/deployment.md, "Backups")',
      );
    console.log(JSON.stringify({ out: path.resolve(out), ...manifest, files: manifest.files.length }));
    return 0;
  }
  const from = values.from;
  if (typeof from !== 'string' || !from) throw new Error('--from FILE is required');
  console.error(
    `restoring ${path.resolve(from)} into ${where}, data directory ${path.resolve(env.POSKO_DATA_DIR)}`,
  );
  const manifest = await restore({ ...target, from });
  console.error(`restored; now: ${await describeDatabase(env)}`);
  if (!manifest.includesKeys)
    console.error('the backup held no keys: put the key files back before starting the server');
  console.log(JSON.stringify({ ...manifest, files: manifest.files.length }));
  return 0;
}

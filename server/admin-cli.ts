// `npm run admin -- <command>`: offices, accounts and audit checks straight on
// the database (no server needed). Passwords come from POSKO_PASSWORD or
// stdin, never from argv (argv shows up in `ps` and shell history).
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  createOffice,
  createUser,
  findOffice,
  findUser,
  OfficeInput,
  updateUser,
  UserInput,
} from './admin/service';
import { AuditAnchor } from './audit/anchor';
import { exportLines } from './audit/export';
import { loadExistingSigningKey, readSigningEnv, type SigningKey } from './audit/signing-config';
import { verifyAudit } from './audit/verify';
import { parseCheckpointFile, verifyExport } from './audit/verify-export';
import { readEnv } from './config';
import { describeDatabase, runBackupCommand } from './backup/cli';
import { listDevices, revokeDevice } from './devices/register';
import { ApiError, describeIssues, zodIssues } from './errors';
import { Storage } from './storage/storage';

const USAGE = `usage: npm run admin -- <command> [options]
  create-office  --code JKT --name "Jakarta"
  create-user    --username siti --display-name "Siti" --role operator|supervisor|admin|auditor [--office JKT]
  disable-user   --username siti
  enable-user    --username siti
  reset-password --username siti
  verify-audit                 chain, checkpoints and a replay of every record, on the database
  verify-audit   --export audit.jsonl --public-key audit-key.pub [--checkpoint kept.json]
                               offline: no database; proves the export up to its last checkpoint
  export-audit   [--out audit.jsonl]   entries and checkpoints (for verify-audit --export)
  checkpoint                   sign the audit head now; prints the checkpoint (keep a copy)
  audit-public-key             prints the public key checkpoints are verified with
  list-devices                 the device register (every console that signed in)
  revoke-device  --device ID   a lost laptop: its sessions end, it cannot sign in, it erases itself
  backup         --out posko-backup.tar.gz [--include-keys]
                               consistent copy while the server runs (SQLite backup API or pg_dump) + data files
  restore        --from posko-backup.tar.gz   into an EMPTY data directory / database only
Passwords: set POSKO_PASSWORD, or type/pipe it on stdin. Database: DATABASE_URL or POSKO_DATA_DIR.
Signing key: POSKO_AUDIT_SIGNING_KEY or POSKO_AUDIT_KEY_FILE (default <data dir>/audit-signing-key.pem).`;

const CLI_ACTOR = { id: null, deviceId: 'admin-cli' };

async function readPassword(): Promise<string> {
  if (process.env.POSKO_PASSWORD) return process.env.POSKO_PASSWORD;
  const rl = createInterface({
    input: process.stdin,
    output: process.stdin.isTTY ? process.stderr : undefined,
    terminal: process.stdin.isTTY,
  });
  if (process.stdin.isTTY) {
    process.stderr.write('password (not shown): ');
    // Mute the echo of typed characters.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  const line = await new Promise<string>((resolve) => {
    rl.once('line', resolve);
    rl.once('close', () => resolve(''));
  });
  rl.close();
  if (process.stdin.isTTY) process.stderr.write('\n');
  return line.replace(/\r$/, '');
}

function need(values: Record<string, string | undefined>, key: string): string {
  const v = values[key];
  if (!v) throw new Error(`--${key} is required\n${USAGE}`);
  return v;
}

/**
 * The server's signing key; `required`: fail without one (never create one beside the server's).
 * Otherwise `without` says what goes on without it.
 */
function signingKey(required: boolean, without = ''): SigningKey | null {
  const env = readSigningEnv();
  try {
    return loadExistingSigningKey({
      keyPem: env.POSKO_AUDIT_SIGNING_KEY,
      keyFile: env.POSKO_AUDIT_KEY_FILE,
      dataDir: readEnv().POSKO_DATA_DIR,
    });
  } catch (err) {
    if (required) throw err;
    console.error(`warning: ${err instanceof Error ? err.message : String(err)}; ${without}`);
    return null;
  }
}

/** Commands that need no database: the offline verifier and the public key. */
async function runOffline(
  command: string,
  values: Record<string, string | undefined>,
): Promise<number | null> {
  if (command === 'audit-public-key') {
    const key = signingKey(true)!;
    console.error(`key id ${key.keyId}`);
    process.stdout.write(key.publicKeyPem);
    return 0;
  }
  if (command !== 'verify-audit' || !values.export) return null;
  const publicKey = readFileSync(need(values, 'public-key'), 'utf8');
  const kept = values.checkpoint ? parseCheckpointFile(readFileSync(values.checkpoint, 'utf8')) : [];
  const lines = createInterface({ input: createReadStream(values.export), crlfDelay: Infinity });
  const check = await verifyExport(lines, { publicKey, kept });
  console.log(JSON.stringify(check));
  return check.ok ? 0 : 2;
}

async function run(
  storage: Storage,
  command: string,
  values: Record<string, string | undefined>,
): Promise<number> {
  switch (command) {
    case 'create-office': {
      const input = OfficeInput.parse({ code: need(values, 'code'), name: need(values, 'name') });
      console.log(JSON.stringify(await createOffice(storage, CLI_ACTOR, input)));
      return 0;
    }
    case 'create-user': {
      const officeRef = values.office;
      const office = officeRef ? await findOffice(storage.sql, officeRef) : undefined;
      if (officeRef && !office) throw new Error(`no office ${officeRef}`);
      const input = UserInput.parse({
        username: need(values, 'username'),
        displayName: values['display-name'] ?? need(values, 'username'),
        role: need(values, 'role'),
        officeId: office?.id ?? null,
        password: await readPassword(),
      });
      console.log(JSON.stringify(await createUser(storage, CLI_ACTOR, input)));
      return 0;
    }
    case 'disable-user':
    case 'enable-user':
    case 'reset-password': {
      const user = await findUser(storage.sql, need(values, 'username'));
      if (!user) throw new Error(`no user ${values.username}`);
      const patch =
        command === 'reset-password'
          ? { password: await readPassword() }
          : { disabled: command === 'disable-user' };
      console.log(JSON.stringify(await updateUser(storage, CLI_ACTOR, user.id, patch)));
      return 0;
    }
    case 'verify-audit': {
      const check = await verifyAudit(storage.sql, signingKey(false, 'checkpoint signatures not checked'));
      console.log(JSON.stringify(check));
      return check.ok ? 0 : 2;
    }
    case 'export-audit': {
      const out: NodeJS.WritableStream = values.out
        ? createWriteStream(values.out, { mode: 0o600 })
        : process.stdout;
      let last = 0;
      for await (const line of exportLines(
        storage.sql,
        signingKey(false, 'the export header names no key'),
      )) {
        if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        if (line.startsWith('{"export":'))
          last = (JSON.parse(line) as { export: { headSeq: number } }).export.headSeq;
      }
      if (out !== process.stdout) await new Promise<void>((resolve) => out.end(() => resolve()));
      // Exports of personal data are audited too.
      await storage.write((tx) =>
        tx.audit({
          action: 'audit.export',
          outcome: 'ok',
          deviceId: CLI_ACTOR.deviceId,
          detail: `up to seq ${last}`,
        }),
      );
      return 0;
    }
    case 'checkpoint': {
      const result = await new AuditAnchor(storage, signingKey(true)!).checkpoint();
      await storage.write((tx) =>
        tx.audit({
          action: 'audit.checkpoint',
          outcome: result.refused ? 'refused' : 'ok',
          deviceId: CLI_ACTOR.deviceId,
          detail: result.refused ?? `checkpoint ${result.checkpoint?.n} at seq ${result.checkpoint?.seq}`,
        }),
      );
      console.log(JSON.stringify(result));
      return result.refused ? 2 : 0;
    }
    case 'list-devices':
      console.log(JSON.stringify(await listDevices(storage.sql)));
      return 0;
    case 'revoke-device': {
      // Open event streams on a running server end at its next session check (within 5 s).
      console.log(JSON.stringify(await revokeDevice(storage, CLI_ACTOR, need(values, 'device'))));
      return 0;
    }
    default:
      console.error(USAGE);
      return 1;
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      code: { type: 'string' },
      name: { type: 'string' },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      role: { type: 'string' },
      office: { type: 'string' },
      out: { type: 'string' },
      export: { type: 'string' },
      'public-key': { type: 'string' },
      checkpoint: { type: 'string' },
      from: { type: 'string' },
      device: { type: 'string' },
      'include-keys': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? '';
  // Usage needs no database: print it before any is opened.
  if (values.help || command === 'help' || command === '') {
    console.log(USAGE);
    process.exitCode = command === '' && !values.help ? 1 : 0;
    return;
  }
  const strings = values as Record<string, string | undefined>;
  const offline = await runOffline(command, strings);
  if (offline !== null) {
    process.exitCode = offline;
    return;
  }
  const env = readEnv();
  if (command === 'backup' || command === 'restore') {
    process.exitCode = await runBackupCommand(command, values, env);
    return;
  }
  // The same configuration as the server: say which database this writes to.
  console.error(`database: ${await describeDatabase(env)}`);
  const storage = await Storage.open({ dataDir: env.POSKO_DATA_DIR, databaseUrl: env.DATABASE_URL });
  try {
    process.exitCode = await run(storage, command, strings);
  } finally {
    await storage.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof ApiError) console.error(`${err.code}: ${err.message}`);
  else if (err && typeof err === 'object' && 'issues' in err)
    console.error(describeIssues(zodIssues(err as never)));
  else console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

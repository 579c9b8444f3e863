// `npm run admin -- <command>`: offices, accounts and audit checks straight on
// the database (no server needed). Passwords come from POSKO_PASSWORD or
// stdin, never from argv (argv shows up in `ps` and shell history).
import { createWriteStream } from 'node:fs';
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
import { rowToEntry } from './audit/entry';
import { verifyAudit } from './audit/query';
import { readEnv } from './config';
import { ApiError, describeIssues, zodIssues } from './errors';
import { Storage } from './storage/storage';
import type { AuditRow } from './storage/types';

const USAGE = `usage: npm run admin -- <command> [options]
  create-office  --code JKT --name "Jakarta"
  create-user    --username siti --display-name "Siti" --role operator|supervisor|admin|auditor [--office JKT]
  disable-user   --username siti
  enable-user    --username siti
  reset-password --username siti
  verify-audit
  export-audit   [--out audit.jsonl]
Passwords: set POSKO_PASSWORD, or type/pipe it on stdin. Database: DATABASE_URL or POSKO_DATA_DIR.`;

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
      const check = await verifyAudit(storage.sql);
      console.log(JSON.stringify(check));
      return check.ok ? 0 : 2;
    }
    case 'export-audit': {
      const out = values.out ? createWriteStream(values.out) : process.stdout;
      let after = 0;
      for (;;) {
        const rows = await storage.sql.all<AuditRow>(
          'SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT 2000',
          [after],
        );
        if (!rows.length) break;
        for (const row of rows) out.write(`${JSON.stringify(rowToEntry(row))}\n`);
        after = Number(rows[rows.length - 1]?.seq);
      }
      if (out !== process.stdout) await new Promise<void>((resolve) => out.end(() => resolve()));
      // Exports of personal data are audited too.
      await storage.write((tx) =>
        tx.audit({
          action: 'audit.export',
          outcome: 'ok',
          deviceId: CLI_ACTOR.deviceId,
          detail: `up to seq ${after}`,
        }),
      );
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
    },
  });
  const env = readEnv();
  const storage = await Storage.open({ dataDir: env.POSKO_DATA_DIR, databaseUrl: env.DATABASE_URL });
  try {
    process.exitCode = await run(storage, positionals[0] ?? '', values);
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

// `npm run test:crash:files` (`node --import tsx tests/crash/files-crash-run.ts [--kills 20] [--db both]`):
// the full crash run of document uploads, 1-25 MB files, 1 MiB chunks. Prints the report and keeps
// it in tests/crash/files-results.json; exit code 1 on any finding.
import { writeFileSync } from 'node:fs';
import type { DbKind } from '../load/server-process';
import { runFilesCrashScenario } from './files-crash-scenario';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const kills = Number(arg('kills', '20'));
const db = arg('db', 'both');
const dbs: DbKind[] = db === 'both' ? ['sqlite', 'postgres'] : [db as DbKind];
const chunk = 1024 * 1024;
const results: Record<string, unknown>[] = [];
let ok = true;
for (const kind of dbs) {
  const r = await runFilesCrashScenario(kind, {
    kills,
    minMb: 1,
    maxMb: 25,
    chunkBytes: chunk,
    minUpMs: 300,
    maxUpMs: 1500,
    log: (m) => console.log(`[${kind}] ${m}`),
  });
  const good =
    r.kills === kills &&
    r.problems.length === 0 &&
    r.badDownloads === 0 &&
    r.lostAcknowledgedBytes === 0 &&
    r.maxResentBytes <= chunk;
  ok &&= good;
  console.log(`[${kind}] ${good ? 'OK' : 'FAILED'}: ${JSON.stringify(r)}`);
  results.push({ db: kind, ok: good, chunkBytes: chunk, ...r });
}
writeFileSync(
  'tests/crash/files-results.json',
  `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`,
);
process.exit(ok ? 0 : 1);

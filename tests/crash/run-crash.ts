// `npx tsx tests/crash/run-crash.ts [--kills 20] [--db sqlite|postgres|both] [--clients 4] [--out file.json]`
// The full crash-safety run outside vitest: prints the report, exit code 1 on any loss,
// duplicate, rejection, undrained outbox or broken audit chain.
import { writeFileSync } from 'node:fs';
import { machine } from '../bench/harness';
import type { DbKind } from '../load/server-process';
import { runCrashScenario } from './crash-scenario';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const kills = Number(arg('kills', '20'));
const clients = Number(arg('clients', '4'));
const db = arg('db', 'both');
const dbs: DbKind[] = db === 'both' ? ['sqlite', 'postgres'] : [db as DbKind];
const out = arg('out', 'tests/crash/results.json');
const results: Record<string, unknown>[] = [];
let ok = true;
for (const kind of dbs) {
  const r = await runCrashScenario(kind, {
    kills,
    clients,
    batch: 10,
    minUpMs: 300,
    maxUpMs: 1500,
    log: (m) => console.log(`[${kind}] ${m}`),
  });
  const good =
    r.undrained === 0 &&
    r.acknowledged === r.generated &&
    r.rejected.length === 0 &&
    r.auditProblems.length === 0 &&
    r.recordProblems.length === 0 &&
    r.auditVerify.ok;
  ok &&= good;
  console.log(
    `[${kind}] ${good ? 'OK' : 'FAILED'}: ${r.kills} kills, ${r.generated} generated, ${r.acknowledged} acknowledged, ` +
      `${r.retriedBatches} retried batches, ${r.duplicatesReturned} duplicates returned, ${r.undrained} undrained, ` +
      `audit ${r.auditVerify.ok ? 'verified' : 'BROKEN'} (${r.auditVerify.entries} entries)`,
  );
  for (const p of [...r.auditProblems, ...r.recordProblems].slice(0, 20)) console.log(`  ${p}`);
  results.push({
    db: kind,
    ok: good,
    kills: r.kills,
    clients,
    generated: r.generated,
    acknowledged: r.acknowledged,
    retriedBatches: r.retriedBatches,
    duplicatesReturned: r.duplicatesReturned,
    rejected: r.rejected.length,
    undrained: r.undrained,
    auditProblems: r.auditProblems.length,
    recordProblems: r.recordProblems.length,
    auditVerify: r.auditVerify,
  });
}
// The report of the last full run, summarized in docs/benchmarks.md by `npm run bench`.
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), results }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
process.exitCode = ok ? 0 : 1;

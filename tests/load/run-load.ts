// `npx tsx tests/load/run-load.ts [--db sqlite|postgres|both] [--clients 200] [--seconds 300]
//   [--think-ms 500] [--quick] [--out path.json]`
// Load and soak of the sync server on 127.0.0.1; stops by itself. --quick = 50 clients, 20 s.
// Exit code 1 when a request failed, a mutation was rejected or the audit chain does not verify.
import { writeFileSync } from 'node:fs';
import { machine } from '../bench/harness';
import { runLoad, type LoadSummary } from './load-run';
import type { DbKind } from './server-process';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const quick = process.argv.includes('--quick');
const dbArg = arg('db') ?? 'both';
const dbs: DbKind[] = dbArg === 'both' ? ['sqlite', 'postgres'] : [dbArg as DbKind];
if (!dbs.every((d) => d === 'sqlite' || d === 'postgres')) throw new Error(`--db: sqlite, postgres or both`);
const clients = Number(arg('clients') ?? (quick ? 50 : 200));
const seconds = Number(arg('seconds') ?? (quick ? 20 : 300));
const thinkMs = Number(arg('think-ms') ?? 500);
if (!(clients >= 1 && clients <= 2000 && seconds >= 1 && seconds <= 3600))
  throw new Error('--clients 1..2000, --seconds 1..3600');

function print(s: LoadSummary): void {
  const f = (n: number) => n.toFixed(1);
  console.log(`\n== ${s.db}: ${s.clients} clients, ${f(s.seconds)} s`);
  console.log(
    `throughput: ${f(s.mutationsPerSecond)} mutations/s (${s.mutations}), ${f(s.pullsPerSecond)} pulls/s (${s.pulls}), ${s.pokesReceived} pokes; one client alone: ${f(s.baselineMutationsPerSecond)} mutations/s`,
  );
  for (const [kind, l] of Object.entries(s.latencyMs))
    console.log(
      `  ${kind.padEnd(20)} n=${String(l.count).padStart(6)}  p50 ${f(l.p50)} ms  p95 ${f(l.p95)} ms  p99 ${f(l.p99)} ms  max ${f(l.max)} ms`,
    );
  console.log(
    `errors: ${s.errors}, rejected: ${s.rejected}${s.errorSamples.length ? `\n  ${s.errorSamples.join('\n  ')}` : ''}`,
  );
  console.log(
    `RSS: first ${s.rss.windowSeconds} s median ${(s.rss.firstWindowMedianKiB / 1024).toFixed(1)} MiB, last ${s.rss.windowSeconds} s median ${(s.rss.lastWindowMedianKiB / 1024).toFixed(1)} MiB, slope ${f(s.rss.slopeKiBPerMinute / 1024)} MiB/min`,
  );
  console.log(
    `audit chain: ${s.audit.ok ? 'verified' : `BROKEN at ${s.audit.firstBrokenSeq}`} (${s.audit.entries} entries)`,
  );
}

const results: LoadSummary[] = [];
for (const db of dbs) {
  const summary = await runLoad({
    db,
    clients,
    seconds,
    thinkMs,
    sseShare: 0.25,
    baselineSeconds: quick ? 3 : 10,
    log: (m) => console.log(`[${db}] ${m}`),
  });
  print(summary);
  results.push(summary);
}
const out = arg('out');
if (out) {
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), quick, results }, null, 2)}\n`,
  );
  console.log(`\nwrote ${out}`);
}
process.exitCode = results.every((r) => r.errors === 0 && r.rejected === 0 && r.audit.ok) ? 0 : 1;

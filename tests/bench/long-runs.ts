// The long proofs of issue 6 run from their own scripts, not from `npm run bench`
// (a 5-minute soak per database, 20 SIGKILLs per database, 10,000 fuzz requests
// per database). Each script keeps its last full run in a JSON file committed
// beside it; the report summarizes those files here, with their own date and
// machine, so docs/benchmarks.md shows every figure in one place.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const Latency = z.object({ count: z.number(), p50: z.number(), p95: z.number(), p99: z.number() });
const LoadFile = z.object({
  date: z.string(),
  machine: z.string().optional(),
  quick: z.boolean(),
  results: z.array(
    z.object({
      db: z.string(),
      clients: z.number(),
      seconds: z.number(),
      mutationsPerSecond: z.number(),
      pullsPerSecond: z.number(),
      baselineMutationsPerSecond: z.number(),
      latencyMs: z.record(z.string(), Latency),
      errors: z.number(),
      rejected: z.number(),
      rss: z.object({
        firstWindowMedianKiB: z.number(),
        lastWindowMedianKiB: z.number(),
        slopeKiBPerMinute: z.number(),
        windowSeconds: z.number(),
      }),
      audit: z.object({ ok: z.boolean(), entries: z.number() }),
    }),
  ),
});
const CrashFile = z.object({
  date: z.string(),
  machine: z.string(),
  results: z.array(
    z.object({
      db: z.string(),
      ok: z.boolean(),
      kills: z.number(),
      generated: z.number(),
      acknowledged: z.number(),
      duplicatesReturned: z.number(),
      undrained: z.number(),
      auditVerify: z.object({ ok: z.boolean(), entries: z.number() }),
    }),
  ),
});
const FuzzFile = z.record(
  z.string(),
  z.object({
    date: z.string(),
    machine: z.string(),
    requests: z.number(),
    statuses: z.record(z.string(), z.number()),
  }),
);

function read<T extends z.ZodType>(schema: T, file: string): z.output<T> | string {
  if (!existsSync(file)) return `not run yet (${file} missing)`;
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : `unreadable ${file}: ${parsed.error.issues[0]?.message ?? ''}`;
}

const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

function soak(file: string): string[] {
  const load = read(LoadFile, file);
  if (typeof load === 'string') return [`- ${load}`];
  const rows = load.results.map((r) => {
    const lat = (kind: string) => {
      const l = r.latencyMs[kind];
      return l ? `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}` : '–';
    };
    return (
      `| ${r.db} | ${r.clients} × ${Math.round(r.seconds)} s | ${r.mutationsPerSecond.toFixed(0)} mut/s, ${r.pullsPerSecond.toFixed(0)} pulls/s ` +
      `(one client alone ${r.baselineMutationsPerSecond.toFixed(0)} mut/s) | ${lat('push new cases')} | ${lat('pull')} | ` +
      `${r.errors + r.rejected === 0 ? '0' : `**${r.errors} errors, ${r.rejected} rejected**`} | ` +
      `${mib(r.rss.firstWindowMedianKiB)} → ${mib(r.rss.lastWindowMedianKiB)} (${(r.rss.slopeKiBPerMinute / 1024).toFixed(2)} MiB/min) | ` +
      `${r.audit.ok ? 'verified' : '**broken**'} (${r.audit.entries}) |`
    );
  });
  return [
    `Soak, \`npm run load\` (${load.date}${load.quick ? ', quick' : ''}; ${load.machine ?? 'machine not recorded'}). Targets: 0 errors, flat memory, audit verified.`,
    '',
    '| db | clients × time | throughput | push p50/p95/p99 | pull p50/p95/p99 | errors | server RSS first → last window | audit |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ];
}

function crash(file: string): string[] {
  const c = read(CrashFile, file);
  if (typeof c === 'string') return [`- ${c}`];
  return [
    `Crash safety, \`npm run test:crash\` (${c.date}; ${c.machine}). Target: nothing acknowledged lost, nothing duplicated, outboxes drain, audit verified.`,
    '',
    '| db | result | SIGKILLs | acknowledged / generated | duplicates answered on retry | undrained | audit |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...c.results.map(
      (r) =>
        `| ${r.db} | ${r.ok ? 'pass' : '**FAILED**'} | ${r.kills} | ${r.acknowledged} / ${r.generated} | ${r.duplicatesReturned} | ${r.undrained} | ${r.auditVerify.ok ? 'verified' : '**broken**'} (${r.auditVerify.entries}) |`,
    ),
  ];
}

function fuzz(file: string): string[] {
  const f = read(FuzzFile, file);
  if (typeof f === 'string') return [`- ${f}`];
  return [
    'Bad input, `npm run test:fuzz` (runs only reach this file when every check passed: no 5xx, documented error shape, database unchanged). ',
    '',
    '| db | date | requests | 5xx | statuses |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(f).map(([db, r]) => {
      const fivexx = Object.entries(r.statuses)
        .filter(([s]) => Number(s) >= 500)
        .reduce((n, [, c]) => n + c, 0);
      const statuses = Object.entries(r.statuses)
        .map(([s, c]) => `${s}: ${c}`)
        .join(', ');
      return `| ${db} | ${r.date} | ${r.requests} | ${fivexx} | ${statuses} |`;
    }),
  ];
}

export function longRunsMarkdown(): string[] {
  return [
    '## Long runs',
    '',
    'Run by their own scripts (not by `npm run bench`), each with its date and machine. On a 2-core machine',
    'the load generator shares the cores with the server: latencies are upper bounds, errors must be 0.',
    '',
    ...soak('tests/load/results.json'),
    '',
    ...crash('tests/crash/results.json'),
    '',
    ...fuzz('tests/fuzz/results.json'),
    '',
  ];
}

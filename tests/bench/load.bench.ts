// Load summary for `npm run bench`: the quick load run (50 clients, 20 s; in
// full mode 200 clients, 60 s) per database, each figure beside a baseline
// measured in the same run: throughput beside one client pushing alone on the
// same server, latency beside GET /v1/health under the same load.
import { runLoad, type LoadSummary } from '../load/load-run';
import type { DbKind } from '../load/server-process';
import { latencyFigure, type BenchFigure, type BenchSuite } from './harness';

const DBS: DbKind[] = (process.env.POSKO_BENCH_DBS?.split(',') as DbKind[] | undefined) ?? [
  'sqlite',
  'postgres',
];

function figures(s: LoadSummary): BenchFigure[] {
  const label = `${s.db}, ${s.clients} clients`;
  const health = s.latencyMs['health (baseline)'];
  const out: BenchFigure[] = [
    {
      name: `load ${label}: mutations/s`,
      value: s.mutationsPerSecond,
      unit: 'mutations/s',
      baseline: s.baselineMutationsPerSecond,
      baselineLabel: 'one client pushing alone, same server',
      ratio: s.mutationsPerSecond / s.baselineMutationsPerSecond,
      target: 'informational (clients pause like people; errors must be 0)',
      meetsTarget: null,
    },
    {
      name: `load ${label}: errors`,
      value: s.errors + s.rejected,
      unit: 'count',
      baseline: 0,
      baselineLabel: 'target',
      ratio: s.errors + s.rejected === 0 ? 1 : 0,
      target: '= 0',
      meetsTarget: s.errors + s.rejected === 0,
      note: s.errorSamples[0],
    },
    {
      name: `load ${label}: RSS growth last vs first window`,
      value: s.rss.lastWindowMedianKiB / 1024,
      unit: 'MiB',
      baseline: s.rss.firstWindowMedianKiB / 1024,
      baselineLabel: `median RSS of the first ${s.rss.windowSeconds} s`,
      ratio: s.rss.lastWindowMedianKiB / Math.max(1, s.rss.firstWindowMedianKiB),
      target: 'flat (≤ 1.2× the first window)',
      meetsTarget: s.rss.lastWindowMedianKiB <= 1.2 * s.rss.firstWindowMedianKiB,
      note: `slope ${(s.rss.slopeKiBPerMinute / 1024).toFixed(1)} MiB/min`,
    },
    {
      name: `load ${label}: audit chain verified`,
      value: s.audit.ok ? 1 : 0,
      unit: 'bool',
      baseline: 1,
      baselineLabel: 'target',
      ratio: s.audit.ok ? 1 : 0,
      target: 'verified',
      meetsTarget: s.audit.ok,
      note: `${s.audit.entries} entries`,
    },
  ];
  for (const [kind, l] of Object.entries(s.latencyMs)) {
    if (kind === 'health (baseline)' || !health) continue;
    out.push(
      latencyFigure(
        `load ${label}: ${kind} p95`,
        l.p95,
        health.p95,
        'GET /v1/health p95 under the same load',
        null,
      ),
    );
  }
  return out;
}

export const loadSuite: BenchSuite = {
  name: 'load (server process, simulated consoles)',
  async run(ctx) {
    const out: BenchFigure[] = [];
    for (const db of DBS) {
      const summary = await runLoad({
        db,
        clients: ctx.quick ? 50 : 200,
        seconds: ctx.quick ? 20 : 60,
        thinkMs: 500,
        sseShare: 0.25,
        baselineSeconds: 3,
        log: (m) => ctx.log(`[${db}] ${m}`),
      });
      ctx.log(
        `${db}: ${summary.mutationsPerSecond.toFixed(1)} mutations/s, ${summary.pullsPerSecond.toFixed(1)} pulls/s, errors ${summary.errors}`,
      );
      out.push(...figures(summary));
    }
    return out;
  },
};

// The sync wire (issue 15): a first sync of N cases (full 100,000, quick 10,000) from one server
// on SQLite, pulled the way the console's engine pulls (pages of 1,000), in two modes measured
// in the same run, rounds interleaved so that a busy moment of the machine hits both:
// - before: what every console got until now: full records (every schema default), no
//   compression, the stored bytes spliced. Records are stored compact now, so for each "before"
//   pull the bench rewrites the stored rows full (as the server before stored them, outside the
//   timing) and pulls them as stored: the old bytes through the old server path;
// - after: what the console asks for now: compact records (?compact=<schema version>) and
//   Accept-Encoding as a browser sends it (the server answers brotli, quality 4).
// Figures: bytes per case on the wire (socket bytes, headers included; target <= 350; gzip, for a
// client without brotli, beside it); the speed of the wire and parse alone from a Node worker
// (no IndexedDB: where the wire's CPU cost shows; informational); and the console's own first
// sync in Chromium into IndexedDB, before vs after in the same run (target: no lower than before,
// ratio >= 1.00).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION, type SyncedTable } from '../../shared/domain/record';
import type { Mutation } from '../../shared/sync/protocol';
import { compactRecord, expandRecord } from '../../shared/sync/wire';
import { launchChromium } from '../e2e/helpers/browser';
import { startConsoleServer } from '../e2e/helpers/console-server';
import { postFromThread } from './client-thread';
import { medianOf, rateFigure, type BenchFigure, type BenchSuite } from './harness';
import { PULL_LIMIT } from './sync-page';
import type { WireJob, WireMode, WireResult } from './wire-client';
import { caseMaker } from './wire-cases';
import { engineFirstSync, type EngineRun, type EngineVariant } from './wire-engine';

const BATCH = 500;
const BYTES_TARGET = 350;

// The worker loads wire-client.ts through tsx's API: a worker does not get the parent's loader.
const CLIENT = new URL('./wire-client.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');
const BOOT = `import(${JSON.stringify(TSX)}).then((tsx) => tsx.tsImport(${JSON.stringify(CLIENT)}, ${JSON.stringify(CLIENT)}))`;

function runClient(job: WireJob): Promise<WireResult> {
  const worker = new Worker(BOOT, { eval: true, workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: WireResult | { error: string }) => {
      void worker.terminate();
      if ('error' in m) reject(new Error(m.error));
      else resolve(m);
    });
    worker.once('error', reject);
  });
}

const perCase = (r: WireResult) => r.socketBytes / r.records;

type StoredAs = 'full' | 'compact';

/**
 * Rewrites every stored record full (as a server before compact storage wrote it) or compact (as
 * the server writes it now), through a second connection to the server's SQLite file while the
 * server is idle. Same records, same seq: only the bytes in `data` change.
 */
function storeRecords(dataDir: string, as: StoredAs): void {
  const db = new Database(join(dataDir, 'posko.sqlite'));
  try {
    db.pragma('busy_timeout = 30000');
    const rows = db.prepare('SELECT table_name, id, data FROM records').all() as {
      table_name: SyncedTable;
      id: string;
      data: string;
    }[];
    const put = db.prepare('UPDATE records SET data = ? WHERE table_name = ? AND id = ?');
    db.transaction(() => {
      for (const r of rows) {
        const full = expandRecord(r.table_name, JSON.parse(r.data) as Record<string, unknown>);
        put.run(JSON.stringify(as === 'full' ? full : compactRecord(r.table_name, full)), r.table_name, r.id);
      }
    })();
  } finally {
    db.close();
  }
}

/** before: the wire and loop until now; after: as the console pulls now; the rest for comparison. */
const VARIANTS = {
  before: { mode: 'stored', prefetch: false },
  /** A client that asks for nothing (an older one): full records restored from compact rows. */
  oldClient: { mode: 'full', prefetch: false },
  after: { mode: 'compact-br', prefetch: true },
  afterInSequence: { mode: 'compact-br', prefetch: false },
  gzip: { mode: 'compact-gzip', prefetch: true },
} as const satisfies Record<string, { mode: WireMode; prefetch: boolean }>;
type Variant = keyof typeof VARIANTS;
const TIMED: Variant[] = ['before', 'after', 'afterInSequence'];

export const wireSuite: BenchSuite = {
  name: 'sync wire (first sync bytes and speed)',
  async run(ctx) {
    const n = ctx.quick ? 10_000 : 100_000;
    const rounds = ctx.quick ? 3 : 5;
    const engineRounds = ctx.quick ? 1 : 2;
    const srv = await startConsoleServer();
    const browser = await launchChromium();
    try {
      const base = srv.url.replace(/\/$/, '');
      const { op1, op2 } = srv.users;
      const seeder = { token: await srv.login(op2.username, op2.password), deviceId: 'e2e-setup' }; // the device srv.login signs in from;
      // The engine signs in as op1 (openConsolePage); the Node client reads with op1's token too.
      const reader = { token: await srv.login(op1.username, op1.password) };
      const make = caseMaker();
      const bodies: string[] = [];
      for (let done = 0; done < n; done += BATCH) {
        const mutations: Mutation[] = Array.from({ length: Math.min(BATCH, n - done) }, (_, k) =>
          make(done + k),
        );
        bodies.push(JSON.stringify({ deviceId: seeder.deviceId, schemaVersion: SCHEMA_VERSION, mutations }));
      }
      const seedMs = await postFromThread(`${base}/v1/sync/push`, seeder.token, bodies, 'applied');
      ctx.log(`seeded ${n.toLocaleString('en')} varied cases in ${seedMs.toFixed(0)} ms`);

      let storedAs: StoredAs = 'compact';
      const storeAs = (as: StoredAs) => {
        if (as !== storedAs) storeRecords(srv.dataDir, as);
        storedAs = as;
      };
      // Rows full for "before" only (outside the timing); everything else reads them as stored now.
      const pull = (variant: Variant) => {
        storeAs(variant === 'before' ? 'full' : 'compact');
        return runClient(job(variant));
      };
      const job = (variant: Variant): WireJob => ({
        url: `${base}/v1/sync/pull`,
        token: reader.token,
        limit: PULL_LIMIT,
        ...VARIANTS[variant],
      });
      // One untimed pass of each warms the JIT of server and worker alike.
      for (const variant of TIMED) await pull(variant);
      const runs: Record<Variant, WireResult[]> = {
        before: [],
        oldClient: [],
        after: [],
        afterInSequence: [],
        gzip: [],
      };
      for (let round = 0; round < rounds; round++) {
        // Rotate which variant goes first, so none always follows another.
        for (let k = 0; k < TIMED.length; k++) {
          const variant = TIMED[(round + k) % TIMED.length]!;
          runs[variant].push(await pull(variant));
        }
      }
      runs.gzip.push(await pull('gzip'));
      runs.oldClient.push(await pull('oldClient'));
      for (const [variant, list] of Object.entries(runs)) {
        const r = list[0]!;
        if (r.records !== n) throw new Error(`${variant}: pulled ${r.records} records, expected ${n}`);
        ctx.log(
          `${variant}: ${(r.socketBytes / 1e6).toFixed(1)} MB on the socket (${perCase(r).toFixed(0)} B/case; ` +
            `JSON ${(r.jsonBytes / r.records).toFixed(0)} B/case), ${list.map((x) => x.ms.toFixed(0)).join(', ')} ms`,
        );
      }
      const beforeBytes = perCase(runs.before[0]!);
      const beforeMs = medianOf(runs.before.map((r) => r.ms));
      const label = `first sync of ${n.toLocaleString('en')} cases`;
      const bytes = (name: string, value: number): BenchFigure => ({
        name,
        value,
        unit: 'bytes/case',
        baseline: beforeBytes,
        baselineLabel: 'full records, uncompressed: the wire until now, same cases, same run',
        ratio: value / beforeBytes,
        target: `≤ ${BYTES_TARGET} bytes/case`,
        meetsTarget: value <= BYTES_TARGET,
      });
      // Without IndexedDB this is where the wire's CPU shows (server compaction and compression,
      // inflating, restoring): informational. The target is on the console's own first sync below.
      const speed = (name: string, list: WireResult[]) =>
        rateFigure(
          name,
          n,
          medianOf(list.map((r) => r.ms)),
          n,
          beforeMs,
          'the same first sync as until now: records stored full and spliced as stored, uncompressed, one page after the other (median, rounds interleaved)',
          null,
          'records/s',
        );
      const what = `pages of ${PULL_LIMIT}, fetch + inflate + parse + restore + schema parse, client on its own thread, median of ${rounds}`;
      const figures: BenchFigure[] = [
        bytes(`${label}: bytes per case on the wire (compact records, brotli q4)`, perCase(runs.after[0]!)),
        bytes(`${label}: bytes per case on the wire (compact records, gzip 6)`, perCase(runs.gzip[0]!)),
        speed(
          `${label}, wire and parse only (no IndexedDB): compact, brotli, next page fetched during apply (${what})`,
          runs.after,
        ),
        speed(
          `${label}, wire and parse only (no IndexedDB): compact, brotli, one page after the other (${what})`,
          runs.afterInSequence,
        ),
        speed(
          `${label}, wire and parse only (no IndexedDB): a client that asks for nothing (full records restored by the server from compact rows, uncompressed; one run)`,
          runs.oldClient,
        ),
      ];
      // The console's own first sync in Chromium, wire until now vs now, rounds interleaved.
      const head = runs.before[0]!.cursor;
      const engine: Record<EngineVariant, EngineRun[]> = { before: [], after: [] };
      for (let round = 0; round < engineRounds; round++) {
        for (const variant of round % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const)) {
          storeAs(variant === 'before' ? 'full' : 'compact');
          const run = await engineFirstSync(browser, srv.url, head, variant, ctx.quick ? 120_000 : 900_000);
          if (run.stored !== n)
            throw new Error(`engine ${variant}: stored ${run.stored} cases, expected ${n}`);
          engine[variant].push(run);
          ctx.log(
            `engine ${variant}: ${run.ms.toFixed(0)} ms, ${(run.transferBytes / 1e6).toFixed(1)} MB transferred ` +
              `(${(run.transferBytes / n).toFixed(0)} B/case; decoded ${(run.decodedBytes / n).toFixed(0)} B/case)`,
          );
        }
      }
      const engineFigure = rateFigure(
        `${label}: the console's first sync in Chromium into IndexedDB, new wire (compact, brotli; engine pages of ${PULL_LIMIT}, best of ${engineRounds})`,
        n,
        Math.min(...engine.after.map((r) => r.ms)),
        n,
        Math.min(...engine.before.map((r) => r.ms)),
        'the same engine and page on the wire until now: records stored full and each pull rewritten to no compression, so the server splices full stored bytes as before (both variants routed through Playwright; best of the same number of runs)',
        null,
        'records/s',
      );
      engineFigure.target = 'no lower than before (ratio ≥ 1.00)';
      engineFigure.meetsTarget = engineFigure.ratio >= 1;
      figures.push(
        bytes(
          `${label}: bytes per case on the wire in Chromium (engine, resource timing transferSize)`,
          medianOf(engine.after.map((r) => r.transferBytes / n)),
        ),
        engineFigure,
      );
      figures.forEach((f) => (f.note = 'server on SQLite, HTTP 127.0.0.1; socket bytes incl. headers'));
      return figures;
    } finally {
      await browser.close();
      await srv.close();
    }
  },
};

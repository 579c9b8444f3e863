// Sync server benchmarks (issue 3), on SQLite and on PostgreSQL. Everything
// goes through the real HTTP API: a server started in this process on
// 127.0.0.1 (port 0) and called with fetch, so JSON encoding on both sides,
// auth and routing are inside every figure. The push-throughput figure sends
// from a worker thread (client-thread.ts): its request bodies are built before
// timing and the client's work stays off the server's event loop. Each figure sits beside a
// baseline measured in the same run on the same database: the raw SQL cost of
// writing or reading the same rows, so the ratio is "what the protocol costs on
// top of the database".
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import type { Mutation, MutationResult } from '../../shared/sync/protocol';
import type { Sql } from '../../server/storage/types';
import {
  createCaseMutation,
  updateMutation,
  withServer,
  type DbKind,
  type Session,
  type TestServer,
} from '../server/helpers';
import { postFromThread, pullFromThread } from './client-thread';
import { latencyFigure, rateFigure, type BenchContext, type BenchFigure, type BenchSuite } from './harness';

const BATCH = 500;
const SMALL = 100;
const REPEAT = 9;
/** Untimed rounds of edits first: the update path has not run in this process yet (V8 compiles it). */
const WARM_EDITS = 2;

const BENCH_DBS: DbKind[] = (process.env.POSKO_BENCH_DBS?.split(',') as DbKind[] | undefined) ?? [
  'sqlite',
  'postgres',
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Median duration of `times` sequential runs; `fn` gets the run index. */
async function medianOf(times: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push(await timed(() => fn(i)));
  return median(out);
}

function expectOutcomes(results: MutationResult[], outcome: MutationResult['outcome'], what: string): void {
  const bad = results.find((r) => r.outcome !== outcome);
  if (bad) throw new Error(`${what}: expected ${outcome}, got ${JSON.stringify(bad)}`);
}

/** Copies of the tables a push writes, without data: the raw baselines write the same rows here. */
async function createRawTables(srv: TestServer): Promise<void> {
  const sql = srv.storage.sql;
  for (const t of ['records', 'audit', 'mutations']) {
    await sql.run(`CREATE TABLE bench_${t} AS SELECT * FROM ${t} WHERE 1 = 0`);
  }
  await sql.run('CREATE UNIQUE INDEX bench_records_pk ON bench_records (table_name, id)');
}

/** Raw INSERTs of the given rows (one statement per row) in one transaction. */
async function rawInsert(srv: TestServer, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!);
  const statement = `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
  await srv.storage.driver.transaction(async (tx) => {
    for (const row of rows)
      await tx.run(
        statement,
        cols.map((c) => row[c]),
      );
  });
}

async function pushBench(srv: TestServer, operator: Session, n: number, log: (m: string) => void) {
  const head = await srv.storage.headSeq();
  const auditHead = Number(
    (await srv.storage.sql.get<{ value: number }>("SELECT value FROM counters WHERE name = 'audit'"))?.value,
  );
  const batches = Array.from({ length: n / BATCH }, () =>
    Array.from({ length: BATCH }, () => createCaseMutation()),
  );
  const bodies = batches.map((mutations) =>
    JSON.stringify({ deviceId: operator.deviceId, schemaVersion: SCHEMA_VERSION, mutations }),
  );
  const ms = await postFromThread(`${srv.url}/v1/sync/push`, operator.token, bodies, 'applied');
  // Baseline: the very rows this push wrote (records, audit entries, mutation results), raw-inserted.
  const sql: Sql = srv.storage.sql;
  const records = await sql.all<Record<string, unknown>>('SELECT * FROM records WHERE seq > ?', [head]);
  const audit = await sql.all<Record<string, unknown>>('SELECT * FROM audit WHERE seq > ?', [auditHead]);
  const ids = batches.flat().map((m) => m.mutationId);
  const mutations: Record<string, unknown>[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    mutations.push(
      ...(await sql.all<Record<string, unknown>>(
        `SELECT * FROM mutations WHERE mutation_id IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      )),
    );
  }
  if (records.length !== n || audit.length !== n || mutations.length !== n)
    throw new Error(`push wrote ${records.length}/${audit.length}/${mutations.length} rows, expected ${n}`);
  const baseMs = await timed(async () => {
    await rawInsert(srv, 'bench_records', records);
    await rawInsert(srv, 'bench_audit', audit);
    await rawInsert(srv, 'bench_mutations', mutations);
  });
  log(`push ${n}: ${ms.toFixed(0)} ms, raw inserts ${baseMs.toFixed(0)} ms`);
  return { ms, baseMs, ids: batches.flat().map((m) => m.recordId) };
}

async function seed(srv: TestServer, operator: Session, n: number): Promise<void> {
  for (let done = 0; done < n; done += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, n - done) }, () => createCaseMutation());
    expectOutcomes(await srv.push(operator, batch), 'applied', 'seed');
  }
}

/** Pulls and parses every page from `cursor` (outside the timed runs); the number of records. */
async function countPulled(srv: TestServer, operator: Session, cursor: number, limit: number) {
  let count = 0;
  for (let more = true; more;) {
    const page = await srv.pull(operator, cursor, limit);
    count += page.changes.length;
    cursor = page.cursor;
    more = page.hasMore;
  }
  return count;
}

const RAW_PULL =
  'SELECT table_name, data, seq FROM records WHERE office_id = ? AND seq > ? ORDER BY seq LIMIT ?';

async function runOn(kind: DbKind, ctx: BenchContext): Promise<BenchFigure[]> {
  const log = (m: string) => ctx.log(`[${kind}] ${m}`);
  const nPush = ctx.quick ? 2_000 : 10_000;
  const nPull = ctx.quick ? 20_000 : 100_000;
  const srv = await withServer(kind);
  try {
    const officeId = (await srv.createOffice('BENCH')).id;
    const operator = (await srv.createUser({ role: 'operator', officeId })).session;
    await createRawTables(srv);
    const label = (s: string) => `${s} [${kind}, HTTP 127.0.0.1]`;
    const figures: BenchFigure[] = [];

    // 1. Push: case creates in batches of 500, audit entries and mutation results included.
    // Warm-up, untimed: the first pushes of a fresh process run while V8 is still compiling the hot
    // path, on the request thread and on the SQLite writer thread; the figure is the steady state.
    const warm = ctx.quick ? 2 * BATCH : 10 * BATCH;
    await seed(srv, operator, warm);
    const pushed = await pushBench(srv, operator, nPush, log);
    figures.push(
      rateFigure(
        label(
          `push ${nPush.toLocaleString('en')} case creates, batches of ${BATCH}, with audit, client on its own thread`,
        ),
        nPush,
        pushed.ms,
        nPush,
        pushed.baseMs,
        'raw INSERTs of the same record, audit and mutation rows, one transaction',
        kind === 'sqlite' ? 12_000 : null,
        'mutations/s',
      ),
    );

    // 2. Pull everything from cursor 0 in pages of 5,000.
    const t0 = performance.now();
    await seed(srv, operator, nPull - nPush - warm);
    log(`seeded to ${nPull} records in ${(performance.now() - t0).toFixed(0)} ms`);
    const pulled = await countPulled(srv, operator, 0, 5000);
    // "Server-side": the client, on its own thread, reads each body as text and takes only cursor and
    // hasMore from its tail, so the figure is not the benchmark's own JSON.parse of 100,000 records.
    // As the console asks (compact records): the stored bytes spliced. Without ?compact the server
    // restores every record's defaults for an older client, a slower path (wire.bench.ts measures it).
    const pullMs = median(
      await pullFromThread(`${srv.url}/v1/sync/pull?compact=${SCHEMA_VERSION}`, operator.token, 0, 5000, 3),
    );
    if (pulled !== nPull) throw new Error(`pulled ${pulled} records, expected ${nPull}`);
    const rawPullMs = await medianOf(3, () => srv.storage.sql.all(RAW_PULL, [officeId, 0, nPull + 1]));
    log(`pull ${nPull}: ${pullMs.toFixed(0)} ms, raw SELECT ${rawPullMs.toFixed(0)} ms`);
    figures.push(
      rateFigure(
        label(
          `pull ${nPull.toLocaleString('en')} records from cursor 0 (pages of 5,000, body read as text, client on its own thread)`,
        ),
        nPull,
        pullMs,
        nPull,
        rawPullMs,
        'raw SELECT of the same rows',
        50_000,
        'records/s',
      ),
    );

    // 3. Push 100 edits on top of the large database (up to date: every leaf applies).
    const revs = new Map<string, number>(pushed.ids.map((id) => [id, 1]));
    const editBatch = (round: number): Mutation[] =>
      pushed.ids.slice(round * SMALL, (round + 1) * SMALL).map((id) => {
        const rev = revs.get(id) ?? 1;
        revs.set(id, rev + 1);
        return updateMutation(
          'cases',
          id,
          rev,
          { summary: `edit ${round}` },
          { summary: 'Wants to come home' },
        );
      });
    const batches = Array.from({ length: WARM_EDITS + REPEAT }, (_, round) => editBatch(round));
    for (const batch of batches.slice(0, WARM_EDITS))
      expectOutcomes(await srv.push(operator, batch), 'applied', 'warm-up edit');
    const smallPushMs = await medianOf(REPEAT, async (round) =>
      expectOutcomes(await srv.push(operator, batches[WARM_EDITS + round]!), 'applied', 'edit'),
    );
    const rawUpdate = async (round: number) => {
      const ids = pushed.ids.slice(round * SMALL, (round + 1) * SMALL);
      await srv.storage.driver.transaction(async (tx) => {
        for (const id of ids)
          await tx.run('UPDATE bench_records SET data = ?, rev = rev + 1 WHERE table_name = ? AND id = ?', [
            JSON.stringify({ id, summary: `edit ${round}` }),
            'cases',
            id,
          ]);
      });
    };
    const rawSmallPushMs = await medianOf(REPEAT, rawUpdate);
    figures.push(
      latencyFigure(
        label(`push ${SMALL} edits on top of ${nPull.toLocaleString('en')} records (median of ${REPEAT})`),
        smallPushMs,
        rawSmallPushMs,
        `${SMALL} raw single-row UPDATEs, one transaction`,
        25,
      ),
    );

    // 4. Pull those 100 changes on top of the large database.
    const before = await srv.storage.headSeq();
    expectOutcomes(await srv.push(operator, editBatch(WARM_EDITS + REPEAT)), 'applied', 'edit');
    const smallPullMs = await medianOf(REPEAT, async () => {
      const page = await srv.pull(operator, before, 1000);
      if (page.changes.length !== SMALL) throw new Error(`pulled ${page.changes.length} changes`);
    });
    const rawSmallPullMs = await medianOf(REPEAT, () =>
      srv.storage.sql.all(RAW_PULL, [officeId, before, 1001]),
    );
    figures.push(
      latencyFigure(
        label(`pull ${SMALL} changes on top of ${nPull.toLocaleString('en')} records (median of ${REPEAT})`),
        smallPullMs,
        rawSmallPullMs,
        'raw SELECT of the same rows',
        10,
      ),
    );

    // 5. 100 concurrent same-field edits of one case, all behind the server: every one becomes a conflict.
    const conflictRuns: number[] = [];
    const rawConflictRuns: number[] = [];
    for (let round = 0; round < 3; round++) {
      const id = uuidv7();
      expectOutcomes(await srv.push(operator, [createCaseMutation({}, id)]), 'applied', 'create');
      const serverEdit = updateMutation(
        'cases',
        id,
        1,
        { summary: 'server' },
        { summary: 'Wants to come home' },
      );
      expectOutcomes(await srv.push(operator, [serverEdit]), 'applied', 'server edit');
      const edits = Array.from({ length: SMALL }, (_, i) =>
        updateMutation('cases', id, 1, { summary: `client ${i}` }, { summary: 'Wants to come home' }),
      );
      conflictRuns.push(
        await timed(async () => {
          const results = await Promise.all(
            // One device: a push is bound to its session's device (server/routes/sync.ts), and the
            // device plays no part in the merge.
            edits.map((m) => srv.push(operator, [m])),
          );
          expectOutcomes(results.flat(), 'conflict', 'concurrent edit');
        }),
      );
      rawConflictRuns.push(
        await timed(() =>
          Promise.all(
            edits.map((m) =>
              srv.storage.driver.transaction((tx) =>
                tx.run('UPDATE bench_records SET data = ?, rev = rev + 1 WHERE table_name = ? AND id = ?', [
                  JSON.stringify(m.patch),
                  'cases',
                  pushed.ids[0],
                ]),
              ),
            ),
          ),
        ),
      );
    }
    figures.push(
      latencyFigure(
        label(`${SMALL} concurrent same-field edits -> ${SMALL} conflicts (median of 3)`),
        median(conflictRuns),
        median(rawConflictRuns),
        `${SMALL} concurrent raw single-row UPDATEs, one transaction each`,
        300,
      ),
    );
    for (const f of figures)
      log(`${f.name}: ${f.value.toFixed(1)} ${f.unit} (baseline ${f.baseline.toFixed(1)})`);
    return figures;
  } finally {
    await srv.close();
  }
}

export const serverSuite: BenchSuite = {
  name: 'sync server',
  async run(ctx) {
    const figures: BenchFigure[] = [];
    for (const kind of BENCH_DBS) figures.push(...(await runOn(kind, ctx)));
    return figures;
  },
};

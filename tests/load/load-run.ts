// Load and soak against the server as a child process: N simulated consoles
// (each its own user and device, real HTTP with keep-alive, the real protocol)
// push new cases, edits and contact log entries, pull, and listen to SSE pokes.
// Bounded in time and count; stops by itself. Measures throughput, latency per
// request kind, errors, the server's RSS over time, and verifies the audit chain.
import { performance } from 'node:perf_hooks';
import { percentile } from '../bench/harness';
import {
  call,
  createOffice,
  createUser,
  editCase,
  listenPokes,
  login,
  loginAdmin,
  newCase,
  newContact,
  pull,
  push,
  USER_PASSWORD,
  verifyAudit,
  type Session,
} from './api-client';
import { createDatabase, rssKiB, startServerProcess, type DbKind } from './server-process';

export interface LoadOptions {
  db: DbKind;
  clients: number;
  seconds: number;
  /** Mean pause between a client's requests (a person at a console, not a tight loop). */
  thinkMs: number;
  /** Share of clients that keep an SSE stream open and pull on pokes. */
  sseShare: number;
  /** Seconds of the single-client baseline run before the load. */
  baselineSeconds: number;
  log?: (msg: string) => void;
}

export interface LatencyStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadSummary {
  db: DbKind;
  clients: number;
  seconds: number;
  mutations: number;
  mutationsPerSecond: number;
  pulls: number;
  pullsPerSecond: number;
  pokesReceived: number;
  /** Single client pushing batches of 3 new cases alone, same server, same run. */
  baselineMutationsPerSecond: number;
  latencyMs: Record<string, LatencyStats>;
  errors: number;
  errorSamples: string[];
  rejected: number;
  rss: {
    samples: { t: number; kib: number }[];
    firstWindowMedianKiB: number;
    lastWindowMedianKiB: number;
    windowSeconds: number;
    slopeKiBPerMinute: number;
  };
  audit: { ok: boolean; entries: number; firstBrokenSeq?: number };
  setupSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stats(values: number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

const median = (xs: number[]) => stats(xs).p50;

/** Least-squares slope of RSS over time, in KiB per minute. */
function slope(samples: { t: number; kib: number }[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((s, x) => s + x.t, 0) / n;
  const mk = samples.reduce((s, x) => s + x.kib, 0) / n;
  let num = 0;
  let den = 0;
  for (const x of samples) {
    num += (x.t - mt) * (x.kib - mk);
    den += (x.t - mt) ** 2;
  }
  return den ? (num / den) * 60 : 0;
}

async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

export async function runLoad(opts: LoadOptions): Promise<LoadSummary> {
  const log = opts.log ?? (() => {});
  const db = await createDatabase(opts.db);
  const server = await startServerProcess(db);
  const url = server.url;
  const latencies = new Map<string, number[]>();
  const errorSamples: string[] = [];
  let errors = 0;
  let rejected = 0;
  let mutations = 0;
  let pulls = 0;
  let pokes = 0;
  const timed = async <T>(kind: string, fn: () => Promise<T>): Promise<T | undefined> => {
    const t0 = performance.now();
    try {
      const out = await fn();
      const list = latencies.get(kind) ?? [];
      list.push(performance.now() - t0);
      latencies.set(kind, list);
      return out;
    } catch (err) {
      errors += 1;
      if (errorSamples.length < 10) errorSamples.push(`${kind}: ${String(err).slice(0, 300)}`);
      return undefined;
    }
  };
  try {
    const setupStart = performance.now();
    const admin = await loginAdmin(url);
    const offices: string[] = [];
    for (let i = 0; i < Math.max(1, Math.ceil(opts.clients / 20)); i++)
      offices.push(await createOffice(url, admin, `LD${i}`));
    const tag = Date.now().toString(36);
    await createUser(url, admin, `aud-${tag}`, 'auditor', null);
    const auditor = await login(url, `aud-${tag}`, USER_PASSWORD);
    const sessions: Session[] = new Array<Session>(opts.clients + 1);
    await inParallel([...Array(opts.clients + 1).keys()], 4, async (i) => {
      const name = `ld${i}-${tag}`;
      await createUser(url, admin, name, 'operator', offices[i % offices.length]!);
      sessions[i] = await login(url, name, USER_PASSWORD);
    });
    const setupSeconds = (performance.now() - setupStart) / 1000;
    log(`setup: ${offices.length} offices, ${opts.clients + 1} users in ${setupSeconds.toFixed(1)} s`);

    // Baseline: one client pushing batches of 3 new cases alone, back to back.
    const solo = sessions[opts.clients]!;
    let soloCount = 0;
    const soloStart = performance.now();
    while (performance.now() - soloStart < opts.baselineSeconds * 1000) {
      await push(url, solo, [newCase(), newCase(), newCase()]);
      soloCount += 3;
    }
    const baselineMutationsPerSecond = soloCount / ((performance.now() - soloStart) / 1000);
    log(`baseline: one client alone pushes ${baselineMutationsPerSecond.toFixed(0)} mutations/s`);

    const rssSamples: { t: number; kib: number }[] = [];
    const t0 = performance.now();
    const deadline = t0 + opts.seconds * 1000;
    const sampler = setInterval(() => {
      const kib = rssKiB(server.pid);
      if (kib !== null) rssSamples.push({ t: (performance.now() - t0) / 1000, kib });
    }, 1000);
    const controller = new AbortController();

    const client = async (s: Session, index: number) => {
      const cases = new Map<string, { rev: number; summary: string }>();
      let cursor = 0;
      const doPull = async (kind: string) => {
        const page = await timed(kind, () => pull(url, s, cursor, 1000));
        if (page) {
          pulls += 1;
          cursor = page.cursor;
        }
      };
      const listens = index < opts.clients * opts.sseShare;
      let pullPending = false;
      if (listens) {
        void listenPokes(url, s, controller.signal, () => {
          pokes += 1;
          // Coalesce pokes: one pull at a time, like the console's sync engine.
          if (pullPending) return;
          pullPending = true;
          void sleep(200).then(async () => {
            if (performance.now() < deadline) await doPull('pull (poke)');
            pullPending = false;
          });
        }).catch((err: unknown) => {
          if (!controller.signal.aborted) {
            errors += 1;
            if (errorSamples.length < 10) errorSamples.push(`events: ${String(err).slice(0, 300)}`);
          }
        });
      }
      await sleep(Math.random() * opts.thinkMs);
      while (performance.now() < deadline) {
        const r = Math.random();
        const ids = [...cases.keys()];
        const caseId = ids[Math.floor(Math.random() * ids.length)];
        if (!caseId || r < 0.35) {
          const batch = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => newCase());
          const results = await timed('push new cases', () => push(url, s, batch));
          results?.forEach((res, i) => {
            if (res.outcome === 'rejected') rejected += 1;
            else
              cases.set(batch[i]!.recordId, { rev: res.rev ?? 1, summary: String(batch[i]!.patch.summary) });
          });
          mutations += results?.length ?? 0;
        } else if (r < 0.55) {
          const state = cases.get(caseId)!;
          const next = `follow-up ${Math.random().toString(36).slice(2, 8)}`;
          const results = await timed('push edit', () =>
            push(url, s, [editCase(caseId, state.rev, state.summary, next)]),
          );
          const res = results?.[0];
          if (res?.outcome === 'rejected') rejected += 1;
          else if (res) cases.set(caseId, { rev: res.rev ?? state.rev, summary: next });
          mutations += results?.length ?? 0;
        } else if (r < 0.75) {
          const results = await timed('push contact', () => push(url, s, [newContact(caseId)]));
          if (results?.[0]?.outcome === 'rejected') rejected += 1;
          mutations += results?.length ?? 0;
        } else {
          await doPull('pull');
        }
        await sleep(Math.random() * 2 * opts.thinkMs);
      }
    };
    // The latency baseline: GET /v1/health under the same load.
    const health = (async () => {
      while (performance.now() < deadline) {
        await timed('health (baseline)', () => call(url, 'GET', '/v1/health'));
        await sleep(200);
      }
    })();
    const progress = setInterval(() => {
      const elapsed = (performance.now() - t0) / 1000;
      log(
        `${elapsed.toFixed(0)} s: ${mutations} mutations, ${pulls} pulls, ${errors} errors, RSS ${rssSamples.at(-1)?.kib ?? '?'} KiB`,
      );
    }, 10_000);
    await Promise.all([...sessions.slice(0, opts.clients).map((s, i) => client(s, i)), health]);
    const elapsed = (performance.now() - t0) / 1000;
    controller.abort();
    clearInterval(sampler);
    clearInterval(progress);

    const window = Math.min(60, Math.max(1, Math.floor(opts.seconds / 3)));
    const first = rssSamples.filter((x) => x.t <= window).map((x) => x.kib);
    const last = rssSamples.filter((x) => x.t >= elapsed - window).map((x) => x.kib);
    const audit = await verifyAudit(url, auditor);
    return {
      db: opts.db,
      clients: opts.clients,
      seconds: elapsed,
      mutations,
      mutationsPerSecond: mutations / elapsed,
      pulls,
      pullsPerSecond: pulls / elapsed,
      pokesReceived: pokes,
      baselineMutationsPerSecond,
      latencyMs: Object.fromEntries([...latencies].map(([k, v]) => [k, stats(v)])),
      errors,
      errorSamples,
      rejected,
      rss: {
        samples: rssSamples,
        firstWindowMedianKiB: median(first),
        lastWindowMedianKiB: median(last),
        windowSeconds: window,
        slopeKiBPerMinute: slope(rssSamples.filter((x) => x.t >= window)),
      },
      audit,
      setupSeconds,
    };
  } finally {
    await server.kill('SIGTERM');
    await db.drop();
  }
}

// Fault-injection property test: 3-8 clients against the real server on
// SQLite, random schedules of offline edits on shared cases, lost requests and
// responses, duplicated and delayed deliveries, server restarts mid-push. Each
// seed runs twice: operators editing cases, and operators editing cases and
// their tasks with a supervisor who resolves conflicts under the same faults.
// After healing and a full sync every client equals the server, no mutation is
// lost, no concurrent edit is overwritten silently, and the audit chain holds.
//   SEEDS=200 npm run test:chaos        more seeds (CI)
//   SEED=17 npm run test:chaos          replay one seed
//   CHAOS_SEED_BASE=1000 ...            another window of seeds
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pushAll } from '../../renderer/sync/push';
import { isOpenAttention, type AttentionRow, type OutboxRow } from '../../renderer/db/database';
import { TestClient, TestServer } from '../integration/support/harness';
import { createSharedCase, expectEqualsServer } from '../integration/support/scenario';
import { ChaosNet, FAKE_BASE, mulberry32, NO_FAULTS } from './chaos-net';
import { checkInvariants, historyOf, tally, NO_REFUSAL, type RefusalPolicy } from './oracle';
import { pendingResolutions, resolveConflict } from '../../renderer/db/conflict-resolve';
import type { Json } from '../../shared/sync/paths';

const FIELDS: Record<string, readonly unknown[]> = {
  summary: ['lost contact', 'wants to go home', 'unpaid wages'],
  demands: ['bring her home', 'pay the wages', 'find her'],
  chronology: ['called on monday', 'mission contacted', ''],
  urgency: ['normal', 'urgent', 'critical'],
  'worker.fullName': ['Siti Aminah', 'Siti Aminah binti Ahmad', 'Sri Wahyuni'],
  'agency.name': ['PT Maju', 'PT Jaya Abadi', null],
  missionId: ['KBRI Kuala Lumpur', 'KJRI Hong Kong', null],
};

/**
 * Seeds that once failed run every time, beside the window. 215: a no-op edit answered `applied`
 * with the newer rev let a console adopt a rev whose changes it lacked; its next edit then
 * overwrote another operator's value without a conflict.
 */
const REGRESSION_SEEDS = [215];

function seedsToRun(): number[] {
  if (process.env.SEED) return [Number(process.env.SEED)];
  const count = Number(process.env.SEEDS ?? 15);
  const base = Number(process.env.CHAOS_SEED_BASE ?? 1);
  const window = Array.from({ length: count }, (_, i) => base + i);
  return [...window, ...REGRESSION_SEEDS.filter((seed) => !window.includes(seed))];
}

let server: TestServer | null = null;
/** How the judged mutations ended, over all seeds of a variant (printed, not asserted). */
const judged = new Map<string, number>();
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await server?.stop();
  server = null;
});

/** A supervisor settles an open conflict it has pulled, with the server's or the client's value. */
async function resolveOne(sup: TestClient, pick: <T>(items: readonly T[]) => T): Promise<void> {
  await sup.engine.syncNow(); // to see the newest conflicts; under faults it may not get through
  const pending = await pendingResolutions(sup.db);
  const open = (await sup.store.listConflicts({ status: 'open' })).filter((c) => !pending.has(c.id));
  if (!open.length) return;
  const conflict = pick(open);
  const actor = { actorId: sup.userId, deviceId: sup.deviceId, officeId: sup.officeId };
  await resolveConflict(sup.db, conflict, pick([conflict.server, conflict.client]) as Json, actor);
}

/** The office a refused create names: not the pushing user's, so the server must refuse it. */
const FOREIGN_OFFICE = 'not-my-office';

/**
 * The refusals these schedules provoke on purpose, and nothing else: a case created in another
 * office (forbidden_office, always), and a supervisor's second resolve of a conflict its first
 * resolve already settled (already_resolved): the console keeps showing the conflict open until a
 * pull brings the resolved one, so under lost pulls the supervisor may settle it again.
 */
function chaosRefusals(m: OutboxRow): RefusalPolicy {
  if (m.op === 'create' && m.table === 'cases' && m.patch.officeId === FOREIGN_OFFICE) {
    return { codes: ['forbidden_office'], required: true };
  }
  if (m.op === 'resolve') return { codes: ['already_resolved'], required: false };
  return NO_REFUSAL;
}

const TASK_TITLES = ['Call the mission', 'Call KBRI Riyadh', 'Ask the agency for the contract'];

/** Child records conflict too and count on their case: add a task to a case, or retitle one. */
async function editTask(c: TestClient, caseIds: string[], pick: <T>(items: readonly T[]) => T) {
  const tasks = await c.db.tasks.toArray();
  if (tasks.length && pick([true, true, true, false])) {
    await c.repo.updateRecord('tasks', pick(tasks).id, { title: pick(TASK_TITLES) });
    return;
  }
  const caseId = pick(caseIds);
  if (!(await c.repo.getCase(caseId))) return;
  await c.repo.createRecord('tasks', { caseId, title: pick(TASK_TITLES), status: 'open' } as never);
}

async function runSeed(seed: number, withSupervisor = false): Promise<void> {
  const rng = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  server = await TestServer.start();
  const srv = server;
  const nClients = 3 + Math.floor(rng() * 6);
  const names = Array.from({ length: nClients }, (_, i) => `op${i}`);
  // The supervisor variant adds one client that also resolves conflicts (draws of its own).
  if (withSupervisor) names.push('super0');
  const office = await srv.seedOffice('CHS', names);
  const net = new ChaosNet(srv, rng);
  for (const name of names) {
    clients.push(
      await TestClient.connect(srv, name, office.users[name] as string, office.officeId, {
        fetch: net.fetch,
        baseUrl: () => FAKE_BASE,
        batchSize: 1 + Math.floor(rng() * 5),
      }),
    );
  }
  // The supervisor (last to connect) also takes part in the ordinary steps, like every client.
  const sup = withSupervisor ? clients[clients.length - 1] : undefined;
  const mutations = new Map<string, OutboxRow>();
  const collect = async (c: TestClient) => {
    for (const row of await c.db.outbox.toArray()) mutations.set(row.mutationId, row);
  };

  // Healthy start: shared cases everyone has.
  const creator = clients[0] as TestClient;
  const caseIds: string[] = [];
  for (let i = 0, n = 2 + Math.floor(rng() * 3); i < n; i++) caseIds.push(await createSharedCase(creator));
  await collect(creator);
  for (const c of clients) await c.syncUntilOk();

  net.faults = { dropRequest: 0.1, dropResponse: 0.1, duplicate: 0.1, delay: 0.08 };
  const steps = 25 + Math.floor(rng() * 20);
  for (let step = 0; step < steps; step++) {
    const c = pick(clients);
    if (sup && rng() < 0.2) {
      await resolveOne(sup, pick);
      await collect(sup);
      continue;
    }
    if (withSupervisor && rng() < 0.15) {
      await editTask(c, caseIds, pick);
      await collect(c);
      continue;
    }
    const roll = rng();
    if (roll < 0.5) {
      const id = pick(caseIds);
      if (!(await c.repo.getCase(id))) continue; // this client has not pulled it yet
      const changes: Record<string, never> = {};
      for (let k = 0, n = 1 + Math.floor(rng() * 2); k < n; k++) {
        const field = pick(Object.keys(FIELDS));
        changes[field] = pick(FIELDS[field] as never[]);
      }
      await c.repo.updateRecord('cases', id, changes);
      await collect(c);
    } else if (roll < 0.55) {
      caseIds.push(await createSharedCase(c));
      await collect(c);
    } else if (roll < 0.58) {
      // Refused by the server: must end in attention, and never block what follows.
      await createSharedCase(c, { officeId: FOREIGN_OFFICE });
      await collect(c);
    } else if (roll < 0.75) {
      await c.engine.syncNow();
    } else if (roll < 0.9) {
      // A cycle whose pull never happens (the laptop lid closes after the push).
      await pushAll({ ...c.pushContext() }).catch(() => undefined);
    } else if (roll < 0.95) {
      // Restart while a push may be in flight.
      const running = c.engine.syncNow();
      await new Promise((r) => setTimeout(r, Math.floor(rng() * 15)));
      await srv.down();
      await srv.up();
      await running;
    } else {
      await net.deliverHeld();
    }
  }

  if (sup) {
    // Conflicts appear late in a schedule: the supervisor settles them while the network still
    // misbehaves and the operators keep syncing (and late deliveries land in between).
    for (let k = 0; k < 8; k++) {
      await resolveOne(sup, pick);
      await collect(sup);
      await pick(clients).engine.syncNow();
      if (rng() < 0.3) await net.deliverHeld();
    }
  }

  // Heal: a good network, late deliveries land, everyone syncs until quiet.
  net.faults = NO_FAULTS;
  await net.deliverHeld(true);
  for (let round = 0; round < 2; round++) for (const c of clients) await c.syncUntilOk();
  // The operators discard what the server refused (that is recorded), then one more round.
  for (const c of clients) {
    for (const a of (await c.store.listAttention()).filter(isOpenAttention)) {
      await c.store.discardAttention(a.mutationId, c.userId, new Date().toISOString());
    }
  }
  for (const c of clients) await c.syncUntilOk();

  for (const c of clients) {
    expect(await c.db.outbox.count(), `${c.name} outbox`).toBe(0);
    await expectEqualsServer(c);
  }
  // Every case's open-conflict count (the case list's badge) matches its open conflicts; clients
  // equal the server, so one client's copy tells.
  const open = await clients[0]!.store.listConflicts({ status: 'open' });
  for (const kase of await clients[0]!.db.cases.toArray()) {
    const count = open.filter((c) => c.caseId === kase.id).length;
    expect(kase.openConflicts, `openConflicts of case ${kase.id}`).toBe(count);
  }
  const attention: AttentionRow[] = [];
  for (const c of clients) attention.push(...(await c.store.listAttention()));
  const audit = await srv.audit();
  const conflicts = await clients[0]!.db.conflicts.toArray();
  const problems = checkInvariants({ mutations, audit, attention, conflicts, refusals: chaosRefusals });
  expect(problems, problems.length ? historyOf(problems[0]!, mutations, audit) : '').toEqual([]);
  for (const [key, n] of Object.entries(tally(mutations, audit))) judged.set(key, (judged.get(key) ?? 0) + n);
  const verify = await srv.verifyAudit();
  expect(verify.ok, `audit chain broken at ${verify.firstBrokenSeq}`).toBe(true);
}

describe.each([
  ['operators', false],
  ['operators editing tasks too, and a supervisor resolving conflicts', true],
] as const)('sync under faults: %s', (_, withSupervisor) => {
  const timings: number[] = [];
  it.each(seedsToRun())(
    'seed %i converges with nothing lost or silently overwritten',
    async (seed) => {
      const started = performance.now();
      try {
        await runSeed(seed, withSupervisor);
      } catch (error) {
        const only = withSupervisor ? ` -t supervisor` : ` -t 'operators seed'`;
        const hint = `replay: SEED=${seed} npx vitest run --config vitest.config.ts tests/chaos${only}`;
        console.error(`chaos seed ${seed} failed. ${hint}`);
        if (error instanceof Error) error.message = `${error.message}\n${hint}`;
        throw error;
      } finally {
        timings.push(performance.now() - started);
      }
    },
    60_000,
  );

  // Timing is information, not a property: printed once the seeds ran, never asserted.
  afterAll(() => {
    if (timings.length === 0) return;
    const mean = timings.reduce((a, b) => a + b, 0) / timings.length;
    const outcomes = [...judged].map(([k, n]) => `${k} ${n}`).join(', ');
    console.info(
      `chaos: ${timings.length} seeds, mean ${mean.toFixed(0)} ms/seed, max ${Math.max(...timings).toFixed(0)} ms; ` +
        `mutations judged: ${outcomes}`,
    );
    judged.clear();
  });
});

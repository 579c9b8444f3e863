// Two server processes on one PostgreSQL schema, no proxy between them: a push
// to node A pokes SSE listeners on node B (LISTEN/NOTIFY) and B serves the data;
// with pushers on both nodes, a puller looping on B never skips a late commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOffice,
  createUser,
  listenPokes,
  login,
  loginAdmin,
  newCase,
  pull,
  push,
  USER_PASSWORD,
  type Session,
} from '../load/api-client';
import {
  createDatabase,
  startServerProcess,
  type ServerProcess,
  type TestDatabase,
} from '../load/server-process';

const PUSHERS_PER_NODE = Number(process.env.MULTINODE_PUSHERS ?? 3);
const PUSH_SECONDS = Number(process.env.MULTINODE_SECONDS ?? 6);

describe('two API nodes on one PostgreSQL', () => {
  let db: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let officeId: string;
  let admin: Session;
  const users: Session[] = [];

  beforeAll(async () => {
    db = await createDatabase('postgres');
    // One after the other: started together with POSKO_ADMIN_* set, both try to seed the first
    // admin and one dies (server bug, see the known-bug test at the end of this file).
    a = await startServerProcess(db);
    b = await startServerProcess(db);
    admin = await loginAdmin(a.url);
    officeId = await createOffice(a.url, admin, 'MNA');
    const tag = Date.now().toString(36);
    for (let i = 0; i < PUSHERS_PER_NODE * 2 + 1; i++) {
      await createUser(a.url, admin, `mn${i}-${tag}`, 'operator', officeId);
      // Log in on alternating nodes: sessions live in the shared database.
      users.push(await login(i % 2 ? b.url : a.url, `mn${i}-${tag}`, USER_PASSWORD));
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    await db?.drop();
  });

  it('a push to A pokes an SSE listener on B, and B serves the record', async () => {
    const listener = users[0]!;
    const controller = new AbortController();
    const pokes: number[] = [];
    let wake: () => void = () => {};
    const stream = listenPokes(b.url, listener, controller.signal, (seq) => {
      pokes.push(seq);
      wake();
    });
    const waitFor = (pred: () => boolean, ms: number) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(pred()), ms);
        wake = () => {
          if (pred()) {
            clearTimeout(timer);
            resolve(true);
          }
        };
        wake();
      });
    expect(await waitFor(() => pokes.length > 0, 5000)).toBe(true); // the head poke on connect
    const head = pokes[0]!;

    const created = newCase();
    const [result] = await push(a.url, users[1]!, [created]);
    expect(result?.outcome).toBe('applied');
    const seq = result!.seq!;
    expect(seq).toBeGreaterThan(head);
    expect(await waitFor(() => pokes.some((p) => p >= seq), 5000)).toBe(true);

    const page = await pull(b.url, listener, head);
    expect(page.changes.map((c) => c.record.id)).toContain(created.recordId);
    controller.abort();
    await stream;
  });

  it('a puller looping on B never skips a commit made by pushers on both nodes', async () => {
    const pushers = users.slice(1);
    const acked = new Set<string>();
    let pushing = true;
    const pushLoop = async (s: Session, url: string) => {
      while (pushing) {
        const batch = Array.from({ length: 1 + Math.floor(Math.random() * 5) }, () => newCase());
        const results = await push(url, s, batch);
        results.forEach((r, i) => {
          expect(r.outcome).toBe('applied');
          acked.add(batch[i]!.recordId);
        });
      }
    };
    const seen = new Set<string>();
    let cursor = 0;
    let pulls = 0;
    let lastSeq = 0;
    const pullOnce = async () => {
      const page = await pull(b.url, users[0]!, cursor, 200);
      pulls += 1;
      for (const c of page.changes) {
        // The latest version of each record, in seq order: never a step backwards within the loop.
        expect(Number(c.record.seq)).toBeGreaterThan(lastSeq);
        lastSeq = Number(c.record.seq);
        seen.add(String(c.record.id));
      }
      cursor = page.cursor;
      return page.hasMore;
    };
    const puller = (async () => {
      while (pushing) await pullOnce();
    })();
    const loops = pushers.map((s, i) => pushLoop(s, i % 2 ? b.url : a.url));
    await new Promise((r) => setTimeout(r, PUSH_SECONDS * 1000));
    pushing = false;
    await Promise.all(loops);
    await puller;
    while (await pullOnce());
    expect(acked.size).toBeGreaterThan(50);
    const missed = [...acked].filter((id) => !seen.has(id));
    console.log(
      `[multinode] ${acked.size} records pushed through 2 nodes, ${pulls} pulls on B, ${missed.length} missed`,
    );
    expect(missed).toEqual([]);
  }, 60_000);
});

// Two nodes started together on an empty database with the same bootstrap admin: the count is
// re-checked under the writer lock, so one creates the admin and the other starts normally.
describe('concurrent first start', () => {
  it('two nodes started together on an empty database both come up', async () => {
    const fresh = await createDatabase('postgres');
    const started = await Promise.allSettled([startServerProcess(fresh), startServerProcess(fresh)]);
    for (const s of started) if (s.status === 'fulfilled') await s.value.kill();
    await fresh.drop();
    const reasons = started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'));
    expect(reasons).toEqual(['started', 'started']);
  }, 60_000);
});

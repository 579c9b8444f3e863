import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, updateMutation, withServer } from './helpers';
import { readPokes } from './sse';

describe.each(DB_KINDS)('commit order and pokes on %s', (kind) => {
  let srv: TestServer;
  let officeId: string;
  let puller: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    officeId = (await srv.createOffice('JKT')).id;
    puller = (await srv.createUser({ role: 'operator', officeId })).session;
  });
  afterAll(() => srv?.close());

  it('a looping puller never skips a change committed late by concurrent pushers', async () => {
    // On PostgreSQL the pushers are spread over two API nodes sharing the database.
    const peer = kind === 'postgres' ? await srv.startPeer() : undefined;
    const pushers = await Promise.all(
      Array.from({ length: 6 }, () => srv.createUser({ role: 'operator', officeId })),
    );
    const expected = new Map<string, number>(); // record id -> last rev pushed
    let done = false;

    const pushLoop = async ({ session }: { session: Session }, i: number) => {
      const base = i % 2 === 1 && peer ? peer.url : srv.url;
      for (let round = 0; round < 12; round++) {
        const creates = Array.from({ length: 4 }, () => createCaseMutation());
        const edits = [...expected.entries()]
          .slice(-2)
          .map(([id, rev]) =>
            updateMutation('cases', id, rev, { chronology: `round ${round} by ${i}` }, { chronology: '' }),
          );
        const res = await fetch(`${base}/v1/sync/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
          body: JSON.stringify({
            deviceId: session.deviceId,
            schemaVersion: 1,
            mutations: [...creates, ...edits],
          }),
        });
        expect(res.status).toBe(200);
        const { results } = (await res.json()) as { results: { outcome: string; rev?: number }[] };
        creates.forEach((m, k) => {
          expect(results[k]!.outcome).toBe('applied');
          expected.set(m.recordId, 1);
        });
      }
    };

    const seen = new Map<string, number>(); // record id -> highest rev pulled
    let cursor = 0;
    const pullOnce = async () => {
      const page = await srv.pull(puller, cursor, 25);
      for (const c of page.changes) {
        expect(c.record.seq as number).toBeGreaterThan(cursor);
        seen.set(
          c.record.id as string,
          Math.max(seen.get(c.record.id as string) ?? 0, c.record.rev as number),
        );
      }
      expect(page.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = page.cursor;
      return page.hasMore;
    };
    const pullLoop = async () => {
      while (!done) await pullOnce();
    };

    const pulling = pullLoop();
    await Promise.all(pushers.map(pushLoop));
    done = true;
    await pulling;
    // Final drain: everything committed must now be reachable from the cursor the loop reached...
    while (await pullOnce());
    // ...and the loop must already have seen every record: a skipped late commit would be missing here.
    const missing = [...expected.keys()].filter((id) => !seen.has(id));
    expect(missing).toEqual([]);
    expect(seen.size).toBe(expected.size);
    // And the cursor-based view equals a full re-pull from zero.
    const full = new Map<string, number>();
    for (let c = 0, more = true; more;) {
      const page = await srv.pull(puller, c, 1000);
      for (const ch of page.changes) full.set(ch.record.id as string, ch.record.rev as number);
      c = page.cursor;
      more = page.hasMore;
    }
    expect(new Map([...seen].filter(([id]) => full.has(id)))).toEqual(full);
  }, 60_000);

  it('pokes event streams with the newest seq after a commit (token in the query)', async () => {
    const head = await srv.storage.headSeq();
    const pokes = readPokes(`${srv.url}/v1/sync/events`, puller.token, (seq) => seq > head);
    await new Promise((r) => setTimeout(r, 100));
    const [r] = await srv.push(puller, [createCaseMutation()]);
    const seqs = await pokes;
    expect(seqs[0]).toBe(head);
    expect(seqs[seqs.length - 1]).toBeGreaterThanOrEqual(r!.seq!);
    const anonymous = await fetch(`${srv.url}/v1/sync/events`);
    expect(anonymous.status).toBe(401);
    await anonymous.text();
  });

  it.runIf(kind === 'postgres')('pokes streams on another API node through LISTEN/NOTIFY', async () => {
    const peer = await srv.startPeer();
    const head = await srv.storage.headSeq();
    const pokes = readPokes(`${peer.url}/v1/sync/events`, puller.token, (seq) => seq > head);
    await new Promise((r) => setTimeout(r, 150));
    const [r] = await srv.push(puller, [createCaseMutation()]);
    const seqs = await pokes;
    // The poke arrived on the other node, carrying a seq at least as new as the commit.
    expect(Math.max(...seqs)).toBeGreaterThanOrEqual(r!.seq!);
  });
});

// Pokes are scoped to the offices a commit touched: a console of one office is
// not made to pull by every commit of every other office. On PostgreSQL the
// office list also travels between API nodes in the NOTIFY payload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, withServer } from './helpers';
import { readPokes } from './sse';

describe.each(DB_KINDS)('office-scoped pokes on %s', (kind) => {
  let srv: TestServer;
  let a: Session;
  let b: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    const officeA = await srv.createOffice('OFA');
    const officeB = await srv.createOffice('OFB');
    a = (await srv.createUser({ role: 'operator', officeId: officeA.id })).session;
    b = (await srv.createUser({ role: 'operator', officeId: officeB.id })).session;
  });
  afterAll(() => srv?.close());

  const scenario = async (listenOn: string) => {
    const head = await srv.storage.headSeq();
    const pokesA = readPokes(`${listenOn}/v1/sync/events`, a.token, (seq) => seq > head);
    const pokesB = readPokes(`${listenOn}/v1/sync/events`, b.token, (seq) => seq > head);
    await new Promise((r) => setTimeout(r, 150));
    const [inA] = await srv.push(a, [createCaseMutation()]);
    const [inB] = await srv.push(b, [createCaseMutation()]);
    const [seenA, seenB] = await Promise.all([pokesA, pokesB]);
    // Each stream's first news after the head is its own office's commit, never the other's.
    expect(seenA.filter((s) => s > head)).toEqual([inA!.seq]);
    expect(seenB.filter((s) => s > head)).toEqual([inB!.seq]);
  };

  it('a commit pokes the streams of its own office only', async () => {
    await scenario(srv.url);
  });

  it.runIf(kind === 'postgres')('and so does a commit made on another API node', async () => {
    const peer = await srv.startPeer();
    await scenario(peer.url);
  });
});

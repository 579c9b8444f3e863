// The console's side of the wire (renderer/sync/transport.ts): it asks for compact records in
// its schema version and hands whole records up; a large push goes gzipped, and a server that
// refuses gzip gets the same body again as it is, and no more gzip from that transport.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SyncTransport } from '../../../renderer/sync/transport';
import { CaseRecord } from '../../../shared/domain/case';
import { SCHEMA_VERSION } from '../../../shared/domain/record';
import type { PushRequest } from '../../../shared/sync/protocol';
import { compactRecord } from '../../../shared/sync/wire';
import { createCaseMutation } from '../../server/helpers';

const fullCase = CaseRecord.parse({
  id: '0190a000-0000-7000-8000-000000000001',
  rev: 1,
  seq: 5,
  updatedAt: '2026-12-01T08:00:00.000Z',
  updatedBy: 'u1',
  deleted: false,
  officeId: 'office-1',
  caseNumber: 'JKT-2026-000001',
  draftNumber: 'D-1',
  receivedAt: '2026-12-01T08:00:00.000Z',
  channel: 'phone',
  receivedBy: 'u1',
  ownerId: null,
  status: 'received',
  urgency: 'normal',
  summary: 'Wants to come home',
});

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

function transport(answer: (sent: Sent) => Response, gzipRequestsOver?: number) {
  const sent: Sent[] = [];
  const t = new SyncTransport({
    baseUrl: () => 'http://sync.test',
    getToken: () => 'token',
    gzipRequestsOver,
    fetch: async (url, init) => {
      const body = init?.body;
      const bytes =
        body === undefined || body === null
          ? undefined
          : typeof body === 'string'
            ? Buffer.from(body)
            : Buffer.from(body as ArrayBuffer);
      const s = { url, headers: { ...(init?.headers as Record<string, string>) }, body: bytes };
      sent.push(s);
      return answer(s);
    },
  });
  return { t, sent };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const pushOf = (n: number): PushRequest => ({
  deviceId: 'd1',
  schemaVersion: SCHEMA_VERSION,
  mutations: Array.from({ length: n }, () => createCaseMutation()),
});
const okPush = (s: Sent) => {
  const text = s.headers['content-encoding'] === 'gzip' ? gunzipSync(s.body!) : s.body!;
  const req = JSON.parse(text.toString('utf8')) as PushRequest;
  return json(200, { results: req.mutations.map((m) => ({ mutationId: m.mutationId, outcome: 'applied' })) });
};

describe('console transport on the compact, compressed wire', () => {
  it('asks for compact records in its schema version and returns them whole', async () => {
    const wire = compactRecord('cases', fullCase);
    expect(wire).not.toHaveProperty('worker');
    const { t, sent } = transport(() =>
      json(200, { changes: [{ table: 'cases', record: wire }], conflicts: [], cursor: 5, hasMore: false }),
    );
    const page = await t.pull(0, 1000);
    expect(sent[0]!.url).toBe(`http://sync.test/v1/sync/pull?cursor=0&limit=1000&compact=${SCHEMA_VERSION}`);
    expect(page.changes[0]!.record).toEqual(fullCase);
  });

  it('takes full records from a server that does not compact', async () => {
    const { t } = transport(() =>
      json(200, {
        changes: [{ table: 'cases', record: fullCase }],
        conflicts: [],
        cursor: 5,
        hasMore: false,
      }),
    );
    expect((await t.pull(0, 1000)).changes[0]!.record).toEqual(fullCase);
  });

  it('gzips a push over the threshold, not one under it', async () => {
    const { t, sent } = transport(okPush, 16 * 1024);
    const big = pushOf(60);
    expect(JSON.stringify(big).length).toBeGreaterThan(16 * 1024);
    expect((await t.push(big)).results).toHaveLength(60);
    expect(sent[0]!.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(sent[0]!.body!).toString('utf8'))).toEqual(big);
    expect(sent[0]!.body!.length).toBeLessThan(JSON.stringify(big).length / 3);
    await t.push(pushOf(2));
    expect(sent[1]!.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(sent[1]!.body!.toString('utf8'))).toMatchObject({ deviceId: 'd1' });
  });

  it('never gzips without a threshold', async () => {
    const { t, sent } = transport(okPush);
    await t.push(pushOf(60));
    expect(sent[0]!.headers['content-encoding']).toBeUndefined();
  });

  it.each([
    [415, 'unsupported_content_encoding'],
    [400, 'invalid_json'],
  ])('sends the body again as it is after a %i %s to gzip, and stays plain', async (status, code) => {
    const { t, sent } = transport(
      (s) =>
        s.headers['content-encoding'] === 'gzip'
          ? json(status, { error: { code, message: 'no' } })
          : okPush(s),
      16 * 1024,
    );
    const big = pushOf(60);
    expect((await t.push(big)).results).toHaveLength(60);
    expect(sent.map((s) => s.headers['content-encoding'])).toEqual(['gzip', undefined]);
    expect(JSON.parse(sent[1]!.body!.toString('utf8'))).toEqual(big);
    await t.push(pushOf(60));
    expect(sent[2]!.headers['content-encoding']).toBeUndefined();
  });

  it('does not resend a gzipped push the server read and refused (validation)', async () => {
    const { t, sent } = transport(
      () => json(400, { error: { code: 'validation_failed', message: 'body.deviceId: bad' } }),
      16 * 1024,
    );
    await expect(t.push(pushOf(60))).rejects.toMatchObject({ kind: 'bad_request' });
    expect(sent).toHaveLength(1);
  });
});

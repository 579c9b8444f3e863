// The sync wire (issue 15): bodies in brotli or gzip as the client accepts, pushes taken gzipped
// with the body limit applied to the inflated body, compact records only for a console that asks
// for them in its schema version, and event streams never compressed. Requests go through
// node:http, not fetch, so the bytes on the wire are seen as they are (fetch inflates silently).
import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import type { PullResponse } from '../../shared/sync/protocol';
import { expandRecord } from '../../shared/sync/wire';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, withServer } from './helpers';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as it crossed the wire. */
  wire: Buffer;
}

function raw(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: Buffer; firstChunkOnly?: boolean } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (opts.firstChunkOnly) {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, wire: Buffer.concat(chunks) });
          req.destroy();
        }
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wire: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', (e) => (opts.firstChunkOnly ? undefined : reject(e)));
    req.end(opts.body);
  });
}

function inflate(r: Raw): Buffer {
  const enc = r.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(r.wire);
  if (enc === 'gzip') return zlib.gunzipSync(r.wire);
  expect(enc).toBeUndefined();
  return r.wire;
}

const json = (r: Raw) => JSON.parse(inflate(r).toString('utf8')) as Record<string, unknown>;

describe.each(DB_KINDS)('compressed sync wire on %s', (kind) => {
  let srv: TestServer;
  let alice: Session;
  const auth = () => ({ authorization: `Bearer ${alice.token}` });

  beforeAll(async () => {
    srv = await withServer(kind);
    const officeId = (await srv.createOffice('CMP')).id;
    alice = (await srv.createUser({ role: 'operator', officeId })).session;
    await srv.push(
      alice,
      Array.from({ length: 40 }, () => createCaseMutation()),
    );
  });
  afterAll(() => srv?.close());

  const pullUrl = (query = '') => `${srv.url}/v1/sync/pull?cursor=0&limit=1000${query}`;

  it('answers a pull in brotli or gzip as Accept-Encoding asks, and as is without it', async () => {
    const plain = await raw(pullUrl(), { headers: auth() });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await raw(pullUrl(), { headers: { ...auth(), 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    const gz = await raw(pullUrl(), { headers: { ...auth(), 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    // Same document every way, and a good deal smaller compressed.
    expect(inflate(br).equals(plain.wire)).toBe(true);
    expect(inflate(gz).equals(plain.wire)).toBe(true);
    expect(br.wire.length).toBeLessThan(plain.wire.length / 5);
    // zstd is not offered (not in every Node the server runs on): a zstd-only client gets plain.
    const zstd = await raw(pullUrl(), { headers: { ...auth(), 'accept-encoding': 'zstd' } });
    expect(zstd.headers['content-encoding']).toBeUndefined();
  });

  it('leaves bodies under 1 KB as they are', async () => {
    const head = await srv.storage.headSeq();
    const small = await raw(`${srv.url}/v1/sync/pull?cursor=${head}`, {
      headers: { ...auth(), 'accept-encoding': 'br, gzip' },
    });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('sends compact records only to a client that asks in its schema version', async () => {
    const full = json(await raw(pullUrl(), { headers: auth() })) as unknown as PullResponse;
    const compact = json(
      await raw(pullUrl(`&compact=${SCHEMA_VERSION}`), { headers: { ...auth(), 'accept-encoding': 'br' } }),
    ) as unknown as PullResponse;
    expect(compact.changes).toHaveLength(full.changes.length);
    expect(compact.cursor).toBe(full.cursor);
    const fullBytes = JSON.stringify(full.changes).length;
    expect(JSON.stringify(compact.changes).length).toBeLessThan(fullBytes / 2);
    compact.changes.forEach((c, i) => {
      // A default leaf is not sent at all...
      expect(c.record).not.toHaveProperty('demands');
      expect(c.record).not.toHaveProperty('agency');
      expect((c.record.worker as Record<string, unknown>).fullName).toBe('Siti Aminah binti Ahmad');
      expect(c.record.worker).not.toHaveProperty('aliases');
      // ...and the client gets back exactly the full record.
      expect(expandRecord(c.table, c.record)).toStrictEqual(full.changes[i]!.record);
    });
    // Another schema version (whose defaults may differ) and no version get full records.
    for (const query of [`&compact=${SCHEMA_VERSION + 1}`, '']) {
      const other = json(await raw(pullUrl(query), { headers: auth() })) as unknown as PullResponse;
      expect(other.changes).toStrictEqual(full.changes);
    }
    const bad = await raw(pullUrl('&compact=yes'), { headers: auth() });
    expect(bad.status).toBe(400);
    expect(json(bad)).toMatchObject({ error: { code: 'validation_failed' } });
    expect(String((json(bad).error as { message: string }).message)).toMatch(/^query\.compact/);
  });

  const pushBody = (mutations = [createCaseMutation()]) =>
    Buffer.from(JSON.stringify({ deviceId: alice.deviceId, schemaVersion: SCHEMA_VERSION, mutations }));
  const pushRaw = (body: Buffer, encoding: string) =>
    raw(`${srv.url}/v1/sync/push`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json', 'content-encoding': encoding },
      body,
    });

  it('takes a gzipped push', async () => {
    const mutations = Array.from({ length: 20 }, () => createCaseMutation());
    const res = await pushRaw(zlib.gzipSync(pushBody(mutations)), 'gzip');
    expect(res.status).toBe(200);
    const { results } = json(res) as { results: Array<{ outcome: string }> };
    expect(results.map((r) => r.outcome)).toEqual(mutations.map(() => 'applied'));
  });

  it('applies the 5 MB body limit to the inflated body: a zip bomb is a 413, quickly', async () => {
    // 64 MB of spaces inside a JSON string: ~64 KB gzipped.
    const bomb = zlib.gzipSync(
      Buffer.concat([Buffer.from('{"deviceId":"'), Buffer.alloc(64 * 2 ** 20, ' '), Buffer.from('"}')]),
    );
    expect(bomb.length).toBeLessThan(200 * 1024);
    const t0 = performance.now();
    const res = await pushRaw(bomb, 'gzip');
    expect(res.status).toBe(413);
    expect(json(res)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(performance.now() - t0).toBeLessThan(5000);
    // Just under the limit inflated is still fine: the limit is the documented one, not smaller.
    const big = pushBody(Array.from({ length: 400 }, () => createCaseMutation()));
    expect(big.length).toBeGreaterThan(200 * 1024);
    expect((await pushRaw(zlib.gzipSync(big), 'gzip')).status).toBe(200);
  });

  it('refuses a body that does not inflate, and encodings it does not take, in the error shape', async () => {
    const broken = await pushRaw(Buffer.from('this is not gzip at all'), 'gzip');
    expect(broken.status).toBe(400);
    expect(json(broken)).toMatchObject({ error: { code: 'invalid_compressed_body' } });
    const truncated = zlib.gzipSync(pushBody());
    const cut = await pushRaw(truncated.subarray(0, truncated.length - 12), 'gzip');
    expect(cut.status).toBe(400);
    expect(json(cut)).toMatchObject({ error: { code: expect.stringMatching(/invalid_/) as unknown } });
    for (const encoding of ['br', 'deflate', 'x-unknown']) {
      const res = await pushRaw(pushBody(), encoding);
      expect(res.status).toBe(415);
      expect(json(res)).toMatchObject({ error: { code: 'unsupported_content_encoding' } });
    }
  });

  it('never compresses the event stream: the first poke arrives as plain text at once', async () => {
    const t0 = performance.now();
    const res = await raw(`${srv.url}/v1/sync/events`, {
      headers: { ...auth(), 'accept-encoding': 'gzip, deflate, br' },
      firstChunkOnly: true,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.wire.toString('utf8')).toMatch(/event: poke|retry:/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

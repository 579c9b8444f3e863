// Worker thread of the wire benchmark: a first sync as the console's engine makes it, minus
// IndexedDB (the same in both modes): pages of 1,000 from cursor 0, each body read off the socket,
// inflated when compressed, parsed with PullResponse and every record restored (compact mode), as
// renderer/sync/transport.ts does; then "applied": every record parsed with its table's schema,
// as dexie-store.ts does. With `prefetch` the next page is asked for before the current one is
// applied, as renderer/sync/pull.ts does now; without it, one page after the other, as it did.
// Counts the bytes that crossed the socket (headers and framing included). Runs under the parent's tsx loader
// (wire.bench.ts starts it with --import tsx).
import http from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import { RECORD_SCHEMAS } from '../../shared/domain/tables';
import { PullResponse } from '../../shared/sync/protocol';
import { expandRecord } from '../../shared/sync/wire';

/**
 * full: no ?compact (the server restores defaults); stored: ?compact, uncompressed and not
 * restored, i.e. the stored bytes as they are (the bench's "before": records stored full, as a
 * server before compact storage held them, spliced as that server did); compact-*: as the console.
 */
export type WireMode = 'full' | 'stored' | 'compact-br' | 'compact-gzip';
export interface WireJob {
  url: string;
  token: string;
  limit: number;
  mode: WireMode;
  prefetch: boolean;
}
export interface WireResult {
  ms: number;
  /** Bytes read from the socket(s): status lines, headers, chunk framing and bodies. */
  socketBytes: number;
  /** Body bytes as sent (compressed when compressed). */
  bodyBytes: number;
  /** Body bytes once inflated. */
  jsonBytes: number;
  records: number;
  pages: number;
  /** The cursor after the last page: the office's head. */
  cursor: number;
}

const brotli = promisify(zlib.brotliDecompress);
const gunzip = promisify(zlib.gunzip);

async function firstSync(job: WireJob): Promise<WireResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<Socket>();
  const headers: Record<string, string> = { authorization: `Bearer ${job.token}` };
  // What a browser says (it would also offer zstd and deflate; the server picks br among those).
  if (job.mode === 'compact-br') headers['accept-encoding'] = 'gzip, deflate, br';
  if (job.mode === 'compact-gzip') headers['accept-encoding'] = 'gzip, deflate';
  const compact = job.mode === 'full' ? '' : `&compact=${SCHEMA_VERSION}`;
  const get = (cursor: number) =>
    new Promise<{ status: number; encoding?: string; body: Buffer }>((resolve, reject) => {
      const req = http.get(
        `${job.url}?cursor=${cursor}&limit=${job.limit}${compact}`,
        { agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              encoding: res.headers['content-encoding'],
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('socket', (s: Socket) => sockets.add(s));
      req.on('error', reject);
    });
  const result: WireResult = {
    ms: 0,
    socketBytes: 0,
    bodyBytes: 0,
    jsonBytes: 0,
    records: 0,
    pages: 0,
    cursor: 0,
  };
  const wanted = job.mode === 'compact-br' ? 'br' : job.mode === 'compact-gzip' ? 'gzip' : undefined;
  // The transport's part: fetch, inflate, parse the page, restore its records.
  const fetchPage = async (cursor: number) => {
    const res = await get(cursor);
    if (res.status !== 200) throw new Error(`pull: ${res.status} ${res.body.toString('utf8').slice(0, 200)}`);
    // Pages under the 1 KB threshold (the last, empty one) come as they are.
    if (res.encoding !== wanted && res.body.length > 1024)
      throw new Error(`pull: content-encoding ${res.encoding ?? 'none'}, expected ${wanted ?? 'none'}`);
    const json =
      res.encoding === 'br'
        ? await brotli(res.body)
        : res.encoding === 'gzip'
          ? await gunzip(res.body)
          : res.body;
    const page = PullResponse.parse(JSON.parse(json.toString('utf8')));
    if (job.mode === 'compact-br' || job.mode === 'compact-gzip')
      page.changes = page.changes.map((c) => ({ table: c.table, record: expandRecord(c.table, c.record) }));
    result.bodyBytes += res.body.length;
    result.jsonBytes += json.length;
    return page;
  };
  const t0 = performance.now();
  let next = fetchPage(0);
  for (;;) {
    const page = await next;
    if (job.prefetch && page.hasMore) {
      next = fetchPage(page.cursor);
      // Let the request go out before the synchronous apply (node:http writes it on a later tick;
      // a browser's fetch hands it to the network at once, and the engine's apply awaits IndexedDB).
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The store's part: every record parsed with its schema before it is written.
    for (const change of page.changes)
      if (!RECORD_SCHEMAS[change.table].safeParse(change.record).success)
        throw new Error(`record ${String(change.record.id)} does not parse`);
    result.records += page.changes.length;
    result.pages += 1;
    result.cursor = page.cursor;
    if (!page.hasMore) break;
    if (!job.prefetch) next = fetchPage(page.cursor);
  }
  result.ms = performance.now() - t0;
  for (const s of sockets) result.socketBytes += s.bytesRead;
  agent.destroy();
  return result;
}

if (parentPort) {
  const port = parentPort;
  firstSync(workerData as WireJob).then(
    (r) => port.postMessage(r),
    (e: unknown) => port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
}

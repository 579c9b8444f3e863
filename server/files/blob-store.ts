// Where sealed file content lives: one interface, two stores. With SQLite, a
// folder under the data directory (one file per blob, named by its SHA-256,
// written to a temp file, fsynced, renamed, the folder fsynced: a crash leaves
// the old state or the whole new file, never half of one). With PostgreSQL, in
// PostgreSQL itself (one row per sealed segment), so every API node serves
// every file. A blob counts as stored only once its file_blobs row exists
// (server/files/finalize.ts writes it after put() returned); put() may be
// repeated for the same blob (a retry, two uploads of one file): each segment
// is sealed on its own (crypto.ts), so segments of two writes mix safely.
// docs/deployment.md: how S3-compatible storage would sit behind it.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from '../storage/types';
import { SEAL_OVERHEAD, SEGMENT_BYTES } from './crypto';

export interface BlobStore {
  /** Stores the sealed segments of blob `sha256`, in order. Atomic: a crash stores no part of them. */
  put(sha256: string, sealed: AsyncIterable<Buffer>): Promise<void>;
  /** Sealed segments `from` to `to - 1` of the blob, in order, streamed. */
  read(sha256: string, from: number, to: number): AsyncIterable<Buffer>;
}

const SHA = /^[0-9a-f]{64}$/;
function assertSha(sha256: string): void {
  if (!SHA.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
}

export class FolderBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private file(sha256: string): string {
    return path.join(this.root, 'blobs', sha256.slice(0, 2), sha256);
  }

  async put(sha256: string, sealed: AsyncIterable<Buffer>): Promise<void> {
    assertSha(sha256);
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${sha256}.${randomUUID()}`);
    const handle = await open(tmp, 'wx', 0o600);
    try {
      for await (const segment of sealed) await handle.write(segment);
      await handle.sync();
    } catch (err) {
      await handle.close();
      await rm(tmp, { force: true });
      throw err;
    }
    await handle.close();
    const target = this.file(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tmp, target);
    // The rename itself is durable only once the folder is synced.
    const dir = await open(path.dirname(target), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async *read(sha256: string, from: number, to: number): AsyncIterable<Buffer> {
    assertSha(sha256);
    const sealedSize = SEGMENT_BYTES + SEAL_OVERHEAD;
    const stream = createReadStream(this.file(sha256), {
      start: from * sealedSize,
      highWaterMark: sealedSize,
    });
    // Every segment but the blob's last is exactly sealedSize bytes: cut the stream on those bounds.
    let pending: Buffer[] = [];
    let have = 0;
    let index = from;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let rest = chunk;
      while (index < to && have + rest.length >= sealedSize) {
        const take = sealedSize - have;
        pending.push(rest.subarray(0, take));
        yield Buffer.concat(pending);
        index += 1;
        pending = [];
        have = 0;
        rest = rest.subarray(take);
      }
      if (index >= to) {
        stream.destroy();
        return;
      }
      pending.push(rest);
      have += rest.length;
    }
    if (index < to && have) yield Buffer.concat(pending);
  }
}

/** Segments read per query: 8 x 256 KiB, so a download holds about 2 MB at a time. */
const PAGE = 8;

export class PostgresBlobStore implements BlobStore {
  constructor(private readonly sql: Sql) {}

  async put(sha256: string, sealed: AsyncIterable<Buffer>): Promise<void> {
    assertSha(sha256);
    // Short statements, no transaction held across the stream (the pool serves sync too). The
    // segments go under a temporary name and are renamed to the blob's in one statement at the end
    // (an UPDATE of the key column: the segment data is not rewritten), so a stream that throws (a
    // refused file) or a crash never leaves a part of a blob under its SHA-256; a crash may leave
    // rows under a temporary name, which nothing reads. Four segments per statement: each
    // autocommit statement is a WAL flush.
    const temp = `tmp-${randomUUID()}`;
    let index = 0;
    let group: unknown[] = [];
    const flush = async () => {
      if (!group.length) return;
      const rows = group.length / 3;
      await this.sql.run(
        `INSERT INTO file_blob_chunks (sha256, idx, data) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?)').join(', ')}`,
        group,
      );
      group = [];
    };
    const drop = () => this.sql.run('DELETE FROM file_blob_chunks WHERE sha256 = ?', [temp]);
    try {
      for await (const segment of sealed) {
        group.push(temp, index, segment);
        index += 1;
        if (group.length >= 12) await flush();
      }
      await flush();
    } catch (err) {
      await drop();
      throw err;
    }
    try {
      await this.sql.run('UPDATE file_blob_chunks SET sha256 = ? WHERE sha256 = ?', [sha256, temp]);
    } catch (err) {
      // Another upload of the same bytes renamed its segments first: the blob is whole already.
      await drop();
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }

  async *read(sha256: string, from: number, to: number): AsyncIterable<Buffer> {
    assertSha(sha256);
    for (let at = from; at < to; at += PAGE) {
      const rows = await this.sql.all<{ idx: number; data: Buffer }>(
        'SELECT idx, data FROM file_blob_chunks WHERE sha256 = ? AND idx >= ? AND idx < ? ORDER BY idx',
        [sha256, at, Math.min(to, at + PAGE)],
      );
      for (const row of rows) yield row.data;
      if (rows.length < Math.min(PAGE, to - at)) throw new Error(`blob ${sha256}: segments missing`);
    }
  }
}

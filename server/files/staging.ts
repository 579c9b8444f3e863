// The bytes of an unfinished upload, staged until it completes and passes its
// checks. SQLite: one file per upload in a folder under the data directory.
// PostgreSQL: rows in file_upload_chunks, so an upload begun on one API node is
// resumed on another. append() is durable when it returns, and anything staged
// past `offset` (a PATCH cut off by a crash after its bytes but before its
// offset was recorded) is dropped first, so the staged bytes always equal the
// recorded offset plus what this PATCH brings.
import { createReadStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Sql } from '../storage/types';
import { SEGMENT_BYTES, pieces } from './crypto';

export interface UploadBytes {
  /** Appends `source` at `offset`; returns the new end. Everything up to it is durable on return. */
  append(id: string, offset: number, source: Readable): Promise<number>;
  /** The staged bytes, streamed. */
  read(id: string): AsyncIterable<Buffer>;
  remove(id: string): Promise<void>;
}

const UPLOAD_ID = /^[A-Za-z0-9_-]{1,64}$/;
function assertId(id: string): void {
  if (!UPLOAD_ID.test(id)) throw new Error(`not an upload id: ${id.slice(0, 80)}`);
}

export class FolderUploadBytes implements UploadBytes {
  constructor(private readonly root: string) {}

  private file(id: string): string {
    assertId(id);
    return path.join(this.root, 'uploads', `${id}.part`);
  }

  async append(id: string, offset: number, source: Readable): Promise<number> {
    const file = this.file(id);
    await mkdir(path.dirname(file), { recursive: true });
    // Positional writes ('a' mode would append whatever the position): r+, or a new private file.
    const handle = await open(file, 'r+').catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      return open(file, 'w+', 0o600);
    });
    try {
      await handle.truncate(offset);
      let at = offset;
      for await (const chunk of source as AsyncIterable<Buffer>) {
        await handle.write(chunk, 0, chunk.length, at);
        at += chunk.length;
      }
      await handle.sync();
      return at;
    } finally {
      await handle.close();
    }
  }

  async *read(id: string): AsyncIterable<Buffer> {
    yield* createReadStream(this.file(id), { highWaterMark: SEGMENT_BYTES }) as AsyncIterable<Buffer>;
  }

  async remove(id: string): Promise<void> {
    await rm(this.file(id), { force: true });
  }
}

/** Staged pieces read per query (2 x 1 MiB). */
const PAGE = 2;
/** Bytes per staged row on PostgreSQL. */
const ROW_BYTES = 4 * SEGMENT_BYTES;

export class PostgresUploadBytes implements UploadBytes {
  constructor(private readonly sql: Sql) {}

  async append(id: string, offset: number, source: Readable): Promise<number> {
    assertId(id);
    await this.sql.run('DELETE FROM file_upload_chunks WHERE upload_id = ? AND start >= ?', [id, offset]);
    let at = offset;
    // One short statement per 1 MiB piece: no transaction or pooled client held while the client
    // sends, and each statement is a commit (a WAL flush): 256 KiB pieces made four times as many.
    for await (const piece of pieces(source as AsyncIterable<Buffer>, ROW_BYTES)) {
      if (!piece.length) continue;
      await this.sql.run('INSERT INTO file_upload_chunks (upload_id, start, data) VALUES (?, ?, ?)', [
        id,
        at,
        piece,
      ]);
      at += piece.length;
    }
    return at;
  }

  async *read(id: string): AsyncIterable<Buffer> {
    assertId(id);
    for (let from = 0; ;) {
      const rows = await this.sql.all<{ start: number; data: Buffer }>(
        `SELECT start, data FROM file_upload_chunks WHERE upload_id = ? AND start >= ? ORDER BY start LIMIT ${PAGE}`,
        [id, from],
      );
      for (const row of rows) {
        // A gap (lost pieces) ends the read there: the bytes come out short and the size check refuses them.
        if (Number(row.start) !== from) return;
        yield row.data;
        from += row.data.length;
      }
      if (rows.length < PAGE) return;
    }
  }

  async remove(id: string): Promise<void> {
    assertId(id);
    await this.sql.run('DELETE FROM file_upload_chunks WHERE upload_id = ?', [id]);
  }
}

// The SQLite checkpoint thread itself (started by sqlite-checkpointer.ts as a Worker from this
// module's built file, dist/server/sqlite-checkpointer-thread.js, or from this source under tsx).
// Each message but 'close' runs one PASSIVE checkpoint and answers with its result.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointerThreadData {
  file: string;
}

export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export type CheckpointerMessage = 'checkpoint' | 'close';

function serve(port: NonNullable<typeof parentPort>, data: CheckpointerThreadData): void {
  const db = new Database(data.file);
  db.pragma('synchronous = FULL');
  port.on('message', (message: CheckpointerMessage) => {
    if (message === 'close') {
      db.close();
      port.close();
      return;
    }
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    port.postMessage(row);
  });
}

// Only as a worker: imported anywhere else (a type import is erased), this module does nothing.
if (parentPort) serve(parentPort, workerData as CheckpointerThreadData);

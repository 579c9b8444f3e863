// Copies the SQLite write-ahead log back into the database file on a worker
// thread, with its own connection, instead of inside a COMMIT on the thread
// that serves requests. Why: better-sqlite3 is synchronous, and an automatic
// checkpoint (every ~40 MB of WAL) stalled every request for ~45 ms while it
// copied and fsynced pages. WAL mode lets a checkpointer run beside the writer;
// PASSIVE mode never waits for a lock, so the writer is never blocked by it.
// Durability does not depend on checkpoints: a commit is durable once its WAL
// frames are fsynced (synchronous=FULL). If the worker fails, the main
// connection's automatic checkpoint (kept as a safety net) still bounds the WAL.
import { Worker } from 'node:worker_threads';
import type {
  CheckpointerMessage,
  CheckpointerThreadData,
  CheckpointResult,
} from './sqlite-checkpointer-thread';
import { threadEntry } from './thread-entry';

export type { CheckpointResult } from './sqlite-checkpointer-thread';

export interface Checkpointer {
  /** Asks for a checkpoint after a commit: it runs `delayMs` later, one for all requests until then. */
  request(): void;
  close(): Promise<void>;
}

export interface CheckpointerOptions {
  /**
   * Wait after the first commit before checkpointing. A checkpoint's fsync competes with the next
   * COMMIT's on the same disk: one per second of writes, not one per commit, keeps commits fast
   * and still bounds the WAL well below the 40 MB safety net.
   */
  delayMs?: number;
  /** Called once if the worker dies (the main connection's automatic checkpoints remain). */
  onFailure?(error: unknown): void;
  onResult?(result: CheckpointResult): void;
}

/** Starts the checkpoint worker for the database file `file`. */
export function startCheckpointer(file: string, options: CheckpointerOptions = {}): Checkpointer {
  const { delayMs = 1000, onFailure = () => {}, onResult = () => {} } = options;
  // The thread's module: sqlite-checkpointer-thread.ts, built to dist/server/sqlite-checkpointer-thread.js.
  const thread = threadEntry('sqlite-checkpointer-thread', import.meta.url);
  const workerData: CheckpointerThreadData = { file };
  const worker = new Worker(thread.entry, { eval: thread.eval, workerData });
  const send = (message: CheckpointerMessage) => worker.postMessage(message);
  // The worker must not keep the process alive on its own (the server decides when to exit).
  worker.unref();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let wanted = false;
  let failed = false;
  let closing = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    running = false;
    clearTimeout(timer);
    timer = undefined;
    onFailure(error);
  };
  const start = () => {
    timer = undefined;
    wanted = false;
    running = true;
    send('checkpoint');
  };
  const schedule = () => {
    timer = setTimeout(start, delayMs);
    timer.unref();
  };
  worker.on('error', fail);
  worker.once('exit', (code) => {
    if (!closing) fail(new Error(`SQLite checkpointer exited (code ${code})`));
  });
  worker.on('message', (result: CheckpointResult) => {
    running = false;
    onResult(result);
    if (wanted && !closing) schedule();
  });

  return {
    request() {
      if (failed || closing) return;
      if (running) wanted = true;
      else if (!timer) schedule();
    },
    async close() {
      closing = true;
      clearTimeout(timer);
      timer = undefined;
      if (!failed) {
        send('close');
        // A checkpoint in progress finishes first (the worker handles messages in order).
        const timeout = setTimeout(() => void worker.terminate(), 10_000);
        await exited;
        clearTimeout(timeout);
      }
    },
  };
}

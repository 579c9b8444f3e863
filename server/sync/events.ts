// Sync pokes: after each commit every open event stream gets the newest seq so
// consoles pull at once instead of polling. Local commits arrive from
// Storage.onCommit; on PostgreSQL, commits of other API nodes arrive through
// LISTEN/NOTIFY on the same callback. Pokes carry no data, only a number.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Storage } from '../storage/storage';

const HEARTBEAT_MS = 25_000;

export class EventHub {
  private latest = 0;
  private readonly streams = new Set<ServerResponse>();
  /** Sockets that ever carried a stream: never reused for another request, so closed at shutdown. */
  private readonly sockets = new Set<Socket>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(storage: Storage) {
    this.unsubscribe = storage.onCommit((seq) => this.poke(seq));
    // A comment line every 25 s keeps proxies from closing an idle stream.
    this.heartbeat = setInterval(() => {
      for (const res of this.streams) res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.streams.size;
  }

  poke(seq: number): void {
    // NOTIFY may echo our own commit or arrive out of order: only ever announce a newer seq.
    if (seq <= this.latest) return;
    this.latest = seq;
    const frame = `event: poke\ndata: ${JSON.stringify({ seq })}\n\n`;
    for (const res of this.streams) res.write(frame);
  }

  /** Takes over a raw response as an SSE stream, starting with the current head. */
  attach(res: ServerResponse, head: number, origin?: string): void {
    this.latest = Math.max(this.latest, head);
    const socket = res.socket;
    // The client may have gone while we authenticated: a stream registered now would never see its
    // 'close' event and would sit in the set (and be written to) until shutdown.
    if (this.closed || !socket || socket.destroyed || res.destroyed || res.writableEnded) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    };
    if (origin) {
      headers['access-control-allow-origin'] = origin;
      headers.vary = 'Origin';
    }
    this.streams.add(res);
    this.sockets.add(socket);
    const forget = () => {
      this.streams.delete(res);
      this.sockets.delete(socket);
    };
    res.on('close', forget);
    socket.on('close', forget);
    // A write racing a vanished client must not become an unhandled 'error' that kills the process.
    res.on('error', forget);
    // A client that half-closes (FIN) keeps a Node socket open forever (allowHalfOpen): end it here.
    socket.on('end', () => socket.destroy());
    res.writeHead(200, headers);
    res.write(`retry: 3000\nevent: poke\ndata: ${JSON.stringify({ seq: this.latest })}\n\n`);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    // An event stream never becomes an idle keep-alive socket: destroy it, or server.close() would wait for it.
    for (const res of this.streams) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    this.streams.clear();
    this.sockets.clear();
  }
}

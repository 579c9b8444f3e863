// Sync pokes: after each commit the event streams of the offices whose records
// it changed get the newest seq, so those consoles pull at once instead of
// polling. Local commits arrive from Storage.onCommit; on PostgreSQL, commits of
// other API nodes arrive through LISTEN/NOTIFY on the same callback. Pokes carry
// no data, only a number. Scoping by office matters at a national desk: a commit
// in one office must not make every console of every office pull (a thundering
// herd of empty pulls: in the 200-client soak, 3.5 million pokes for 100k commits).
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Storage } from '../storage/storage';

const HEARTBEAT_MS = 25_000;

export class EventHub {
  private latest = 0;
  private readonly latestByOffice = new Map<string, number>();
  /** Open streams and the office each listens for (null: every commit, e.g. an office-less account). */
  private readonly streams = new Map<ServerResponse, string | null>();
  /** Sockets that ever carried a stream: never reused for another request, so closed at shutdown. */
  private readonly sockets = new Set<Socket>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(storage: Storage) {
    this.unsubscribe = storage.onCommit((seq, offices) => this.poke(seq, offices));
    // A comment line every 25 s keeps proxies from closing an idle stream.
    this.heartbeat = setInterval(() => {
      for (const res of this.streams.keys()) res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.streams.size;
  }

  /** `offices`: whose records the commit changed; null when unknown (every stream is poked). */
  poke(seq: number, offices: readonly string[] | null = null): void {
    // NOTIFY may echo our own commit or arrive out of order: a stream only ever hears of a seq newer
    // than the last one announced to it, tracked per office since offices hear different commits.
    const fresh = seq > this.latest;
    this.latest = Math.max(this.latest, seq);
    const news = new Set<string>();
    for (const office of offices ?? []) {
      if (seq > (this.latestByOffice.get(office) ?? 0)) {
        news.add(office);
        this.latestByOffice.set(office, seq);
      }
    }
    if (!fresh && news.size === 0) return;
    const frame = `event: poke\ndata: ${JSON.stringify({ seq })}\n\n`;
    for (const [res, office] of this.streams) {
      const wanted = offices === null || office === null ? fresh : news.has(office);
      if (wanted) res.write(frame);
    }
  }

  /** Takes over a raw response as an SSE stream, starting with the current head. */
  attach(res: ServerResponse, head: number, officeId: string | null, origin?: string): void {
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
    this.streams.set(res, officeId);
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
    for (const res of this.streams.keys()) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    this.streams.clear();
    this.sockets.clear();
  }
}

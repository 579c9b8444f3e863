// Sync pokes: after each commit the event streams of the offices whose records
// it changed get the newest seq, so those consoles pull at once instead of
// polling. Local commits arrive from Storage.onCommit; on PostgreSQL, commits of
// other API nodes arrive through LISTEN/NOTIFY on the same callback. Pokes carry
// no data, only a number. Scoping by office matters at a national desk: a commit
// in one office must not make every console of every office pull (a thundering
// herd of empty pulls: in the 200-client soak, 3.5 million pokes for 100k commits).
//
// A stream lives only as long as the session that opened it: logout, a password reset, disabling
// the user or moving them to another office or role ends it (at once when this node made the
// change, within `revalidateMs` when another node or the admin CLI did).
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { UserRole } from '../../shared/domain/enums';
import { liveSessions, type LiveSession } from '../auth/sessions';
import { securityHeaders } from '../security-headers';
import type { Storage } from '../storage/storage';

export interface EventHubOptions {
  /** A comment line this often keeps proxies from closing an idle stream (default 25 s). */
  heartbeatMs?: number;
  /** How often open streams are checked against their sessions (default 5 s). */
  revalidateMs?: number;
}

/** Who opened a stream: the session it depends on and the office it listens for. */
export interface StreamOwner {
  tokenHash: string;
  userId: string;
  role: UserRole;
  /** null: every commit (e.g. an office-less account). */
  officeId: string | null;
}

/** Roles that may hold an event stream; a stream whose user no longer has one is ended. */
const STREAM_ROLES: readonly UserRole[] = ['operator', 'supervisor'];

export class EventHub {
  private latest = 0;
  private readonly latestByOffice = new Map<string, number>();
  /** Open streams and who opened each. */
  private readonly streams = new Map<ServerResponse, StreamOwner>();
  /** Sockets that ever carried a stream: never reused for another request, so closed at shutdown. */
  private readonly sockets = new Set<Socket>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly revalidation: NodeJS.Timeout;
  private revalidating: Promise<void> | null = null;
  private revalidateAgain: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly storage: Storage,
    opts: EventHubOptions = {},
  ) {
    this.unsubscribe = storage.onCommit((seq, offices) => this.poke(seq, offices));
    this.heartbeat = setInterval(() => {
      for (const res of this.streams.keys()) res.write(': keep-alive\n\n');
    }, opts.heartbeatMs ?? 25_000);
    this.heartbeat.unref();
    this.revalidation = setInterval(
      () => void this.revalidate().catch(() => undefined),
      opts.revalidateMs ?? 5000,
    );
    this.revalidation.unref();
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
    for (const [res, { officeId: office }] of this.streams) {
      const wanted = offices === null || office === null ? fresh : news.has(office);
      if (wanted) res.write(frame);
    }
  }

  /** Takes over a raw response as an SSE stream, starting with the current head. */
  attach(res: ServerResponse, head: number, owner: StreamOwner, origin?: string): void {
    this.latest = Math.max(this.latest, head);
    const socket = res.socket;
    // The client may have gone while we authenticated: a stream registered now would never see its
    // 'close' event and would sit in the set (and be written to) until shutdown.
    if (this.closed || !socket || socket.destroyed || res.destroyed || res.writableEnded) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = {
      // The same security headers as every other response (onSend hooks do not run on a hijacked reply).
      ...securityHeaders('/v1/sync/events'),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    };
    if (origin) {
      headers['access-control-allow-origin'] = origin;
      headers.vary = 'Origin';
    }
    this.streams.set(res, owner);
    this.sockets.add(socket);
    // Exempt from the idle timeout: a quiet stream is normal, the heartbeat shows it is alive.
    socket.setTimeout(0);
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

  /** Ends the streams `which` picks: the client sees the stream end and reconnects (and gets a 401). */
  private end(which: (owner: StreamOwner) => boolean): number {
    let ended = 0;
    for (const [res, owner] of [...this.streams]) {
      if (!which(owner)) continue;
      this.streams.delete(res);
      ended++;
      res.end();
      res.socket?.end();
    }
    return ended;
  }

  /** Logout of this node: the session's streams end at once. */
  endSession(tokenHash: string): number {
    return this.end((owner) => owner.tokenHash === tokenHash);
  }

  /**
   * Checks every open stream against its session now; ends those whose session was revoked or
   * expired, whose user was disabled, or whose user's role or office changed.
   */
  revalidate(): Promise<void> {
    if (this.revalidating) {
      // The running check may have read the sessions before the change that asked for this one:
      // one more check runs after it, and this call waits for that one.
      this.revalidateAgain ??= this.revalidating.then(() => {
        this.revalidateAgain = null;
        return this.revalidate();
      });
      return this.revalidateAgain;
    }
    this.revalidating = (async () => {
      if (this.closed || this.streams.size === 0) return;
      const hashes = new Set([...this.streams.values()].map((o) => o.tokenHash));
      const live = await liveSessions(this.storage.sql, [...hashes]);
      // A stream attached while the query ran was not asked about: it is checked next time.
      this.end((owner) => hashes.has(owner.tokenHash) && !stillAllowed(owner, live.get(owner.tokenHash)));
    })().finally(() => {
      this.revalidating = null;
    });
    return this.revalidating;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearInterval(this.revalidation);
    this.unsubscribe();
    // An event stream never becomes an idle keep-alive socket: destroy it, or server.close() would wait for it.
    for (const res of this.streams.keys()) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    this.streams.clear();
    this.sockets.clear();
  }
}

function stillAllowed(owner: StreamOwner, now: LiveSession | undefined): boolean {
  return (
    !!now && STREAM_ROLES.includes(now.role) && now.role === owner.role && now.officeId === owner.officeId
  );
}

// Live channel: an SSE stream of pokes ("the server's newest seq is N"). A
// poke only triggers a pull; the data itself always comes through the pull,
// so a missed poke costs latency, never correctness. We reconnect ourselves
// with backoff instead of relying on EventSource's fixed retry. The console opens the stream with
// fetch (fetch-event-source.ts) so the token goes in the Authorization header; the server ends a
// stream when its session is revoked, and the reconnect then meets a 401 like every other request.
import { PokeEvent } from '../../shared/sync/protocol';
import { Backoff } from './backoff';
import { TimerSlot } from './scheduler';
import type { Clock, Timers } from './types';

export interface EventSourceLike {
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** Where the stream is and how to authenticate: the token travels in a header, never in the URL. */
export interface StreamTarget {
  url: string;
  headers: Record<string, string>;
}

export type EventSourceFactory = (target: StreamTarget) => EventSourceLike;

export interface LiveOptions {
  /** null while signed out: no stream is opened. */
  url: () => StreamTarget | null;
  factory: EventSourceFactory;
  onPoke: (seq: number) => void;
  onOpen: () => void;
  onDown: () => void;
  timers: Timers;
  clock: Clock;
  random?: () => number;
}

export class LiveChannel {
  private source: EventSourceLike | null = null;
  private readonly backoff: Backoff;
  private readonly reconnect: TimerSlot;
  private stopped = true;

  constructor(private readonly options: LiveOptions) {
    this.backoff = new Backoff({ baseMs: 1000, maxMs: 60_000, random: options.random });
    this.reconnect = new TimerSlot(options.timers, () => options.clock.now());
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.reconnect.cancel();
    this.source?.close();
    this.source = null;
  }

  private connect(): void {
    if (this.stopped) return;
    const target = this.options.url();
    if (!target) return;
    const source = this.options.factory(target);
    this.source = source;
    source.onopen = () => {
      this.backoff.reset();
      this.options.onOpen();
    };
    source.onerror = () => {
      if (this.source !== source) return;
      source.close();
      this.source = null;
      this.options.onDown();
      this.reconnect.schedule(this.backoff.next(), () => this.connect());
    };
    const onMessage = (event: MessageEvent) => {
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        return; // keep-alive comments or junk: ignore, the next pull is authoritative anyway
      }
      const poke = PokeEvent.safeParse(data);
      if (poke.success) this.options.onPoke(poke.data.seq);
    };
    source.addEventListener('message', onMessage);
    source.addEventListener('poke', onMessage);
  }
}

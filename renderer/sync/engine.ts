// The client sync engine: push the outbox, then pull, triggered by local
// writes, SSE pokes, coming back online, a periodic poll and "sync now".
// Everything it touches is injected (store, transport, clock, timers, random,
// event source, online source), so it runs the same in Chromium and in Node.
import { SCHEMA_VERSION } from '../../shared/domain/record';
import { Backoff } from './backoff';
import { LiveChannel, type EventSourceFactory } from './live';
import { pullAll } from './pull';
import { pushAll } from './push';
import { TimerSlot } from './scheduler';
import { StatusStore, type SyncErrorInfo } from './status';
import { TransportError, type SyncTransport } from './transport';
import { isOpenAttention } from '../db/database';
import type { SyncStore } from '../db/sync-store-types';
import { systemClock, systemTimers, type Clock, type Timers } from './types';

export interface OnlineSource {
  isOnline(): boolean;
  onOnlineChange(listener: (online: boolean) => void): () => void;
}

export interface SyncEngineOptions {
  store: SyncStore;
  transport: SyncTransport;
  deviceId: string;
  schemaVersion?: number;
  batchSize?: number;
  /** Largest push request body in bytes; defaults to the server's limit (shared/sync/limits.ts). */
  maxBatchBytes?: number;
  pullLimit?: number;
  clock?: Clock;
  timers?: Timers;
  random?: () => number;
  /** Pull even without pokes, to heal a missed poke or a dead SSE proxy. */
  pollIntervalMs?: number;
  /** While offline, how often to ask the server whether it is reachable again. */
  healthIntervalMs?: number;
  /** Collects a burst of keystrokes into one push. */
  pushDebounceMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  events?: EventSourceFactory;
  online?: OnlineSource;
  status?: StatusStore;
  /**
   * The server answered `device_revoked` (an admin revoked this device, issue 19): the engine stops
   * for good and hands over, once, to whoever erases the local data (renderer/db/wipe.ts).
   */
  onRevoked?: (error: TransportError) => Promise<void> | void;
}

export interface SyncCycleResult {
  ok: boolean;
  pushed: number;
  rejected: number;
  pulled: number;
  error?: SyncErrorInfo;
}

type Halt = 'session_expired' | 'update_required' | 'device_revoked';

/** The server's answer to every request of a revoked device (server/devices/register.ts). */
export const DEVICE_REVOKED = 'device_revoked';

export class SyncEngine {
  readonly status: StatusStore;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly retry: TimerSlot;
  private readonly poll: TimerSlot;
  private readonly debounce: TimerSlot;
  private readonly live: LiveChannel | null;
  private current: Promise<SyncCycleResult> | null = null;
  private queued: Promise<SyncCycleResult> | null = null;
  private halted: Halt | null = null;
  private started = false;
  private latestSeq: number | undefined;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly options: SyncEngineOptions) {
    this.clock = options.clock ?? systemClock;
    const timers = options.timers ?? systemTimers;
    const now = () => this.clock.now();
    this.status = options.status ?? new StatusStore();
    this.backoff = new Backoff({
      baseMs: options.retryBaseMs ?? 1000,
      maxMs: options.retryMaxMs ?? 60_000,
      random: options.random,
    });
    this.retry = new TimerSlot(timers, now);
    this.poll = new TimerSlot(timers, now);
    this.debounce = new TimerSlot(timers, now);
    this.live = options.events
      ? new LiveChannel({
          url: () => options.transport.eventsUrl(),
          factory: options.events,
          timers,
          clock: this.clock,
          random: options.random,
          onPoke: (seq) => {
            this.latestSeq = Math.max(seq, this.latestSeq ?? 0);
            void this.syncNow();
          },
          onOpen: () => {
            this.status.update({ online: this.hostOnline() });
            void this.syncNow();
          },
          onDown: () => undefined,
        })
      : null;
  }

  /** Begins automatic syncing. Tests that drive cycles by hand never call this. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const { online, store } = this.options;
    if (online) {
      this.status.update({ online: online.isOnline() });
      this.cleanups.push(
        online.onOnlineChange((isOnline) => {
          this.status.update({ online: isOnline, phase: isOnline ? this.status.get().phase : 'offline' });
          if (isOnline) void this.syncNow();
        }),
      );
    }
    if (store.watchPending) {
      this.cleanups.push(
        store.watchPending((count) => {
          const before = this.status.get().pending;
          this.status.update({ pending: count });
          if (count > before)
            this.debounce.schedule(this.options.pushDebounceMs ?? 300, () => void this.syncNow());
        }),
      );
    }
    this.live?.start();
    void this.syncNow();
  }

  stop(): void {
    this.started = false;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.live?.stop();
    this.retry.cancel();
    this.poll.cancel();
    this.debounce.cancel();
  }

  /** After a fresh login: lifts a session/version halt and syncs. */
  resume(): Promise<SyncCycleResult> {
    // A revoked device stays halted: no sign-in lifts that.
    if (this.halted !== 'device_revoked') this.halted = null;
    this.backoff.reset();
    this.live?.stop();
    if (this.started) this.live?.start();
    return this.syncNow();
  }

  /** Runs a full cycle; a call during a running cycle runs one more right after it. */
  syncNow(): Promise<SyncCycleResult> {
    if (!this.current) return this.startCycle();
    this.queued ??= this.current.then(() => {
      this.queued = null;
      return this.startCycle();
    });
    return this.queued;
  }

  /** The host's network state when it has one; a working request means online otherwise. */
  private hostOnline(): boolean {
    return this.started && this.options.online ? this.options.online.isOnline() : true;
  }

  private startCycle(): Promise<SyncCycleResult> {
    const run = this.cycle().finally(() => {
      if (this.current === run) this.current = null;
    });
    this.current = run;
    return run;
  }

  private async cycle(): Promise<SyncCycleResult> {
    const result: SyncCycleResult = { ok: false, pushed: 0, rejected: 0, pulled: 0 };
    if (this.halted) {
      result.error = this.status.get().error ?? { code: this.halted, message: this.halted };
      return result;
    }
    const { store, transport } = this.options;
    const nowIso = () => new Date(this.clock.now()).toISOString();
    try {
      this.status.update({ phase: 'pushing', pending: await store.pendingCount() });
      const pushed = await pushAll({
        store,
        transport,
        deviceId: this.options.deviceId,
        schemaVersion: this.options.schemaVersion ?? SCHEMA_VERSION,
        batchSize: this.options.batchSize ?? 200,
        maxBatchBytes: this.options.maxBatchBytes,
        now: nowIso,
      });
      result.pushed = pushed.sent;
      result.rejected = pushed.rejected;
      this.status.update({ phase: 'pulling', pull: { received: 0 }, pending: await store.pendingCount() });
      const pulled = await pullAll({
        store,
        transport,
        limit: this.options.pullLimit ?? 1000,
        latestSeq: this.latestSeq,
        onProgress: (pull) => this.status.update({ pull }),
      });
      result.pulled = pulled.received;
      result.ok = true;
      const at = nowIso();
      await store.setMeta('lastSuccessAt', at);
      this.backoff.reset();
      this.retry.cancel();
      // A cycle that finishes after the host reported the network gone (its requests were already
      // answered) does not undo that report: the next change of the host's state is what counts.
      const online = this.hostOnline();
      this.status.update({
        phase: online ? 'idle' : 'offline',
        online,
        error: null,
        lastSuccessAt: at,
        nextRetryAt: null,
      });
    } catch (error) {
      result.error = this.fail(error);
    } finally {
      this.status.update({
        pull: null,
        pending: await store.pendingCount().catch(() => this.status.get().pending),
        attention: (await store.listAttention().catch(() => [])).filter(isOpenAttention).length,
      });
      if (this.started) this.poll.schedule(this.options.pollIntervalMs ?? 60_000, () => void this.syncNow());
    }
    return result;
  }

  private fail(error: unknown): SyncErrorInfo {
    const info: SyncErrorInfo =
      error instanceof TransportError
        ? { code: error.code, message: error.message }
        : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
    if (error instanceof TransportError && error.code === DEVICE_REVOKED) {
      // Not a retry, not a new sign-in: nothing of this device may go to the server any more.
      const first = this.halted !== 'device_revoked';
      this.halted = 'device_revoked';
      this.stop();
      this.status.update({ phase: 'error', error: { code: DEVICE_REVOKED, message: error.message } });
      if (first) void Promise.resolve(this.options.onRevoked?.(error)).catch(() => undefined);
      return { code: DEVICE_REVOKED, message: error.message };
    }
    if (error instanceof TransportError && error.kind === 'unauthorized') {
      // The outbox stays; a new login calls resume() and everything goes out.
      this.halted = 'session_expired';
      this.status.update({
        phase: 'session_expired',
        error: { code: 'session_expired', message: error.message },
      });
      return { code: 'session_expired', message: error.message };
    }
    if (error instanceof TransportError && error.kind === 'update_required') {
      this.halted = 'update_required';
      this.status.update({
        phase: 'update_required',
        error: { code: 'update_required', message: error.message },
      });
      return { code: 'update_required', message: error.message };
    }
    const offline = error instanceof TransportError && error.kind === 'network';
    const delay = this.backoff.next();
    this.status.update({
      phase: offline ? 'offline' : 'error',
      online: !offline,
      error: info,
      nextRetryAt: new Date(this.clock.now() + delay).toISOString(),
    });
    // Offline: the health interval is the upper bound, so a returning network is noticed quickly.
    const wait = offline ? Math.min(delay, this.options.healthIntervalMs ?? 15_000) : delay;
    if (this.started) this.retry.schedule(wait, () => void this.retryOrProbe(offline));
    return info;
  }

  private async retryOrProbe(offline: boolean): Promise<void> {
    if (offline && !(await this.options.transport.probe())) {
      this.fail(new TransportError('network', 'server still unreachable'));
      return;
    }
    await this.syncNow();
  }
}

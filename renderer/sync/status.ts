// Observable sync status for the status bar. A tiny external store so React
// reads it through useSyncExternalStore and tests read it directly.
export type SyncPhase =
  'idle' | 'pushing' | 'pulling' | 'offline' | 'error' | 'session_expired' | 'update_required';

export interface SyncErrorInfo {
  code: string;
  message: string;
}

export interface PullProgress {
  received: number;
  estimate?: number;
}

export interface SyncStatus {
  online: boolean;
  phase: SyncPhase;
  pending: number;
  attention: number;
  lastSuccessAt: string | null;
  error: SyncErrorInfo | null;
  pull: PullProgress | null;
  nextRetryAt: string | null;
}

export const INITIAL_STATUS: SyncStatus = {
  online: true,
  phase: 'idle',
  pending: 0,
  attention: 0,
  lastSuccessAt: null,
  error: null,
  pull: null,
  nextRetryAt: null,
};

export class StatusStore {
  private state: SyncStatus;
  private readonly listeners = new Set<(status: SyncStatus) => void>();

  constructor(initial: Partial<SyncStatus> = {}) {
    this.state = { ...INITIAL_STATUS, ...initial };
  }

  get = (): SyncStatus => this.state;

  subscribe = (listener: (status: SyncStatus) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(patch: Partial<SyncStatus>): void {
    const next = { ...this.state, ...patch };
    const changed = (Object.keys(patch) as Array<keyof SyncStatus>).some((k) => next[k] !== this.state[k]);
    if (!changed) return;
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }
}

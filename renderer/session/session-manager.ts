// Sign-in, offline unlock, lock, logout and expiry. The first sign-in of a
// user on a device must be online; it leaves a local password verifier so the
// same user can unlock later without network. The token and the verifier live
// in the host's secret store (OS keychain in Electron), never in IndexedDB.
// Where that store refuses to write (a desktop without a keychain) the session
// is kept in memory for this run only: the operator works, is told once that
// offline unlock is not available on this computer, and signs in online after
// a restart. Nothing here touches the outbox: logging out or expiring never
// loses unsent work.
import { z } from 'zod';
import type { LoginResponse, SessionUser } from '../../shared/sync/protocol';
import { TransportError } from '../sync/transport';
import { LOCAL_ACTOR_ID, LOCAL_OFFICE_ID, setActor } from './actor';
import {
  accountKey,
  CURRENT_KEY,
  CurrentSession,
  OfflineAccount,
  readParsed,
  type KeyValueTable,
} from './session-store';
import { checkVerifier, createVerifier, DEFAULT_ITERATIONS } from './verifier';
import { REVOKED_NOTICE_KEY } from '../db/wipe';
import { VerifierStore } from './verifier-store';

export const TOKEN_SECRET_KEY = 'posko.session-token';
const StoredToken = z.object({ userId: z.string(), token: z.string(), expiresAt: z.string() });

export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export type SessionState =
  | { status: 'loading' }
  /** `revoked`: an admin revoked this device and it erased its data (renderer/db/wipe.ts); the screen says so. */
  | { status: 'signed_out'; lastUsername: string | null; revoked?: boolean }
  /** `idle`: auto-lock in a running session (the app stays mounted, sync goes on); `restart`: app start. */
  | { status: 'locked'; user: SessionUser; reason: 'idle' | 'restart' }
  /**
   * `offlineUnlock`: whether this sign-in could be kept on this computer (token and verifier in
   * the secret store). 'unavailable' means memory only: the UI says so once.
   */
  | { status: 'active'; user: SessionUser; mode: 'online' | 'offline'; offlineUnlock: OfflineUnlock }
  | { status: 'expired'; user: SessionUser };

export type OfflineUnlock = 'available' | 'unavailable';

export type SignInErrorCode =
  | 'invalid_credentials'
  | 'offline_first_login'
  /** Offline, and this computer could not keep a verifier (no OS keychain): only online sign-in works. */
  | 'offline_unavailable'
  | 'rate_limited'
  | 'server_error'
  | 'other_user_pending'
  /** The server refuses this device (revoked by an admin, issue 19). */
  | 'device_revoked'
  /** The server is used with the desktop app only (POSKO_ALLOW_BROWSER_CONSOLE=false, issue 19). */
  | 'browser_console_disabled';

export class SignInError extends Error {
  constructor(
    readonly code: SignInErrorCode,
    message: string,
    /** Interpolation values for the UI message (e.g. count and names of another user's unsent changes). */
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

export interface SessionManagerOptions {
  table: KeyValueTable;
  secrets: SecretStore;
  login: (username: string, password: string, deviceId: string) => Promise<LoginResponse>;
  logout?: () => Promise<void>;
  deviceId: () => string;
  serverUrl: () => string;
  now?: () => Date;
  /** PBKDF2 iterations of new verifiers; never below MIN_ITERATIONS (createVerifier refuses). */
  iterations?: number;
  /**
   * Unsent outbox rows made by anyone other than `userId`. Signing in as a
   * different user is refused while there are any: their mutations carry the
   * other person's actorId and would be pushed under this user's token.
   */
  pendingOfOthers?: (userId: string) => Promise<{ count: number; names: string[] }>;
  /**
   * A sign-in answered `device_revoked`: erase this device (renderer/sync/client.ts,
   * eraseRevokedDevice) before the form says why. A signed-out console holds data too.
   */
  onRevoked?: (message: string) => Promise<void>;
}

export class SessionManager {
  private state: SessionState = { status: 'loading' };
  private token: string | null = null;
  private tokenUserId: string | null = null;
  private readonly listeners = new Set<(state: SessionState) => void>();
  private readonly now: () => Date;
  private readonly verifiers: VerifierStore;
  /** Set once the secret store refused a write in this run; it will not start working mid-run. */
  private offlineUnlock: OfflineUnlock = 'available';

  constructor(private readonly options: SessionManagerOptions) {
    this.now = options.now ?? (() => new Date());
    this.verifiers = new VerifierStore(options.secrets, this.now);
  }

  get = (): SessionState => this.state;
  getToken = (): string | null => this.token;

  subscribe = (listener: (state: SessionState) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** At app start a previous session is locked: the operator proves who they are again. */
  async init(): Promise<SessionState> {
    await this.scrubLegacyVerifiers();
    const current = await readParsed(this.options.table, CURRENT_KEY, CurrentSession);
    if (current) this.set({ status: 'locked', user: current.user, reason: 'restart' });
    else {
      const revoked = Boolean(await this.options.table.get(REVOKED_NOTICE_KEY));
      this.set({ status: 'signed_out', lastUsername: null, ...(revoked ? { revoked } : {}) });
    }
    return this.state;
  }

  async signIn(username: string, password: string): Promise<SessionState> {
    let response: LoginResponse;
    try {
      response = await this.options.login(username, password, this.options.deviceId());
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      if (error.code === 'device_revoked') {
        await this.options.onRevoked?.(error.message);
        throw new SignInError('device_revoked', error.message);
      }
      // Not a wrong password: this server does not take the browser console at all.
      if (error.code === 'browser_console_disabled') throw new SignInError(error.code, error.message);
      if (error.kind === 'unauthorized' || error.kind === 'forbidden' || error.kind === 'bad_request') {
        throw new SignInError('invalid_credentials', error.message);
      }
      if (error.status === 429) throw new SignInError('rate_limited', error.message);
      if (error.retryable) return this.unlockOffline(username, password);
      throw new SignInError('server_error', error.message);
    }
    await this.guardOtherUsersWork(response.user.id);
    return this.completeOnline(response, password);
  }

  /** Offline unlock against the verifier the last online sign-in left on this device. */
  async unlockOffline(username: string, password: string): Promise<SessionState> {
    const account = await readParsed(this.options.table, accountKey(username), OfflineAccount);
    if (!account) {
      throw new SignInError('offline_first_login', 'The first sign-in on this computer needs the network.');
    }
    const usable = await this.verifiers.get(username);
    if (!usable || usable.userId !== account.user.id) {
      // No verifier this run or in the secret store (none could be kept, or it was below the cost floor).
      if (account.offlineUnlock === false || this.offlineUnlock === 'unavailable') {
        throw new SignInError('offline_unavailable', 'Offline unlock is not available on this computer.');
      }
      throw new SignInError('offline_first_login', 'The first sign-in on this computer needs the network.');
    }
    if (!(await checkVerifier(password, usable.verifier))) {
      throw new SignInError('invalid_credentials', 'Wrong username or password.');
    }
    await this.guardOtherUsersWork(account.user.id);
    const stored = await this.readToken();
    // A token of another user must never be used for this one; this run's token (kept in memory
    // where the secret store has none) stays when the same user unlocks an idle lock.
    const sameUserInMemory = this.token !== null && this.tokenUserId === account.user.id;
    if (!sameUserInMemory) {
      this.token = stored && stored.userId === account.user.id ? stored.token : null;
      this.tokenUserId = this.token ? account.user.id : null;
    }
    await this.writeCurrent(account.user, stored?.expiresAt ?? null, 'offline');
    this.activate(account.user, 'offline');
    return this.state;
  }

  /** The server refused the token (401): work goes on locally, sync waits for a new sign-in. */
  expire(): void {
    if (this.state.status === 'active') this.set({ status: 'expired', user: this.state.user });
  }

  /**
   * Auto-lock after inactivity. The token stays in memory and sync goes on:
   * the data is already on this device, and a locked screen must not stop the
   * outbox from draining. Unlocking needs the password (online or verifier).
   */
  lock(): void {
    if (this.state.status === 'active') {
      this.set({ status: 'locked', user: this.state.user, reason: 'idle' });
    }
  }

  private async guardOtherUsersWork(userId: string): Promise<void> {
    const others = await this.options.pendingOfOthers?.(userId);
    if (others && others.count > 0) {
      throw new SignInError(
        'other_user_pending',
        `${others.count} unsent changes of ${others.names.join(', ')} are still on this computer`,
        { count: others.count, names: others.names.join(', ') },
      );
    }
  }

  async logout(): Promise<void> {
    const last = 'user' in this.state ? this.state.user.username : null;
    try {
      await this.options.logout?.();
    } catch {
      // Offline logout still ends the session here; the token expires on the server by itself.
    }
    this.token = null;
    this.tokenUserId = null;
    await this.options.secrets.delete(TOKEN_SECRET_KEY).catch(() => undefined);
    await this.options.table.delete(CURRENT_KEY);
    setActor({ actorId: LOCAL_ACTOR_ID, officeId: LOCAL_OFFICE_ID });
    this.set({ status: 'signed_out', lastUsername: last });
  }

  private async completeOnline(response: LoginResponse, password: string): Promise<SessionState> {
    const { token, expiresAt, user } = response;
    this.token = token;
    this.tokenUserId = user.id;
    const tokenKept = await this.keepToken(JSON.stringify({ userId: user.id, token, expiresAt }));
    const verifier = await createVerifier(password, this.options.iterations ?? DEFAULT_ITERATIONS);
    const verifierKept = await this.verifiers.put(user.username, user.id, verifier);
    if (!tokenKept || !verifierKept) this.offlineUnlock = 'unavailable';
    const account: OfflineAccount = {
      user,
      serverUrl: this.options.serverUrl(),
      lastOnlineLoginAt: this.now().toISOString(),
      offlineUnlock: tokenKept && verifierKept,
    };
    await this.options.table.put({ key: accountKey(user.username), value: account });
    await this.writeCurrent(user, expiresAt, 'online');
    this.activate(user, 'online');
    return this.state;
  }

  /** False when the secret store refuses (desktop without a keychain): the token stays in memory only. */
  private async keepToken(value: string): Promise<boolean> {
    try {
      await this.options.secrets.set(TOKEN_SECRET_KEY, value);
      return true;
    } catch (error) {
      console.warn(
        'the session cannot be kept on this computer:',
        error instanceof Error ? error.message : error,
      );
      // A token an earlier run kept must not be picked up later in place of this one.
      await this.options.secrets.delete(TOKEN_SECRET_KEY).catch(() => undefined);
      return false;
    }
  }

  /** Verifiers older builds kept in IndexedDB are removed: they now live in the secret store only. */
  private async scrubLegacyVerifiers(): Promise<void> {
    const rows = (await this.options.table.toArray?.()) ?? [];
    for (const row of rows) {
      const value = row.value as { verifier?: unknown } | null;
      if (!row.key.startsWith('account:') || typeof value !== 'object' || value === null) continue;
      if (!('verifier' in value)) continue;
      const parsed = OfflineAccount.safeParse(value);
      if (parsed.success) await this.options.table.put({ key: row.key, value: parsed.data });
      else await this.options.table.delete(row.key);
    }
  }

  private async readToken(): Promise<z.infer<typeof StoredToken> | null> {
    // A keychain that cannot decrypt (a profile copied to another machine) means no token, not a failed unlock.
    const raw = await this.options.secrets.get(TOKEN_SECRET_KEY).catch(() => null);
    if (!raw) return null;
    try {
      const parsed = StoredToken.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private async writeCurrent(user: SessionUser, expiresAt: string | null, mode: 'online' | 'offline') {
    const current: CurrentSession = { user, expiresAt, startedAt: this.now().toISOString(), mode };
    await this.options.table.put({ key: CURRENT_KEY, value: current });
  }

  private activate(user: SessionUser, mode: 'online' | 'offline') {
    setActor({ actorId: user.id, officeId: user.officeId ?? LOCAL_OFFICE_ID });
    this.set({ status: 'active', user, mode, offlineUnlock: this.offlineUnlock });
  }

  private set(state: SessionState) {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

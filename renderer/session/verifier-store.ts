// Where the offline-unlock verifiers live: in the host's secret store (the OS
// keychain through safeStorage in the desktop app, localStorage in a browser
// tab), one entry for all users of this device, never in IndexedDB. A disk
// copied from a stolen laptop then holds no password hash that can be attacked
// offline unless the OS account's keychain is unlocked too.
//
// Every verifier is also kept in memory for the run: where the secret store
// refuses to write (no keychain), an idle lock can still be lifted offline in
// the same run, but nothing survives a restart.
import { z } from 'zod';
import { PasswordVerifier } from './verifier';
import type { SecretStore } from './session-manager';

export const VERIFIERS_SECRET_KEY = 'posko.offline-verifiers';
/** Users remembered per device; the oldest are forgotten first (and just sign in online once more). */
const MAX_USERS = 40;

const Entry = z.object({ userId: z.string().max(200), verifier: z.unknown(), savedAt: z.string().max(40) });
const StoredVerifiers = z.object({
  version: z.literal(1),
  users: z.array(z.tuple([z.string().max(200), Entry])).max(MAX_USERS),
});
type Entry = z.infer<typeof Entry>;

export interface UsableVerifier {
  userId: string;
  verifier: PasswordVerifier;
}

const normal = (username: string) => username.trim().toLowerCase();

export class VerifierStore {
  private readonly memory = new Map<string, Entry>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly now: () => Date,
  ) {}

  /**
   * The verifier for `username`, from this run's memory or the secret store. An entry below the
   * cost floor (or otherwise malformed) counts as none: it never unlocks.
   */
  async get(username: string): Promise<UsableVerifier | null> {
    const key = normal(username);
    const entry = this.memory.get(key) ?? (await this.read()).get(key);
    if (!entry) return null;
    const verifier = PasswordVerifier.safeParse(entry.verifier);
    return verifier.success ? { userId: entry.userId, verifier: verifier.data } : null;
  }

  /** Keeps the verifier for this run and tries to persist it; false when the secret store refused. */
  async put(username: string, userId: string, verifier: PasswordVerifier): Promise<boolean> {
    const key = normal(username);
    const entry: Entry = { userId, verifier, savedAt: this.now().toISOString() };
    this.memory.set(key, entry);
    const all = await this.read();
    const hadOld = all.delete(key);
    all.set(key, entry);
    try {
      await this.secrets.set(
        VERIFIERS_SECRET_KEY,
        JSON.stringify({ version: 1, users: [...all].slice(-MAX_USERS) }),
      );
      return true;
    } catch {
      // The store refused (no keychain any more). An older persisted verifier of this user must not
      // outlive the password just used; the entry cannot be rewritten without the keychain, so it
      // goes as a whole (deleting never needs the keychain). Others sign in online once more.
      if (hadOld) await this.secrets.delete(VERIFIERS_SECRET_KEY).catch(() => undefined);
      return false;
    }
  }

  private async read(): Promise<Map<string, Entry>> {
    let raw: string | null;
    try {
      raw = await this.secrets.get(VERIFIERS_SECRET_KEY);
    } catch {
      return new Map(); // the keychain cannot decrypt it (e.g. a copied profile): nothing usable
    }
    if (!raw) return new Map();
    try {
      const parsed = StoredVerifiers.safeParse(JSON.parse(raw));
      return parsed.success ? new Map(parsed.data.users) : new Map();
    } catch {
      return new Map();
    }
  }
}

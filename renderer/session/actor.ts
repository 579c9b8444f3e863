// INTEGRATION POINT with the session/login code (renderer/session/**, owned by
// the sync work): who is acting on this device. The repository stamps every
// outbox mutation with getActor(). Until login sets a user the actor is
// 'local'; the device id is generated once and kept for the life of the
// install (localStorage, mirrored into the Dexie `session` table).
import { createStore } from 'zustand/vanilla';
import { v4 as uuidv4 } from 'uuid';

export interface Actor {
  actorId: string;
  deviceId: string;
  officeId: string;
}

export const LOCAL_ACTOR_ID = 'local';
export const LOCAL_OFFICE_ID = 'local';
const DEVICE_KEY = 'posko.deviceId';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by policy: the id lives for this page only
  }
}

function loadOrCreateDeviceId(): string {
  const store = storage();
  const existing = store?.getItem(DEVICE_KEY);
  if (existing) return existing;
  const created = uuidv4();
  store?.setItem(DEVICE_KEY, created);
  return created;
}

export const actorStore = createStore<Actor>(() => ({
  actorId: LOCAL_ACTOR_ID,
  deviceId: loadOrCreateDeviceId(),
  officeId: LOCAL_OFFICE_ID,
}));

export function getActor(): Actor {
  return actorStore.getState();
}

/** Login/logout call this; the device id is not theirs to change. */
export function setActor(next: Pick<Actor, 'actorId' | 'officeId'>): void {
  actorStore.setState({ actorId: next.actorId, officeId: next.officeId });
}

/** Reconciles the device id with the one kept in IndexedDB (survives a cleared localStorage). */
export async function restoreDeviceId(session: {
  get(key: string): Promise<{ key: string; value: unknown } | undefined>;
  put(row: { key: string; value: unknown }): Promise<unknown>;
}): Promise<string> {
  const saved = await session.get('deviceId');
  if (typeof saved?.value === 'string' && saved.value.length > 0) {
    if (saved.value !== getActor().deviceId) {
      actorStore.setState({ deviceId: saved.value });
      storage()?.setItem(DEVICE_KEY, saved.value);
    }
    return saved.value;
  }
  await session.put({ key: 'deviceId', value: getActor().deviceId });
  return getActor().deviceId;
}

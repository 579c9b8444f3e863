// Names for user ids (issue 17, "People, not ids"): every screen that shows a
// user asks here. The names come from the office directory cached on this
// device (renderer/db/directory.ts, kept fresh by renderer/sync/directory-refresh.ts)
// and the accounts that signed in here, so they show offline too. An id no
// one on this device can name (another office's user, an admin) reads as a
// neutral "another user", never the raw id.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { DirectoryRow } from '../../db/database';
import { knownPeople, readDirectory, type Person } from '../../db/directory';
import { actorStore } from '../../session/actor';
import { useRepository } from '../sync/sync-context';

export type { Person } from '../../db/directory';

export interface People {
  /** The display name of `id`; "another user" when unknown, "—" when there is no one. */
  name(id: string | null | undefined): string;
  person(id: string | null | undefined): Person | undefined;
  /** Active operators and supervisors of the operator's office, by name: who can own a case. */
  assignable: Person[];
  /** The signed-in user (actor) and their role when this device knows it. */
  me: Person | undefined;
  office: DirectoryRow['office'] | undefined;
}

const NO_PEOPLE = new Map<string, Person>();

export function usePeople(): People {
  const { t } = useTranslation();
  const repository = useRepository();
  const { actorId, officeId } = useStore(actorStore);
  const people = useLiveQuery(() => knownPeople(repository.db), [repository], NO_PEOPLE);
  const directory = useLiveQuery(() => readDirectory(repository.db, officeId), [repository, officeId]);
  return useMemo(() => {
    const person = (id: string | null | undefined) => (id ? people.get(id) : undefined);
    const name = (id: string | null | undefined) => {
      if (!id) return '—';
      const known = people.get(id);
      if (!known) return t('people.unknown');
      return known.active === false ? t('people.inactive', { name: known.displayName }) : known.displayName;
    };
    const assignable = (directory?.users ?? [])
      .filter((u) => u.active && (u.role === 'operator' || u.role === 'supervisor'))
      .map((u) => ({ ...u }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    return { name, person, assignable, me: person(actorId), office: directory?.office };
  }, [people, directory, actorId, t]);
}

/** One user's name (see usePeople().name). */
export function useUserName(id: string | null | undefined): string {
  return usePeople().name(id);
}

/** Whether the signed-in user is a supervisor (assigning, reassigning and handing over cases). */
export function useIsSupervisor(): boolean {
  return usePeople().me?.role === 'supervisor';
}

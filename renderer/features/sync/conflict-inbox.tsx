// Open conflicts (for a supervisor: the whole office, since pull only brings
// what this user may see), optionally for one case, and the side-by-side view
// of base / theirs / mine with who and when. Choosing a value sends a
// `resolve` mutation through the outbox.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Json } from '../../../shared/sync/paths';
import type { Conflict } from '../../../shared/sync/protocol';
import type { ConflictInboxData } from '../../db/sync-queries';
import { getActor } from '../../session/actor';
import { usePeople } from '../people/use-people';
import { useRepository, useSync } from './sync-context';

const NO_CONFLICTS: ConflictInboxData = { open: [], resolving: new Set(), cases: new Map() };

export function ConflictInbox({ caseId }: { caseId?: string }) {
  const { t } = useTranslation();
  const { openRecord } = useSync();
  const repository = useRepository();
  const [selected, setSelected] = useState<string | null>(null);
  const data = useLiveQuery(() => repository.conflictInbox(caseId), [repository, caseId], NO_CONFLICTS);
  const current = data.open.find((c) => c.id === selected) ?? null;
  return (
    <section
      className={caseId ? 'conflict-inbox' : 'screen conflict-inbox'}
      aria-labelledby="conflict-inbox-title"
    >
      {caseId ? (
        <h2 id="conflict-inbox-title">{t('sync.conflicts.title')}</h2>
      ) : (
        <h1 id="conflict-inbox-title">{t('sync.conflicts.title')}</h1>
      )}
      {data.open.length === 0 ? (
        <p>{t('sync.conflicts.empty')}</p>
      ) : (
        <p>{t('sync.conflicts.count', { count: data.open.length })}</p>
      )}
      <ul>
        {data.open.map((c) => (
          <li key={c.id} data-testid="conflict-item">
            {!caseId && c.caseId && <strong>{data.cases.get(c.caseId) ?? c.caseId}</strong>}
            <code>{c.path}</code> · {c.table}
            {data.resolving.has(c.id) ? (
              <em> · {t('sync.conflicts.resolving')}</em>
            ) : (
              <button type="button" onClick={() => setSelected(c.id)}>
                {t('sync.conflicts.open')}
              </button>
            )}
            {!caseId && openRecord && (
              <button type="button" onClick={() => openRecord(c.table, c.recordId)}>
                {t('sync.conflicts.openCase')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {current && !data.resolving.has(current.id) && (
        <ConflictView conflict={current} onDone={() => setSelected(null)} />
      )}
    </section>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function ConflictView({ conflict, onDone }: { conflict: Conflict; onDone: () => void }) {
  const { t } = useTranslation();
  const repository = useRepository();
  const people = usePeople();
  const [busy, setBusy] = useState(false);
  const who = (actorId: string | null) => {
    if (!actorId) return t('sync.conflicts.unknown');
    if (actorId === getActor().actorId) return t('sync.conflicts.you');
    // The office directory names the other side; an id it does not know reads "another user".
    return people.name(actorId);
  };
  const choose = async (value: unknown) => {
    setBusy(true);
    try {
      await repository.resolveConflict(conflict, (value ?? null) as Json);
      onDone();
    } finally {
      setBusy(false);
    }
  };
  const when = (at: string | null) => (at ? new Date(at).toLocaleString() : t('sync.conflicts.unknown'));
  const columns = [
    { key: 'base', title: t('sync.conflicts.base'), value: conflict.base, who: null },
    {
      key: 'theirs',
      title: t('sync.conflicts.theirs'),
      value: conflict.server,
      who: t('sync.conflicts.by', { who: who(conflict.serverActorId), time: when(conflict.serverAt) }),
    },
    {
      key: 'mine',
      title: t('sync.conflicts.mine', { who: who(conflict.clientActorId) }),
      value: conflict.client,
      who: t('sync.conflicts.by', { who: who(conflict.clientActorId), time: when(conflict.clientAt) }),
    },
  ];
  return (
    <div className="conflict-view" role="dialog" aria-label={conflict.path}>
      <div>
        {t('sync.conflicts.field')}: <code>{conflict.path}</code>
      </div>
      <div
        className="conflict-columns"
        style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 8 }}
      >
        {columns.map((col) => (
          <div key={col.key} data-testid={`conflict-${col.key}`}>
            <h3>{col.title}</h3>
            <pre>{show(col.value)}</pre>
            {col.who && <small className="conflict-who">{col.who}</small>}
            {col.key !== 'base' && (
              <button type="button" disabled={busy} onClick={() => void choose(col.value)}>
                {t('sync.conflicts.choose')}
              </button>
            )}
          </div>
        ))}
      </div>
      <button type="button" onClick={onDone}>
        {t('sync.conflicts.close')}
      </button>
    </div>
  );
}

// A supervisor hands the case over to another office (issue 17). This is not
// a record edit (the office of a case is fixed for every edit): the console
// asks the server (POST /v1/cases/:id/handover), which needs the network, then
// syncs; the sync drops the case from this office's consoles.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseRecord } from '../../../shared/domain/case';
import { useSaver } from '../case-file/use-saver';
import { usePeople } from '../people/use-people';
import { useSync } from '../sync/sync-context';

const OFFICE_CODE = /^[A-Z0-9]{2,10}$/;

export function HandoverForm({ record }: { record: Pick<CaseRecord, 'id' | 'status'> }) {
  const { t } = useTranslation();
  const { transport, engine } = useSync();
  const people = usePeople();
  const { run, fail, notice } = useSaver();
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  if (people.me?.role !== 'supervisor' || !transport) return null;
  const submit = async () => {
    const office = code.trim().toUpperCase();
    if (!OFFICE_CODE.test(office)) return fail(t('handover.badCode'));
    if (!reason.trim()) return fail(t('handover.needReason'));
    setBusy(true);
    await run(
      async () => {
        const result = await transport.handover(record.id, { toOfficeCode: office, reason: reason.trim() });
        void engine.syncNow();
        return result;
      },
      t('handover.done', { office }),
    );
    setBusy(false);
  };
  return (
    <section className="panel panel--wide" aria-labelledby="case-handover">
      <h2 id="case-handover">{t('handover.title')}</h2>
      <p className="muted">{t('handover.hint')}</p>
      <div className="case-owner__assign">
        <label>
          <span>{t('handover.office')}</span>
          <input value={code} maxLength={10} onChange={(e) => setCode(e.target.value)} />
        </label>
        <label>
          <span>{t('handover.reason')}</span>
          <input value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="button" className="button" disabled={busy} onClick={() => void submit()}>
          {t('handover.submit')}
        </button>
        {notice}
      </div>
    </section>
  );
}

import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultNextPromise } from '../../../shared/domain/follow-up';
import type { ContactRecord } from '../../../shared/domain/events';
import type { LocalCase } from '../../db/database';
import { getRepository } from '../../db/instance';
import { enumKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { getActor } from '../../session/actor';
import { useUiStore } from '../../stores/ui-store';
import { useContactDraftStore } from '../cases/contact-draft-store';
import type { ContactDraft } from '../cases/contact-draft-store';
import { fromLocalInput, toLocalInput } from './datetime';
import { EnumFieldRow, FieldRow, SelectFieldRow } from './field-row';
import { Section } from './section';
import { useSaver } from './use-saver';

const OTHER = '__other';

interface Draft {
  at: string;
  direction: ContactRecord['direction'];
  channel: ContactRecord['channel'];
  party: string;
  partyName: string;
  numberUsed: string;
  result: ContactRecord['result'];
  toldFamily: string;
  notes: string;
  nextPromise: string;
  promiseTouched: boolean;
}

function initialDraft(record: LocalCase, prefill: ContactDraft | null): Draft {
  const now = new Date(Date.now()).toISOString();
  const reporters = Object.entries(record.reporters).sort(([, a], [, b]) => a.order - b.order);
  const matched = prefill
    ? reporters.find(
        ([, r]) => r.phones.some((p) => p.e164 === prefill.numberUsed) || r.name === prefill.partyName,
      )
    : undefined;
  const [firstKey, first] = matched ?? reporters[0] ?? [OTHER, undefined];
  return {
    at: toLocalInput(now),
    direction: prefill?.direction ?? 'outgoing',
    channel: prefill?.channel ?? 'phone',
    party: firstKey,
    partyName: prefill?.partyName ?? first?.name ?? '',
    numberUsed: prefill?.numberUsed ?? first?.phones[0]?.e164 ?? '',
    result: 'connected',
    toldFamily: '',
    notes: prefill?.notes ?? '',
    nextPromise: toLocalInput(defaultNextPromise(now, record.urgency)),
    promiseTouched: false,
  };
}

/** Append-only contact log: every call, message or visit, and the next update promised to the family. */
export function ContactLog({ record, contacts }: { record: LocalCase; contacts: ContactRecord[] }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  // Peek in render (StrictMode runs initializers twice), clear after mount.
  const [prefilled] = useState(() => {
    const pending = useContactDraftStore.getState().draft;
    return pending?.caseId === record.id ? pending : null;
  });
  useEffect(() => {
    if (prefilled) useContactDraftStore.getState().take(record.id);
  }, [prefilled, record.id]);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(record, prefilled));
  const { setMessage, fail, failed, notice } = useSaver();
  const reporters = Object.entries(record.reporters).sort(([, a], [, b]) => a.order - b.order);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const onAt = (value: string) =>
    setDraft((d) => {
      const iso = fromLocalInput(value);
      // The promise follows the contact time until the operator sets it by hand.
      const nextPromise =
        !d.promiseTouched && iso ? toLocalInput(defaultNextPromise(iso, record.urgency)) : d.nextPromise;
      return { ...d, at: value, nextPromise };
    });
  const onParty = (key: string) =>
    setDraft((d) => {
      const reporter = record.reporters[key];
      return reporter
        ? { ...d, party: key, partyName: reporter.name, numberUsed: reporter.phones[0]?.e164 ?? d.numberUsed }
        : { ...d, party: key, partyName: '' };
    });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const at = fromLocalInput(draft.at);
    if (!at) return fail(t('validation.invalidDate'));
    if (draft.partyName.trim() === '') return fail(t('caseFile.partyRequired'));
    try {
      await getRepository().createRecord('contacts', {
        caseId: record.id,
        at,
        direction: draft.direction,
        channel: draft.channel,
        reporterKey: draft.party === OTHER ? null : draft.party,
        partyName: draft.partyName.trim(),
        numberUsed: draft.numberUsed.trim() || null,
        result: draft.result,
        toldFamily: draft.toldFamily,
        notes: draft.notes,
        nextPromiseAt: fromLocalInput(draft.nextPromise),
        authorId: getActor().actorId,
        officeId: record.officeId,
      });
      setMessage({ kind: 'success', text: t('caseFile.contactSaved') });
      setDraft(initialDraft(record, null));
    } catch (error) {
      failed(error);
    }
  };

  const newestFirst = [...contacts].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Section id="case-contacts" title={t('caseFile.contactLog')} wide>
      {prefilled ? <p className="notice notice--info">{t('caseFile.attachedCall')}</p> : null}
      <form
        className="form form--compact contact-form"
        onSubmit={(e) => void onSubmit(e)}
        aria-label={t('caseFile.newContact')}
      >
        <div className="form__grid">
          <FieldRow
            id="ct-at"
            label={t('caseFile.when')}
            value={draft.at}
            onChange={onAt}
            type="datetime-local"
          />
          <EnumFieldRow
            id="ct-direction"
            label={t('caseFile.direction')}
            enumName="contactDirection"
            value={draft.direction}
            onChange={(v) => set('direction', v)}
          />
          <EnumFieldRow
            id="ct-channel"
            label={t('caseForm.channel')}
            enumName="channel"
            value={draft.channel}
            onChange={(v) => set('channel', v)}
          />
          <SelectFieldRow id="ct-party" label={t('caseFile.party')} value={draft.party} onChange={onParty}>
            {reporters.map(([key, r]) => (
              <option key={key} value={key}>
                {`${r.name} (${t(enumKey('relationship', r.relationship))})`}
              </option>
            ))}
            <option value={OTHER}>{t('caseFile.otherParty')}</option>
          </SelectFieldRow>
          {draft.party === OTHER ? (
            <FieldRow
              id="ct-party-name"
              label={t('caseFile.partyName')}
              value={draft.partyName}
              onChange={(v) => set('partyName', v)}
            />
          ) : null}
          <FieldRow
            id="ct-number"
            label={t('caseFile.numberUsed')}
            value={draft.numberUsed}
            onChange={(v) => set('numberUsed', v)}
            type="tel"
          />
          <EnumFieldRow
            id="ct-result"
            label={t('caseFile.result')}
            enumName="contactResult"
            value={draft.result}
            onChange={(v) => set('result', v)}
          />
          <FieldRow
            id="ct-told"
            label={t('caseFile.toldFamily')}
            value={draft.toldFamily}
            onChange={(v) => set('toldFamily', v)}
            rows={2}
            wide
          />
          <FieldRow
            id="ct-notes"
            label={t('caseFile.contactNotes')}
            value={draft.notes}
            onChange={(v) => set('notes', v)}
            rows={2}
            wide
          />
          <FieldRow
            id="ct-promise"
            label={t('caseFile.nextPromise')}
            value={draft.nextPromise}
            onChange={(v) => setDraft((d) => ({ ...d, nextPromise: v, promiseTouched: true }))}
            type="datetime-local"
            hint={t('caseFile.cadenceHint', { urgency: t(enumKey('urgency', record.urgency)) })}
          />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('caseFile.logContact')}
          </button>
          {notice}
        </div>
      </form>
      {newestFirst.length === 0 ? <p className="empty">{t('caseFile.noContacts')}</p> : null}
      <ol className="timeline" aria-label={t('caseFile.contactLog')}>
        {newestFirst.map((c) => (
          <li key={c.id} className="timeline__item" data-testid="contact-entry">
            <div className="timeline__head">
              <strong>{formatDateTime(c.at, language)}</strong>
              <span>
                {t(enumKey('contactDirection', c.direction))} · {t(enumKey('channel', c.channel))} ·{' '}
                {c.partyName}
                {c.numberUsed ? ` · ${c.numberUsed}` : ''}
              </span>
              <span className={`tag tag--result-${c.result}`}>{t(enumKey('contactResult', c.result))}</span>
            </div>
            {c.toldFamily ? <p>{t('caseFile.toldLine', { text: c.toldFamily })}</p> : null}
            {c.notes ? <p className="muted">{c.notes}</p> : null}
            {c.nextPromiseAt ? (
              <p className="timeline__promise">
                {t('caseFile.promiseLine', { when: formatDateTime(c.nextPromiseAt, language) })}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </Section>
  );
}

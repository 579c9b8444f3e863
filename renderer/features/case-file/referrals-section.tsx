import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultReplyDue } from '../../../shared/domain/follow-up';
import type { ReferralRecord } from '../../../shared/domain/events';
import type { LocalCase } from '../../db/database';
import { getRepository } from '../../db/instance';
import { enumKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { useUiStore } from '../../stores/ui-store';
import { fromLocalInput, toLocalInput } from './datetime';
import { EnumFieldRow, FieldRow } from './field-row';
import { Section } from './section';
import { useSaver } from './use-saver';

interface Draft {
  kind: ReferralRecord['kind'];
  target: ReferralRecord['target'];
  recipient: string;
  letterNumber: string;
  subject: string;
  sentAt: string;
  replyDue: string;
  stage: ReferralRecord['stage'];
}

function emptyDraft(urgency: LocalCase['urgency']): Draft {
  const now = new Date(Date.now()).toISOString();
  return {
    kind: 'letter',
    target: 'mission',
    recipient: '',
    letterNumber: '',
    subject: '',
    sentAt: toLocalInput(now),
    replyDue: toLocalInput(defaultReplyDue(now, urgency)),
    stage: 'none',
  };
}

/** Referrals and formal letters with their reply deadline (7 days; 48 hours when urgent), stage and reply. */
export function ReferralsSection({ record, referrals }: { record: LocalCase; referrals: ReferralRecord[] }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const [draft, setDraft] = useState(() => emptyDraft(record.urgency));
  const [replies, setReplies] = useState<Record<string, string>>({});
  const { run, fail, notice } = useSaver();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const onSent = (value: string) =>
    setDraft((d) => {
      const iso = fromLocalInput(value);
      return {
        ...d,
        sentAt: value,
        replyDue: iso ? toLocalInput(defaultReplyDue(iso, record.urgency)) : d.replyDue,
      };
    });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (draft.recipient.trim() === '') return fail(t('caseFile.recipientRequired'));
    const sentAt = fromLocalInput(draft.sentAt);
    const ok = await run(
      () =>
        getRepository().createRecord('referrals', {
          caseId: record.id,
          kind: draft.kind,
          target: draft.target,
          recipient: draft.recipient.trim(),
          letterNumber: draft.letterNumber.trim() || null,
          subject: draft.subject.trim(),
          sentAt,
          replyDueAt: fromLocalInput(draft.replyDue),
          stage: draft.stage,
          status: sentAt ? 'sent' : 'draft',
          officeId: record.officeId,
        }),
      t('caseFile.referralSaved'),
    );
    if (ok) setDraft(emptyDraft(record.urgency));
  };
  const recordReply = (ref: ReferralRecord) =>
    void run(
      () =>
        getRepository().updateRecord('referrals', ref.id, {
          reply: replies[ref.id] ?? '',
          status: 'replied',
          repliedAt: new Date(Date.now()).toISOString(),
        }),
      t('caseFile.replySaved'),
    );
  const now = Date.now();
  return (
    <Section id="case-referrals" title={t('caseFile.referrals')} wide>
      <form
        className="form form--compact"
        onSubmit={(e) => void onSubmit(e)}
        aria-label={t('caseFile.newReferral')}
      >
        <div className="form__grid">
          <EnumFieldRow
            id="rf-kind"
            label={t('caseFile.referralKind')}
            enumName="referralKind"
            value={draft.kind}
            onChange={(v) => set('kind', v)}
          />
          <EnumFieldRow
            id="rf-target"
            label={t('caseFile.referralTarget')}
            enumName="referralTarget"
            value={draft.target}
            onChange={(v) => set('target', v)}
          />
          <FieldRow
            id="rf-recipient"
            label={t('caseFile.recipient')}
            value={draft.recipient}
            onChange={(v) => set('recipient', v)}
          />
          <FieldRow
            id="rf-number"
            label={t('caseFile.letterNumber')}
            value={draft.letterNumber}
            onChange={(v) => set('letterNumber', v)}
          />
          <FieldRow
            id="rf-subject"
            label={t('caseFile.subject')}
            value={draft.subject}
            onChange={(v) => set('subject', v)}
            wide
          />
          <FieldRow
            id="rf-sent"
            label={t('caseFile.sentAt')}
            value={draft.sentAt}
            onChange={onSent}
            type="datetime-local"
          />
          <FieldRow
            id="rf-due"
            label={t('caseFile.replyDue')}
            value={draft.replyDue}
            onChange={(v) => set('replyDue', v)}
            type="datetime-local"
          />
          <EnumFieldRow
            id="rf-stage"
            label={t('caseFile.stage')}
            enumName="referralStage"
            value={draft.stage}
            onChange={(v) => set('stage', v)}
          />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('caseFile.addReferral')}
          </button>
          {notice}
        </div>
      </form>
      {referrals.length === 0 ? <p className="empty">{t('caseFile.noReferrals')}</p> : null}
      <ul className="referral-list">
        {referrals.map((ref) => {
          const late = ref.status === 'sent' && ref.replyDueAt !== null && Date.parse(ref.replyDueAt) < now;
          return (
            <li key={ref.id} className={`referral${late ? ' referral--late' : ''}`}>
              <div className="referral__head">
                <strong>{ref.recipient}</strong>
                <span className="muted">
                  {t(enumKey('referralKind', ref.kind))} · {t(enumKey('referralTarget', ref.target))}
                  {ref.letterNumber ? ` · ${ref.letterNumber}` : ''}
                  {ref.stage !== 'none' ? ` · ${t(enumKey('referralStage', ref.stage))}` : ''}
                </span>
                <span className={`tag ${late ? 'tag--danger' : ''}`}>
                  {late ? t('caseFile.replyLate') : t(enumKey('referralStatus', ref.status))}
                </span>
              </div>
              {ref.subject ? <p>{ref.subject}</p> : null}
              <p className="muted">
                {t('caseFile.sentLine', {
                  sent: formatDateTime(ref.sentAt, language) || '—',
                  due: formatDateTime(ref.replyDueAt, language) || '—',
                })}
              </p>
              {ref.status === 'replied' ? (
                <p className="referral__reply">
                  {t('caseFile.replyLine', {
                    when: formatDateTime(ref.repliedAt, language),
                    text: ref.reply,
                  })}
                </p>
              ) : (
                <div className="inline-form">
                  <label htmlFor={`rf-reply-${ref.id}`} className="visually-hidden">
                    {t('caseFile.reply')}
                  </label>
                  <input
                    id={`rf-reply-${ref.id}`}
                    type="text"
                    placeholder={t('caseFile.reply')}
                    value={replies[ref.id] ?? ''}
                    onChange={(e) => setReplies((r) => ({ ...r, [ref.id]: e.target.value }))}
                  />
                  <button type="button" className="button" onClick={() => recordReply(ref)}>
                    {t('caseFile.recordReply')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

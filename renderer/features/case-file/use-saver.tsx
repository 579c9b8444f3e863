import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { jsonEqual } from '../../../shared/sync/paths';
import { stripLocal } from '../../db/database';

export type SaveMessage = { kind: 'success' | 'error' | 'info'; text: string } | null;

/** The polite live region every case-file form ends with (saved / nothing changed / failed). */
export function InlineNotice({ message }: { message: SaveMessage }) {
  return (
    <span
      role="status"
      aria-live="polite"
      className={message ? `inline-notice inline-notice--${message.kind}` : undefined}
    >
      {message?.text}
    </span>
  );
}

/**
 * One message per form: `run` performs a save and reports success or the
 * error (never throws), `fail` shows an error found before saving.
 */
export function useSaver() {
  const { t } = useTranslation();
  const [message, setMessage] = useState<SaveMessage>(null);
  const failed = (error: unknown) =>
    setMessage({
      kind: 'error',
      text: t('caseView.saveFailed', { message: error instanceof Error ? error.message : String(error) }),
    });
  const run = async (work: () => Promise<unknown>, success: string): Promise<boolean> => {
    try {
      await work();
      setMessage({ kind: 'success', text: success });
      return true;
    } catch (error) {
      failed(error);
      return false;
    }
  };
  const fail = (text: string) => setMessage({ kind: 'error', text });
  /** After an update: "saved", or "nothing changed" when the record is the same as before. */
  const saved = (before: object, after: object) =>
    setMessage(
      jsonEqual(stripLocal(after), stripLocal(before))
        ? { kind: 'info', text: t('caseView.noChanges') }
        : { kind: 'success', text: t('caseView.savedChanges') },
    );
  return { message, setMessage, run, fail, failed, saved, notice: <InlineNotice message={message} /> };
}

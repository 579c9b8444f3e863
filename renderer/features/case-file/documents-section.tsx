import { useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES } from '../../../shared/domain/enums';
import type { DocumentType } from '../../../shared/domain/enums';
import type { DocumentRecord } from '../../../shared/domain/events';
import { enumKey } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { getPlatform } from '../../platform/get-platform';
import { toBase64 } from '../../lib/base64';
import { useUiStore } from '../../stores/ui-store';
import { useRepository } from '../sync/sync-context';
import { Section } from './section';
import { useSaver } from './use-saver';

const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** The document checklist: status per item, a locally kept file, and more items to request. */
export function DocumentsSection({ caseId, documents }: { caseId: string; documents: DocumentRecord[] }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const { run, fail, notice } = useSaver();
  const [toRequest, setToRequest] = useState<DocumentType | ''>('');
  const present = new Set(documents.map((d) => d.type));
  const missing = DOCUMENT_TYPES.filter((type) => !present.has(type));
  const repository = useRepository();
  const onFile = (doc: DocumentRecord) => (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      fail(t('caseFile.fileTooLarge'));
      return;
    }
    void run(
      async () => {
        const bytes = new Uint8Array(await file.arrayBuffer());
        await repository.attachDocumentFile(doc.id, {
          name: file.name,
          mimeType: file.type || 'application/octet-stream',
          bytes,
        });
      },
      t('caseFile.fileAttached', { name: file.name }),
    );
  };
  // Decrypted only now, on the operator's request, and handed to the host's save dialog.
  const openFile = (doc: DocumentRecord) =>
    void run(
      async () => {
        const file = await repository.documentFile(doc.id);
        if (!file) throw new Error(t('caseFile.fileUnreadable'));
        await getPlatform().saveFile({
          suggestedName: file.name || 'document',
          mimeType: file.mimeType.slice(0, 100),
          data: toBase64(file.bytes),
          encoding: 'base64',
        });
      },
      t('caseFile.fileOpened', { name: doc.fileName ?? '' }),
    );
  const sorted = [...documents].sort(
    (a, b) => DOCUMENT_TYPES.indexOf(a.type) - DOCUMENT_TYPES.indexOf(b.type),
  );
  return (
    <Section id="case-documents" title={t('caseView.sectionDocuments')} wide>
      {sorted.length === 0 ? <p className="empty">{t('caseView.noDocuments')}</p> : null}
      {sorted.length > 0 ? (
        <table className="simple-table doc-table">
          <thead>
            <tr>
              <th scope="col">{t('caseFile.document')}</th>
              <th scope="col">{t('caseView.status')}</th>
              <th scope="col">{t('caseFile.file')}</th>
              <th scope="col">{t('caseFile.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((doc) => {
              const label = t(enumKey('documentType', doc.type));
              return (
                <tr key={doc.id} data-testid={`doc-${doc.type}`}>
                  <th scope="row">{label}</th>
                  <td>
                    <select
                      aria-label={t('caseFile.statusOf', { doc: label })}
                      className={`doc-status doc-status--${doc.status}`}
                      value={doc.status}
                      onChange={(event) =>
                        void run(
                          () =>
                            repository.setDocumentStatus(
                              doc.id,
                              event.target.value as DocumentRecord['status'],
                            ),
                          t('caseFile.documentUpdated', { doc: label }),
                        )
                      }
                    >
                      {DOCUMENT_STATUSES.map((status) => (
                        <option key={status} value={status}>
                          {t(enumKey('documentStatus', status))}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {doc.fileName ? (
                      <span className="file-chip" title={doc.fileSha256 ?? ''}>
                        {doc.fileName} · {formatNumber(Math.ceil((doc.fileSize ?? 0) / 1024), language)} KB
                      </span>
                    ) : null}
                    {doc.fileName ? (
                      <button
                        type="button"
                        className="link-button"
                        aria-label={t('caseFile.openFileOf', { doc: label })}
                        onClick={() => openFile(doc)}
                      >
                        {t('caseFile.openFile')}
                      </button>
                    ) : null}
                    <label className="file-button">
                      <input
                        type="file"
                        className="file-button__input"
                        aria-label={t('caseFile.attachTo', { doc: label })}
                        onChange={onFile(doc)}
                      />
                      <span aria-hidden="true">
                        {doc.fileName ? t('caseFile.replaceFile') : t('caseFile.attachFile')}
                      </span>
                    </label>
                  </td>
                  <td className="muted">
                    {formatDateTime(doc.verifiedAt ?? doc.receivedAt ?? doc.requestedAt, language)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <div className="inline-form">
        <label htmlFor="doc-request">{t('caseFile.requestMore')}</label>
        <select
          id="doc-request"
          value={toRequest}
          onChange={(e) => setToRequest(e.target.value as DocumentType | '')}
        >
          <option value="">{t('caseForm.selectPlaceholder')}</option>
          {missing.map((type) => (
            <option key={type} value={type}>
              {t(enumKey('documentType', type))}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          disabled={toRequest === ''}
          onClick={() => {
            if (toRequest === '') return;
            void run(() => repository.requestDocuments(caseId, [toRequest]), t('caseFile.requested'));
            setToRequest('');
          }}
        >
          {t('caseFile.request')}
        </button>
        {notice}
      </div>
      <p className="field__hint">{t('caseFile.filesLocalNote')}</p>
    </Section>
  );
}

import { useState } from 'react';
import type { ChangeEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES } from '../../../shared/domain/enums';
import type { DocumentType } from '../../../shared/domain/enums';
import type { DocumentRecord } from '../../../shared/domain/events';
import { enumKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { useUiStore } from '../../stores/ui-store';
import { useRepository, useSync } from '../sync/sync-context';
import { DocumentFileCell } from './document-file-cell';
import { useFileStrings } from './i18n-files';
import { Section } from './section';
import { useSaver } from './use-saver';

const MAX_FILE_BYTES = 25 * 1024 * 1024;

/**
 * The document checklist: status per item, its file (kept encrypted here, sent to the server,
 * downloaded on demand: issue 16), more items to request, and the case kept offline.
 */
export function DocumentsSection({ caseId, documents }: { caseId: string; documents: DocumentRecord[] }) {
  useFileStrings();
  const { t } = useTranslation();
  const { files } = useSync();
  const language = useUiStore((state) => state.language);
  const { run, fail, notice } = useSaver();
  const [toRequest, setToRequest] = useState<DocumentType | ''>('');
  const present = new Set(documents.map((d) => d.type));
  const missing = DOCUMENT_TYPES.filter((type) => !present.has(type));
  const repository = useRepository();
  const states = useLiveQuery(() => repository.caseFileStates(caseId), [repository, caseId]);
  const toggleOffline = () => {
    const pin = !states?.pinned;
    void run(
      async () => {
        await repository.setCaseOffline(caseId, pin);
        if (!pin || !files) return;
        const failed = await files.prefetch(documents);
        if (failed > 0) throw new Error(t('files.offlineFailed', { count: failed }));
      },
      pin
        ? t('files.offlineDone', { count: documents.filter((d) => d.storedFile || d.fileSha256).length })
        : t('files.offlineOff'),
    );
  };
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
                    <DocumentFileCell
                      doc={doc}
                      label={label}
                      states={states}
                      onFile={onFile(doc)}
                      run={run}
                    />
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
      <div className="inline-form">
        <button
          type="button"
          className="button"
          aria-pressed={states?.pinned ?? false}
          data-testid="case-offline"
          onClick={toggleOffline}
        >
          {states?.pinned ? t('files.offlineOff') : t('files.makeOffline')}
        </button>
        {states?.pinned ? <span className="muted">{t('files.offlineOn')}</span> : null}
      </div>
      <p className="field__hint">{t('files.localNote')}</p>
    </Section>
  );
}

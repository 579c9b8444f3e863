// The file column of one checklist item (issue 16): what the file is (on this device only,
// uploading n%, stored on the server, failed or refused with the reason), open with a download
// progress bar, an image preview, retry and discard, and the earlier versions the server keeps.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentRecord } from '../../../shared/domain/events';
import type { OpenedDocumentFile } from '../../db/repository-types';
import type { CaseFileStates } from '../../db/upload-queue';
import { sha256Hex } from '../../files/downloader';
import type { DownloadState, FileVersion } from '../../files/file-sync';
import { formatDateTime } from '../../i18n/format';
import { toBase64 } from '../../lib/base64';
import { getPlatform } from '../../platform/get-platform';
import { useUiStore } from '../../stores/ui-store';
import { useRepository, useSync } from '../sync/sync-context';
import { fileState, type FileState } from './document-file-state';
import { formatBytes, useFileStrings } from './i18n-files';

const PREVIEW_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const NO_DOWNLOADS: ReadonlyMap<string, DownloadState> = new Map();

function StateLine({ state }: { state: FileState }) {
  const { t } = useTranslation();
  const text = (() => {
    switch (state.kind) {
      case 'none':
        return null;
      case 'waiting_record':
        return t('files.waitingRecord');
      case 'local':
        return t('files.localOnly');
      case 'uploading':
        return t('files.uploading', { percent: state.percent });
      case 'failed':
        return t('files.failed', { reason: state.reason });
      case 'refused':
        return t('files.refused', { reason: state.reason });
      case 'stored':
        return state.local ? t('files.storedHere') : t('files.stored');
      case 'elsewhere':
        return t('files.elsewhere');
    }
  })();
  if (!text) return null;
  return (
    <span className={`file-state file-state--${state.kind}`} data-testid="file-state" data-state={state.kind}>
      {text}
      {state.kind === 'uploading' ? <progress value={state.percent} max={100} /> : null}
    </span>
  );
}

export function DocumentFileCell(props: {
  doc: DocumentRecord;
  label: string;
  states: CaseFileStates | undefined;
  onFile: (event: ChangeEvent<HTMLInputElement>) => void;
  run: (work: () => Promise<unknown>, success: string) => Promise<boolean>;
}) {
  useFileStrings();
  const { doc, label, states, onFile, run } = props;
  const { t } = useTranslation();
  const language = useUiStore((s) => s.language);
  const repository = useRepository();
  const { files } = useSync();
  const downloads = useSyncExternalStore(
    files?.subscribe ?? (() => () => undefined),
    files?.downloadStates ?? (() => NO_DOWNLOADS),
  );
  const [preview, setPreview] = useState<{ url: string; name: string; sha256: string } | null>(null);
  const [versions, setVersions] = useState<FileVersion[] | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview.url) : undefined), [preview]);
  const state = fileState(doc, states);
  const download = downloads.get(doc.id);
  const name = doc.fileName ?? doc.storedFile?.name ?? null;

  // Decrypted (or downloaded) only now, on the operator's request.
  const open = () =>
    void run(
      async () => {
        const file: OpenedDocumentFile | undefined = files
          ? await files.open(doc)
          : await repository.documentFile(doc.id);
        if (!file) throw new Error(t('caseFile.fileUnreadable'));
        if (PREVIEW_TYPES.has(file.mimeType)) {
          const url = URL.createObjectURL(new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }));
          // The hash of the bytes shown (not of the record): what a check of the preview compares.
          setPreview({ url, name: file.name, sha256: await sha256Hex(file.bytes) });
          return;
        }
        await getPlatform().saveFile({
          suggestedName: file.name || 'document',
          mimeType: file.mimeType.slice(0, 100),
          data: toBase64(file.bytes),
          encoding: 'base64',
        });
      },
      t('caseFile.fileOpened', { name: name ?? '' }),
    );

  const showVersions = () =>
    void run(async () => {
      if (!files) return;
      const [list, known] = await Promise.all([files.versions(doc.id), repository.knownUserNames()]);
      setNames(known);
      setVersions(list);
    }, t('files.versions'));

  const percent = download?.total ? Math.floor((100 * download.received) / download.total) : 0;
  return (
    <div className="doc-file" data-testid={`doc-file-${doc.type}`}>
      {name ? (
        <span className="file-chip" title={doc.fileSha256 ?? doc.storedFile?.sha256 ?? ''}>
          {name} · {formatBytes(doc.fileSize ?? doc.storedFile?.size ?? 0, language)}
        </span>
      ) : null}
      <StateLine state={state} />
      {name && state.kind !== 'elsewhere' ? (
        <button
          type="button"
          className="link-button"
          aria-label={t('caseFile.openFileOf', { doc: label })}
          onClick={open}
        >
          {t('caseFile.openFile')}
        </button>
      ) : null}
      {state.kind === 'failed' || state.kind === 'refused' ? (
        <button
          type="button"
          className="link-button"
          aria-label={t('files.retryOf', { doc: label })}
          onClick={() =>
            void run(async () => {
              await repository.retryDocumentUpload(doc.id);
              files?.uploader.retryNow();
            }, t('files.retry'))
          }
        >
          {t('files.retry')}
        </button>
      ) : null}
      {state.kind === 'refused' ||
      state.kind === 'failed' ||
      state.kind === 'local' ||
      state.kind === 'waiting_record' ? (
        <button
          type="button"
          className="link-button"
          aria-label={t('files.discardOf', { doc: label })}
          onClick={() => {
            if (!window.confirm(t('files.confirmDiscard'))) return;
            files?.uploader.abort(doc.id);
            void run(() => repository.discardDocumentFile(doc.id), t('files.discarded'));
          }}
        >
          {t('files.discard')}
        </button>
      ) : null}
      <label className="file-button">
        <input
          type="file"
          className="file-button__input"
          aria-label={t('caseFile.attachTo', { doc: label })}
          onChange={onFile}
        />
        <span aria-hidden="true">{name ? t('caseFile.replaceFile') : t('caseFile.attachFile')}</span>
      </label>
      {download && !download.error ? (
        <span className="file-download" data-testid="file-download">
          <progress value={download.received} max={download.total ?? undefined} />
          {t('files.downloading', { percent })}
        </span>
      ) : null}
      {download?.error ? (
        <span className="file-state file-state--failed" role="alert">
          {t('files.downloadFailed', { reason: download.error.message })}
        </span>
      ) : null}
      {(doc.storedFile?.version ?? 0) > 1 && files ? (
        <button type="button" className="link-button" onClick={showVersions}>
          {t('files.versions')}
        </button>
      ) : null}
      {versions ? (
        <ol className="file-versions" data-testid="file-versions">
          {versions.map((v) => (
            <li key={v.version}>
              {t('files.version', {
                version: v.version,
                name: v.name,
                who: names.get(v.storedBy) ?? v.storedBy,
                when: formatDateTime(v.storedAt, language),
              })}
            </li>
          ))}
        </ol>
      ) : null}
      {preview ? (
        <figure className="file-preview">
          <img
            src={preview.url}
            alt={t('files.preview', { name: preview.name })}
            data-testid="file-preview"
            data-sha256={preview.sha256}
          />
          <button type="button" className="link-button" onClick={() => setPreview(null)}>
            {t('files.closePreview')}
          </button>
        </figure>
      ) : null}
    </div>
  );
}

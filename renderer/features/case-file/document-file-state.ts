// What a checklist item's file is, from this device's tables and the synced record (issue 16):
// pure, so the table row, the tests and the e2e agree on one rule.
import type { DocumentRecord } from '../../../shared/domain/events';
import type { CaseFileStates } from '../../db/upload-queue';

export type FileState =
  | { kind: 'none' }
  | { kind: 'waiting_record' }
  | { kind: 'local' }
  | { kind: 'uploading'; percent: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'stored'; local: boolean }
  | { kind: 'elsewhere' };

export function fileState(doc: DocumentRecord, states: CaseFileStates | undefined): FileState {
  const sha = doc.fileSha256 ?? doc.storedFile?.sha256 ?? null;
  if (!sha) return { kind: 'none' };
  const upload = states?.uploads.get(doc.id);
  const local = states?.local.get(doc.id);
  if (upload && upload.sha256 === sha) {
    if (upload.state === 'refused') return { kind: 'refused', reason: upload.error?.message ?? '' };
    if (upload.state === 'uploading')
      return { kind: 'uploading', percent: upload.size ? Math.floor((100 * upload.sent) / upload.size) : 0 };
    if (upload.error) return { kind: 'failed', reason: upload.error.message };
    return doc.rev > 0 ? { kind: 'local' } : { kind: 'waiting_record' };
  }
  const hasLocal = local?.sha256 === sha;
  // Between the upload's end and the pull that brings storedFile, the item says "on this device".
  if (doc.storedFile?.sha256 === sha) return { kind: 'stored', local: hasLocal };
  if (hasLocal) return { kind: 'local' };
  return { kind: 'elsewhere' };
}

/** Data-attribute value for tests and styling: one word per state. */
export function fileStateWord(state: FileState): string {
  return state.kind;
}

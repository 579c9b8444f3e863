// What a checklist item says about its file (renderer/features/case-file/document-file-state.ts):
// one rule for the table, the e2e and the status bar (issue 16).
import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../shared/domain/events';
import type { CaseFileStates } from '../../../renderer/db/upload-queue';
import { uploadRowFor } from '../../../renderer/db/upload-queue';
import { fileState } from '../../../renderer/features/case-file/document-file-state';

const SHA = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const doc = (over: Partial<DocumentRecord> = {}) =>
  ({ id: 'd1', caseId: 'c1', rev: 1, fileSha256: SHA, storedFile: null, ...over }) as DocumentRecord;
const stored = {
  sha256: SHA,
  size: 10,
  name: 'p.png',
  type: 'png',
  storedBy: 'u1',
  storedAt: '2026-12-01T00:00:00Z',
  version: 1,
};
const upload = (over = {}) => ({
  ...uploadRowFor(
    { documentId: 'd1', caseId: 'c1', sha256: SHA, size: 200, name: 'p.png', mimeType: 'image/png' },
    'now',
  ),
  ...over,
});
const states = (u?: ReturnType<typeof upload>, localSha?: string): CaseFileStates => ({
  uploads: new Map(u ? [['d1', u]] : []),
  local: new Map(localSha ? [['d1', { sha256: localSha }]] : []),
  pinned: false,
});

describe('fileState', () => {
  it('names every state of an item', () => {
    expect(fileState(doc({ fileSha256: null }), states())).toEqual({ kind: 'none' });
    expect(fileState(doc({ rev: 0 }), states(upload(), SHA))).toEqual({ kind: 'waiting_record' });
    expect(fileState(doc(), states(upload(), SHA))).toEqual({ kind: 'local' });
    expect(fileState(doc(), states(upload({ state: 'uploading', sent: 50 }), SHA))).toEqual({
      kind: 'uploading',
      percent: 25,
    });
    expect(fileState(doc(), states(upload({ error: { code: 'network', message: 'offline' } }), SHA))).toEqual(
      { kind: 'failed', reason: 'offline' },
    );
    expect(
      fileState(
        doc(),
        states(upload({ state: 'refused', error: { code: 'file_type_not_allowed', message: 'type' } }), SHA),
      ),
    ).toEqual({ kind: 'refused', reason: 'type' });
    expect(fileState(doc({ storedFile: stored }), states(undefined, SHA))).toEqual({
      kind: 'stored',
      local: true,
    });
    expect(fileState(doc({ storedFile: stored }), states())).toEqual({ kind: 'stored', local: false });
    expect(fileState(doc(), states())).toEqual({ kind: 'elsewhere' });
  });

  it('a cached copy of an older version does not count as the current file', () => {
    expect(fileState(doc({ storedFile: stored }), states(undefined, OTHER))).toEqual({
      kind: 'stored',
      local: false,
    });
  });

  it('a queue row of a replaced file says nothing about the new one', () => {
    const replaced = doc({ fileSha256: OTHER });
    expect(fileState(replaced, states(upload({ state: 'refused' }), SHA))).toEqual({ kind: 'elsewhere' });
  });
});

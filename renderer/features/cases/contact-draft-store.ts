// A contact log entry waiting to be written: set when the operator attaches
// an incoming call to an existing case from the intake's duplicate check, read
// (once) by that case's contact log form to prefill it.
import { create } from 'zustand';
import type { ContactRecord } from '../../../shared/domain/events';

export interface ContactDraft {
  caseId: string;
  channel: ContactRecord['channel'];
  direction: ContactRecord['direction'];
  partyName: string;
  numberUsed: string;
  notes: string;
}

interface ContactDraftState {
  draft: ContactDraft | null;
  setDraft(draft: ContactDraft | null): void;
  /** The draft for this case, removed from the store (it prefills one form, once). */
  take(caseId: string): ContactDraft | null;
}

export const useContactDraftStore = create<ContactDraftState>((set, get) => ({
  draft: null,
  setDraft(draft) {
    set({ draft });
  },
  take(caseId) {
    const draft = get().draft;
    if (!draft || draft.caseId !== caseId) return null;
    set({ draft: null });
    return draft;
  },
}));

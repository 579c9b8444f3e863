// Contact log entries not yet written, one per case, so that nothing typed is
// lost: the contact log form writes what the operator types here as they type
// (react-hook-form watch -> setDraft) and starts from it when it mounts again
// (after leaving the case file and coming back). The intake's duplicate check
// puts one here too when the operator attaches an incoming call to an existing
// case. A draft goes when its entry is saved. Memory only: a draft holds what a
// family said on the phone, and is not written to disk unencrypted; and it is
// its author's: another operator signing in on this console does not see it.
import { create } from 'zustand';
import type { ContactRecord } from '../../../shared/domain/events';

/** The contact form's fields as typed (date-times as "YYYY-MM-DDTHH:mm" local). */
export interface ContactDraftValues {
  at: string;
  direction: ContactRecord['direction'];
  channel: ContactRecord['channel'];
  /** A reporter key of the case, or the form's "another party" option. */
  party: string;
  partyName: string;
  numberUsed: string;
  result: ContactRecord['result'];
  toldFamily: string;
  notes: string;
  nextPromise: string;
}

export interface ContactDraft {
  caseId: string;
  /** Who typed it (the signed-in actor). */
  actorId: string;
  /** Set by the intake's "attach this call": the form says the call was attached. */
  fromIntake?: boolean;
  /** The operator set the promise by hand: it no longer follows the contact time. */
  promiseTouched?: boolean;
  values: Partial<ContactDraftValues>;
}

interface ContactDraftState {
  drafts: Readonly<Record<string, ContactDraft>>;
  setDraft(draft: ContactDraft): void;
  /** The draft `actorId` left on this case; another actor's is dropped, not shown. */
  draftFor(caseId: string, actorId: string): ContactDraft | null;
  /** The entry was saved: its draft is done with. */
  clear(caseId: string): void;
}

export const useContactDraftStore = create<ContactDraftState>((set, get) => ({
  drafts: {},
  setDraft(draft) {
    set((state) => ({ drafts: { ...state.drafts, [draft.caseId]: draft } }));
  },
  draftFor(caseId, actorId) {
    const draft = get().drafts[caseId];
    if (!draft) return null;
    if (draft.actorId === actorId) return draft;
    get().clear(caseId);
    return null;
  },
  clear(caseId) {
    set((state) => {
      if (!(caseId in state.drafts)) return state;
      const { [caseId]: _done, ...rest } = state.drafts;
      return { drafts: rest };
    });
  },
}));

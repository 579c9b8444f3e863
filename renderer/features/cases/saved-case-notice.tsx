import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { useUiStore } from '../../stores/ui-store';

interface SavedCase {
  id: string;
  draftNumber: string;
}

/** The case the intake just saved; the shell shows its confirmation on that case's file. */
export const useSavedCaseStore = create<{ saved: SavedCase | null; set: (saved: SavedCase | null) => void }>(
  (set) => ({ saved: null, set: (saved) => set({ saved }) }),
);

/**
 * After Ctrl+S on a new case the operator lands on its case file (issue 17); this is the
 * confirmation there, at the top of the main area so it is on screen. It goes once the operator
 * leaves that case. "Open case" stays: from the file it reloads it with the server's number.
 */
export function SavedCaseNotice() {
  const { t } = useTranslation();
  const route = useUiStore((state) => state.route);
  const navigate = useUiStore((state) => state.navigate);
  const saved = useSavedCaseStore((state) => state.saved);
  const clear = useSavedCaseStore((state) => state.set);
  const here = saved !== null && route.name === 'case' && route.id === saved.id;
  useEffect(() => {
    if (saved && !here) clear(null);
  }, [saved, here, clear]);
  if (!here) return null;
  return (
    <div role="status" aria-live="polite" className="notice-area" data-testid="saved-case-notice">
      <p className="notice notice--success">
        {t('caseForm.saved', { number: saved.draftNumber })}{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => navigate({ name: 'case', id: saved.id })}
        >
          {t('caseForm.openSaved')}
        </button>
      </p>
    </div>
  );
}

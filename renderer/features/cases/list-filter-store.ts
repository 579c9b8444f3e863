// The case list's filters and sort, kept while the operator opens a case and
// comes back (UI state only; the data stays in Dexie).
import { create } from 'zustand';
import type { CaseFilter, CaseSortKey } from '../../db/repository';

export interface ListView {
  filter: Required<CaseFilter>;
  sortBy: CaseSortKey;
  descending: boolean;
}

export const EMPTY_FILTER: Required<CaseFilter> = {
  status: '',
  urgency: '',
  country: '',
  problemType: '',
  ownerId: '',
  overdue: false,
};

export function isFiltered(view: ListView): boolean {
  const f = view.filter;
  // Urgency sorts by rank, not by the code's spelling, so it takes the filtered path too.
  return (
    Boolean(f.status || f.urgency || f.country || f.problemType || f.ownerId || f.overdue) ||
    view.sortBy === 'urgency'
  );
}

interface ListViewState extends ListView {
  setFilter(patch: Partial<CaseFilter>): void;
  setSort(sortBy: CaseSortKey, descending: boolean): void;
  clear(): void;
}

export const useListViewStore = create<ListViewState>((set) => ({
  filter: EMPTY_FILTER,
  sortBy: 'receivedAt',
  descending: true,
  setFilter(patch) {
    set((state) => ({ filter: { ...state.filter, ...patch } }));
  },
  setSort(sortBy, descending) {
    set({ sortBy, descending });
  },
  clear() {
    set({ filter: EMPTY_FILTER, sortBy: 'receivedAt', descending: true });
  },
}));
